import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { assertMatchesTfjs, convertAndRun, f32, i32 } from "../testing/op-parity.js";
import { uniformFloats } from "../testing/seeded-random.js";
import { TfGraphFixture, tfAttr } from "../testing/tf-graph.fixture.js";

describe("elementwise ops", () => {
  it("integer FloorDiv/FloorMod floor for every sign combination (hand-computed)", async () => {
    const g = new TfGraphFixture();
    const a = g.placeholder("a", [8], "DT_INT32");
    const b = g.placeholder("b", [8], "DT_INT32");
    g.op("div", "FloorDiv", [a, b], { T: tfAttr.type("DT_INT32") });
    g.op("mod", "FloorMod", [a, b], { T: tfAttr.type("DT_INT32") });
    const feeds = { a: i32([8], [7, -7, 7, -7, 6, -6, 0, 1]), b: i32([8], [3, 3, -3, -3, 3, 3, 5, 80]) };
    const out = await convertAndRun(g.source(), feeds, { outputs: ["div", "mod"] });
    assert.deepEqual([...out.div.data], [2, -3, -3, 2, 2, -2, 0, 0]);
    assert.deepEqual([...out.mod.data], [1, 2, -2, -1, 0, 0, 0, 1]);
    assert.ok(out.div.data instanceof Int32Array, "stays int32");
  });

  it("float FloorDiv/FloorMod: result takes the divisor's sign (hand-computed)", async () => {
    const g = new TfGraphFixture();
    const a = g.placeholder("a", [6]);
    const b = g.placeholder("b", [6]);
    g.op("div", "FloorDiv", [a, b]);
    g.op("mod", "FloorMod", [a, b]);
    const feeds = { a: f32([6], [7.5, -7.5, 7.5, -7.5, 6, -6]), b: f32([6], [2, 2, -2, -2, 3, 3]) };
    const out = await convertAndRun(g.source(), feeds, { outputs: ["div", "mod"] });
    assert.deepEqual([...out.div.data], [3, -4, -4, 3, 2, -2]);
    // TF computes fmod first, so -6 mod 3 is -0 there too.
    assert.deepEqual([...out.mod.data], [1.5, 0.5, -0.5, -1.5, 0, -0]);
  });

  it("binary, comparison and unary ops match TF.js", async () => {
    const g = new TfGraphFixture();
    const a = g.placeholder("a", [2, 3, 4]);
    const b = g.placeholder("b", [4]); // broadcasts
    const p = g.placeholder("p", [2, 3, 4]); // positive, for Log/Sqrt/Rsqrt/Pow
    const outputs: string[] = [];
    for (const op of [
      "Add",
      "AddV2",
      "Sub",
      "Mul",
      "RealDiv",
      "Minimum",
      "Maximum",
      "SquaredDifference",
      "Equal",
      "NotEqual",
      "Less",
      "LessEqual",
      "Greater",
      "GreaterEqual",
    ]) {
      outputs.push(g.op(op, op, [a, b], { T: tfAttr.type("DT_FLOAT") }));
    }
    outputs.push(g.op("BiasAdd", "BiasAdd", [a, b], { data_format: tfAttr.s("NHWC") }));
    outputs.push(g.op("Pow", "Pow", [p, b]));
    for (const op of ["Exp", "Neg", "Abs", "Floor", "Ceil", "Square", "Tanh", "Sigmoid", "Relu", "Relu6", "Elu", "Softplus", "Reciprocal"])
      outputs.push(g.op(op, op, [a]));
    for (const op of ["Log", "Sqrt", "Rsqrt"]) outputs.push(g.op(op, op, [p]));
    outputs.push(g.op("LeakyRelu", "LeakyRelu", [a], { alpha: tfAttr.f(0.15) }));
    outputs.push(g.op("SelectV2", "SelectV2", [g.op("gt", "Greater", [a, b]), a, p]));
    const feeds = {
      a: f32([2, 3, 4], uniformFloats(11, 24, -8, 8)),
      b: f32([4], [0.5, -1.5, 2, 7]),
      p: f32([2, 3, 4], uniformFloats(12, 24, 0.1, 4)),
    };
    await assertMatchesTfjs(g.source(), feeds, outputs, 1e-5);
  });

  it("Cast truncates float → int toward zero and maps bool → float; int32 arithmetic stays int32", async () => {
    const g = new TfGraphFixture();
    const x = g.placeholder("x", [5]);
    const n = g.placeholder("n", [5], "DT_INT32");
    g.op("to_int", "Cast", [x], { SrcT: tfAttr.type("DT_FLOAT"), DstT: tfAttr.type("DT_INT32") });
    g.op("flag", "Cast", [g.op("gt", "Greater", [x, g.const("zero", [], [0])])], {
      SrcT: tfAttr.type("DT_BOOL"),
      DstT: tfAttr.type("DT_FLOAT"),
    });
    g.op("int_math", "Mul", [g.op("isum", "AddV2", [n, g.const("seven", [], [7], "int32")]), n], { T: tfAttr.type("DT_INT32") });
    g.op("int_min", "Minimum", [n, g.const("two", [], [2], "int32")], { T: tfAttr.type("DT_INT32") });
    const feeds = { x: f32([5], [-2.7, -0.5, 0, 0.5, 2.7]), n: i32([5], [-3, -1, 0, 1, 3]) };
    const out = await assertMatchesTfjs(g.source(), feeds, ["to_int", "flag", "int_math", "int_min"], 0);
    assert.deepEqual([...out.to_int.data], [-2, 0, 0, 0, 2]);
    assert.deepEqual([...out.flag.data], [0, 0, 0, 1, 1]);
    assert.deepEqual([...out.int_math.data], [-12, -6, 0, 8, 30]);
  });
});
