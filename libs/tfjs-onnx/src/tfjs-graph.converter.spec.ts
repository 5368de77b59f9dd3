import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DataType, encodeOnnxModel, floatToHalf, halfToFloat } from "@prelabel/onnx-writer";
import { convertTfjsGraph } from "./tfjs-graph.converter.js";
import { TfjsOnnxError, TfjsOnnxErrorCode, UnsupportedOpError } from "./tfjs-onnx.errors.js";
import { f32 } from "./testing/op-parity.js";
import { runOnnx } from "./testing/onnx.runner.js";
import { uniformFloats } from "./testing/seeded-random.js";
import { TfGraphFixture, tfAttr } from "./testing/tf-graph.fixture.js";

const isUnsupported = (op: string, node: string) => (e: unknown) =>
  e instanceof UnsupportedOpError &&
  e.code === TfjsOnnxErrorCode.UnsupportedOp &&
  e.op === op &&
  e.node === node &&
  e.message.includes(op) &&
  e.message.includes(node);

/** x [-1, 4] → relu → scale (×2, a half-precision weight) → out; plus an unreachable branch with an unknown op. */
function smallGraph() {
  const g = new TfGraphFixture();
  const x = g.placeholder("x", [-1, 4]);
  const relu = g.op("relu", "Relu", [x]);
  const scale = g.const("scale", [4], [2, 0.5, -1, 0.1], "float32", { half: true });
  g.op("scaled", "Mul", [relu, scale]);
  g.op("out", "Identity", ["scaled", "^relu"]);
  g.op("unused", "Erfinv", [x]);
  return g;
}

describe("convertTfjsGraph", () => {
  it("names an unknown op and its node in a typed error", () => {
    assert.throws(() => convertTfjsGraph(smallGraph().source(), { outputs: ["unused"] }), isUnsupported("Erfinv", "unused"));
  });

  it("refuses unsupported attribute values of supported ops instead of guessing", () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [1, 4, 4, 2]);
    const k = g.const("k", [1, 1, 2, 2], [1, 0, 0, 1]);
    const b = g.const("b", [2], [0, 0]);
    const base = { strides: tfAttr.ints([1, 1, 1, 1]), padding: tfAttr.s("SAME"), num_args: tfAttr.i(1) };
    g.op("bn_conv", "_FusedConv2D", [x, k, b], { ...base, fused_ops: tfAttr.strings(["FusedBatchNorm"]) });
    g.op("nchw_conv", "Conv2D", [x, k], { ...base, data_format: tfAttr.s("NCHW") });
    g.op("batched_gather", "GatherV2", [x, g.const("i", [1], [0], "int32"), g.const("a", [], [1], "int32")], { batch_dims: tfAttr.i(1) });
    g.op("dynamic_filter", "Conv2D", [x, x], base);
    for (const [node, op] of [
      ["bn_conv", "_FusedConv2D"],
      ["nchw_conv", "Conv2D"],
      ["batched_gather", "GatherV2"],
      ["dynamic_filter", "Conv2D"],
    ] as const) {
      assert.throws(() => convertTfjsGraph(g.source(), { outputs: [node] }), isUnsupported(op, node));
    }
  });

  it("prunes what the outputs do not need (control inputs ignored), keeps TF names and makes a -1 batch dim_param N", async () => {
    const { model, inputs, outputs } = convertTfjsGraph(smallGraph().source(), { outputs: ["out"] });
    assert.deepEqual(inputs, [{ name: "x", elemType: DataType.FLOAT, shape: ["N", 4] }]);
    assert.deepEqual(outputs, [{ name: "out", elemType: DataType.FLOAT }]);
    assert.ok(!model.graph.nodes.some((n) => n.opType === "Erfinv"));
    const bytes = encodeOnnxModel(model);
    for (const batch of [1, 3]) {
      const x = uniformFloats(batch, batch * 4, -1, 1);
      const out = await runOnnx(bytes, { x: f32([batch, 4], x) });
      assert.deepEqual(out.out.dims, [batch, 4]);
      // The scale was stored as float16, so 0.1 is really halfToFloat(floatToHalf(0.1)).
      const scale = [2, 0.5, -1, 0.1].map((v) => halfToFloat(floatToHalf(v)));
      assert.deepEqual(
        [...out.out.data],
        [...x].map((v, i) => Math.fround(Math.max(v, 0) * scale[i % 4])),
      );
    }
  });

  it("outputs come from an explicit list, else the signature, else the unconsumed nodes", () => {
    const g = smallGraph();
    assert.deepEqual(
      convertTfjsGraph(g.source(), { outputs: ["scaled:0"] }).outputs.map((o) => o.name),
      ["scaled"],
    );
    assert.throws(() => convertTfjsGraph(g.source()), isUnsupported("Erfinv", "unused")); // unconsumed: out and unused
    g.signatureOutputs(["out"]);
    assert.deepEqual(
      convertTfjsGraph(g.source()).outputs.map((o) => o.name),
      ["out"],
    );
    assert.throws(
      () => convertTfjsGraph(g.source(), { outputs: ["nope"] }),
      (e: unknown) => e instanceof TfjsOnnxError && e.code === TfjsOnnxErrorCode.UnknownNode && e.message.includes("nope"),
    );
  });

  it("a cut input replaces an internal node (and everything before it) by a graph input", async () => {
    const g = new TfGraphFixture();
    const raw = g.placeholder("raw", [1, -1, -1, 3], "DT_UINT8");
    g.op("preprocessed", "Erfinv", [raw]); // stands in for preprocessing that cannot be converted
    g.op("doubled", "AddV2", ["preprocessed", "preprocessed"]);
    const { inputs, model } = convertTfjsGraph(g.source(), {
      outputs: ["doubled"],
      cutInputs: [{ name: "preprocessed", shape: [-1, 2, 2, 3] }],
    });
    assert.deepEqual(inputs, [{ name: "preprocessed", elemType: DataType.FLOAT, shape: ["N", 2, 2, 3] }]);
    const out = await runOnnx(encodeOnnxModel(model), { preprocessed: f32([2, 2, 2, 3], new Array(24).fill(1.25)) });
    assert.deepEqual([...out.doubled.data], new Array(24).fill(2.5));
    assert.throws(
      () => convertTfjsGraph(g.source(), { outputs: ["doubled"], cutInputs: [{ name: "missing", shape: [1] }] }),
      (e: unknown) => e instanceof TfjsOnnxError && e.code === TfjsOnnxErrorCode.UnknownNode,
    );
  });

  it("detects TF control-flow loops instead of recursing forever", () => {
    const g = new TfGraphFixture();
    g.placeholder("x", [1]);
    g.op("merge", "Merge", ["x", "next"]);
    g.op("next", "NextIteration", ["merge"]);
    assert.throws(
      () => convertTfjsGraph(g.source(), { outputs: ["next"] }),
      (e: unknown) => e instanceof UnsupportedOpError && /loop/.test(e.message),
    );
  });

  it("fp16 storage: FLOAT16 initializer + Cast for half-precision weights only, same outputs, deterministic bytes", async () => {
    const g = smallGraph();
    const f32Model = convertTfjsGraph(g.source(), { outputs: ["out"] }).model;
    const f16Model = convertTfjsGraph(g.source(), { outputs: ["out"], fp16Storage: true }).model;
    assert.deepEqual(
      f32Model.graph.initializers.map((t) => t.dataType),
      [DataType.FLOAT],
    );
    assert.deepEqual(
      f16Model.graph.initializers.map((t) => t.dataType),
      [DataType.FLOAT16],
    );
    assert.ok(f16Model.graph.nodes.some((n) => n.opType === "Cast"));
    const feeds = { x: f32([2, 4], uniformFloats(9, 8, -1, 1)) };
    const [a, b] = await Promise.all([runOnnx(encodeOnnxModel(f32Model), feeds), runOnnx(encodeOnnxModel(f16Model), feeds)]);
    assert.deepEqual(a.out.data, b.out.data);
    const again = encodeOnnxModel(convertTfjsGraph(g.source(), { outputs: ["out"], fp16Storage: true }).model);
    assert.deepEqual(again, encodeOnnxModel(f16Model));
  });

  it("an output that is a constant or a pass-through still carries its TF name", async () => {
    const g = new TfGraphFixture();
    g.placeholder("x", [2]);
    g.const("c", [2], [3, 4]);
    g.op("same", "Identity", ["x"]);
    const { model } = convertTfjsGraph(g.source(), { outputs: ["c", "same"] });
    const out = await runOnnx(encodeOnnxModel(model), { x: f32([2], [1, 2]) });
    assert.deepEqual([...out.c.data], [3, 4]);
    assert.deepEqual([...out.same.data], [1, 2]);
  });
});
