import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertMatchesTfjs, f32 } from "../testing/op-parity.js";
import { uniformFloats } from "../testing/seeded-random.js";
import { TfGraphFixture, tfAttr } from "../testing/tf-graph.fixture.js";

describe("shape, reduction and matmul ops", () => {
  it("Reshape, ExpandDims, Squeeze, Transpose, Pack, Unpack, ConcatV2, Pad, PadV2 match TF.js", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [2, 3, 4]);
    const y = g.placeholder("y", [2, 3, 4]);
    const int = (name: string, v: number[], shape = [v.length]) => g.const(name, shape, v, "int32");
    const outputs = [
      g.op("reshape", "Reshape", [x, int("shape", [4, -1])]),
      g.op("expand", "ExpandDims", [x, int("dim", [-1], [])]),
      g.op("squeeze", "Squeeze", [g.op("e1", "ExpandDims", [x, int("dim1", [1], [])])], { squeeze_dims: tfAttr.ints([1]) }),
      g.op("transpose", "Transpose", [x, int("perm", [2, 0, 1])]),
      g.op("pack0", "Pack", [x, y], { axis: tfAttr.i(0), N: tfAttr.i(2) }),
      g.op("pack_last", "Pack", [x, y, x], { axis: tfAttr.i(-1), N: tfAttr.i(3) }),
      "unpack",
      "unpack:1",
      "unpack:2",
      g.op("concat", "ConcatV2", [x, y, int("axis", [-1], [])], { N: tfAttr.i(2) }),
      g.op("pad", "Pad", [x, int("pads", [0, 0, 1, 2, 2, 0], [3, 2])]),
      g.op("padv2", "PadV2", [x, int("pads2", [1, 0, 0, 1, 0, 0], [3, 2]), g.const("pv", [], [-5])]),
    ];
    g.op("unpack", "Unpack", [x], { num: tfAttr.i(3), axis: tfAttr.i(1) });
    const feeds = { x: f32([2, 3, 4], uniformFloats(31, 24, -1, 1)), y: f32([2, 3, 4], uniformFloats(32, 24, -1, 1)) };
    await assertMatchesTfjs(g.source(), feeds, outputs, 0);
  });

  it("Mean/Sum/Max with and without keep_dims, Softmax, ArgMax (int32) and TopKV2 (values + int32 indices)", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [2, 5, 6]);
    const axes = g.const("axes", [2], [1, 2], "int32");
    const outputs = [
      g.op("mean", "Mean", [x, axes], { keep_dims: tfAttr.b(false) }),
      g.op("mean_keep", "Mean", [x, axes], { keep_dims: tfAttr.b(true) }),
      g.op("sum", "Sum", [x, g.const("axis1", [], [1], "int32")], { keep_dims: tfAttr.b(false) }),
      g.op("max", "Max", [x, g.const("axis_last", [1], [-1], "int32")], { keep_dims: tfAttr.b(true) }),
      g.op("softmax", "Softmax", [x]),
      g.op("argmax", "ArgMax", [x, g.const("dimension", [], [2], "int32")], { output_type: tfAttr.type("DT_INT32") }),
      "topk",
      "topk:1",
    ];
    g.op("topk", "TopKV2", [x, g.const("k", [], [4], "int32")], { sorted: tfAttr.b(true) });
    const out = await assertMatchesTfjs(g.source(), { x: f32([2, 5, 6], uniformFloats(41, 60, -3, 3)) }, outputs, 1e-6);
    assert.ok(out.argmax.data instanceof Int32Array);
    assert.ok(out["topk:1"].data instanceof Int32Array, "TopK indices are cast back to int32");
  });

  it("MatMul and _FusedMatMul (transpose_b, BiasAdd + Relu) become Gemm and match TF.js", async () => {
    const g = new TfGraphFixture();
    const a = g.placeholder("a", [3, 5]);
    const w = g.const("w", [5, 4], uniformFloats(51, 20, -1, 1));
    const wt = g.const("wt", [4, 5], uniformFloats(52, 20, -1, 1));
    const bias = g.const("bias", [4], [0.1, -0.2, 0.3, -0.4]);
    const outputs = [
      g.op("matmul", "MatMul", [a, w], { transpose_a: tfAttr.b(false), transpose_b: tfAttr.b(false) }),
      g.op("fused", "_FusedMatMul", [a, wt, bias], {
        transpose_a: tfAttr.b(false),
        transpose_b: tfAttr.b(true),
        fused_ops: tfAttr.strings(["BiasAdd", "Relu"]),
        num_args: tfAttr.i(1),
      }),
      g.op("fused_bias", "_FusedMatMul", [a, w, bias], { fused_ops: tfAttr.strings(["BiasAdd"]), num_args: tfAttr.i(1) }),
    ];
    await assertMatchesTfjs(g.source(), { a: f32([3, 5], uniformFloats(53, 15, -2, 2)) }, outputs, 1e-5);
  });

  it("the remaining table entries match TF.js (ArgMin, Min, Prod, LogSoftmax, logic, Shape, Gather, BatchMatMulV2, Prelu, pass-throughs)", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [2, 3, 4]);
    const y = g.placeholder("y", [2, 4, 5]);
    const axis = g.const("axis", [], [1], "int32");
    const positive = g.op("positive", "Greater", [x, g.const("zero", [], [0])]);
    const small = g.op("small", "Less", [x, g.const("half", [], [0.5])]);
    const outputs = [
      g.op("argmin", "ArgMin", [x, axis], { output_type: tfAttr.type("DT_INT32") }),
      g.op("min", "Min", [x, axis], { keep_dims: tfAttr.b(false) }),
      g.op("prod", "Prod", [x, axis], { keep_dims: tfAttr.b(true) }),
      g.op("logsoftmax", "LogSoftmax", [x]),
      g.op("and", "LogicalAnd", [positive, small]),
      g.op("or", "LogicalOr", [positive, small]),
      g.op("not", "LogicalNot", [positive]),
      g.op("shape", "Shape", [x], { out_type: tfAttr.type("DT_INT32") }),
      g.op("gather", "Gather", [x, g.const("rows", [3], [1, 0, 1], "int32")]),
      g.op("bmm", "BatchMatMulV2", [x, y], { adj_x: tfAttr.b(false), adj_y: tfAttr.b(false) }),
      g.op("prelu", "Prelu", [x, g.const("alpha", [4], [0.1, 0.2, 0.3, 0.4])]),
      g.op("stop", "StopGradient", [g.op("snap", "Snapshot", [x])]),
    ];
    const feeds = { x: f32([2, 3, 4], uniformFloats(61, 24, -1, 1)), y: f32([2, 4, 5], uniformFloats(62, 40, -1, 1)) };
    await assertMatchesTfjs(g.source(), feeds, outputs, 1e-6);
  });

  it("GatherNd after ArgMax/Pack, as movenet decodes keypoints (int32 index arithmetic)", async () => {
    const g = new TfGraphFixture();
    const heat = g.placeholder("heat", [1, 16]);
    const regress = g.placeholder("regress", [4, 4, 2]);
    const idx = g.op("argmax", "ArgMax", [heat, g.const("d", [], [1], "int32")], { output_type: tfAttr.type("DT_INT32") });
    const four = g.const("four", [], [4], "int32");
    const row = g.op("row", "FloorDiv", [idx, four]);
    const col = g.op("col", "Sub", [idx, g.op("rowx4", "Mul", [row, four])]);
    g.op("picked", "GatherNd", [regress, g.op("stack", "Pack", [row, col], { axis: tfAttr.i(1), N: tfAttr.i(2) })]);
    const heatValues = new Array(16).fill(0);
    heatValues[9] = 1; // row 2, col 1
    const regressValues = Array.from({ length: 32 }, (_, i) => i);
    const out = await assertMatchesTfjs(
      g.source(),
      { heat: f32([1, 16], heatValues), regress: f32([4, 4, 2], regressValues) },
      ["picked"],
      0,
    );
    assert.deepEqual([...out.picked.data], [18, 19]);
  });
});
