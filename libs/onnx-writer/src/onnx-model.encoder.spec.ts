import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import * as ort from "onnxruntime-node";
import { GraphBuilder, attr } from "./graph.builder.js";
import { encodeOnnxModel } from "./onnx-model.encoder.js";
import { DataType } from "./onnx-model.types.js";
import { OnnxWriterError, OnnxWriterErrorCode } from "./onnx-writer.errors.js";
import { float32ToFloat16Bits } from "./float16.codec.js";

async function run(builder: GraphBuilder, feeds: Record<string, ort.Tensor> = {}): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = await ort.InferenceSession.create(encodeOnnxModel(builder.toModel()), {
    graphOptimizationLevel: "all",
    intraOpNumThreads: 1,
  });
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

describe("encodeOnnxModel (run in onnxruntime-node)", () => {
  it("Add with a symbolic batch dimension", async () => {
    const g = new GraphBuilder("add");
    const a = g.addInput("a", DataType.FLOAT, ["N", 3]);
    const b = g.addInput("b", DataType.FLOAT, ["N", 3]);
    g.addOutput(g.addOp("Add", [a, b], undefined, { output: "sum" }), DataType.FLOAT, ["N", 3]);
    const out = await run(g, {
      a: new ort.Tensor("float32", Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]),
      b: new ort.Tensor("float32", Float32Array.from([10, 20, 30, 40, 50, 60]), [2, 3]),
    });
    assert.deepEqual(out.sum.dims, [2, 3]);
    assert.deepEqual([...(out.sum.data as Float32Array)], [11, 22, 33, 44, 55, 66]);
  });

  it("MatMul against a float initializer", async () => {
    const g = new GraphBuilder("matmul");
    const x = g.addInput("x", DataType.FLOAT, [1, 2]);
    const w = g.addFloat32("w", [2, 3], [1, 2, 3, 4, 5, 6]);
    g.addOutput(g.addOp("MatMul", [x, w], undefined, { output: "y" }), DataType.FLOAT, [1, 3]);
    const out = await run(g, { x: new ort.Tensor("float32", Float32Array.from([1, -1]), [1, 2]) });
    assert.deepEqual([...(out.y.data as Float32Array)], [1 - 4, 2 - 5, 3 - 6]);
  });

  it("a constant output of shape [1,25200,85] through Identity", async () => {
    const g = new GraphBuilder("constant");
    const values = Float32Array.from({ length: 25200 * 85 }, (_, i) => (i % 977) / 977);
    const c = g.addFloat32("c", [1, 25200, 85], values);
    g.addOutput(g.addOp("Identity", [c], undefined, { output: "out" }), DataType.FLOAT, [1, 25200, 85]);
    const out = await run(g);
    assert.deepEqual(out.out.dims, [1, 25200, 85]);
    assert.deepEqual(out.out.data, values);
  });

  it("Constant node with a tensor attribute, int attributes (Unsqueeze/Gather) and INT64 data", async () => {
    const g = new GraphBuilder("constant-node");
    const c = g.addOp("Constant", [], {
      value: attr.tensor({ name: "v", dataType: DataType.INT64, dims: [3], data: BigInt64Array.from([7n, 8n, 9n]) }),
    });
    const idx = g.addInt64("idx", [2, 0]);
    const gathered = g.addOp("Gather", [c, idx], { axis: attr.int(0) });
    g.addOutput(g.addOp("Unsqueeze", [gathered, g.addInt64("axes", [0])], undefined, { output: "out" }), DataType.INT64, [1, 2]);
    const out = await run(g);
    assert.deepEqual(out.out.dims, [1, 2]);
    assert.deepEqual([...(out.out.data as BigInt64Array)], [9n, 7n]);
  });

  it("FLOAT16 initializer + Cast to float, then a float attribute (LeakyRelu alpha)", async () => {
    const g = new GraphBuilder("half");
    const half = g.addInitializer("h", DataType.FLOAT16, [4], float32ToFloat16Bits([0.5, -2, 65504, 1 / 3]));
    const asFloat = g.addOp("Cast", [half], { to: attr.int(DataType.FLOAT) });
    g.addOutput(g.addOp("LeakyRelu", [asFloat], { alpha: attr.float(0.25) }, { output: "out" }), DataType.FLOAT, [4]);
    const out = await run(g);
    // 1/3 rounds to the nearest half: 0.333251953125
    assert.deepEqual([...(out.out.data as Float32Array)], [0.5, -0.5, 65504, 0.333251953125]);
  });

  it("BOOL, UINT8 and INT32 initializers (Where, Cast)", async () => {
    const g = new GraphBuilder("types");
    const cond = g.addInitializer("cond", DataType.BOOL, [3], Uint8Array.from([1, 0, 1]));
    const bytes = g.addOp("Cast", [g.addInitializer("u8", DataType.UINT8, [3], Uint8Array.from([1, 2, 255]))], {
      to: attr.int(DataType.INT32),
    });
    const ints = g.addInitializer("i32", DataType.INT32, [3], Int32Array.from([-1, -2, -3]));
    g.addOutput(g.addOp("Where", [cond, bytes, ints], undefined, { output: "out" }), DataType.INT32, [3]);
    const out = await run(g);
    assert.deepEqual([...(out.out.data as Int32Array)], [1, -2, 255]);
  });

  it("a graph attribute: a Loop whose body doubles a carried value, run as many times as an input says", async () => {
    const body = new GraphBuilder("double");
    body.addInput("i", DataType.INT64, []);
    const condIn = body.addInput("cond_in", DataType.BOOL, []);
    const x = body.addInput("x_in", DataType.FLOAT, []);
    body.addOutput(body.addOp("Identity", [condIn], undefined, { output: "cond_out" }), DataType.BOOL, []);
    body.addOutput(body.addOp("Add", [x, x], undefined, { output: "x_out" }), DataType.FLOAT, []);

    const g = new GraphBuilder("loop");
    const trips = g.addInput("trips", DataType.INT64, []);
    const start = g.addInput("start", DataType.FLOAT, []);
    const yes = g.addInitializer("yes", DataType.BOOL, [], Uint8Array.of(1));
    g.addOutput(g.addOp("Loop", [trips, yes, start], { body: attr.graph(body.build()) }, { output: "result" }), DataType.FLOAT, []);
    const out = await run(g, {
      trips: new ort.Tensor("int64", BigInt64Array.from([5n]), []),
      start: new ort.Tensor("float32", Float32Array.from([3]), []),
    });
    assert.equal((out.result.data as Float32Array)[0], 3 * 2 ** 5);
  });

  it("writes identical bytes for the same model, different bytes for a different one", () => {
    const build = (alpha: number) => {
      const g = new GraphBuilder("det");
      const x = g.addInput("x", DataType.FLOAT, [1, 4]);
      g.addOutput(g.addOp("LeakyRelu", [x], { alpha: attr.float(alpha) }), DataType.FLOAT, [1, 4]);
      return encodeOnnxModel(g.toModel());
    };
    const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
    assert.equal(sha(build(0.1)), sha(build(0.1)));
    assert.notEqual(sha(build(0.1)), sha(build(0.2)));
  });

  it("sorts attributes by name so insertion order does not change the bytes", () => {
    const build = (attributes: Record<string, ReturnType<typeof attr.int>>) => {
      const g = new GraphBuilder("order");
      const x = g.addInput("x", DataType.FLOAT, [1, 4]);
      g.addOutput(g.addOp("ArgMax", [x], attributes), DataType.INT64);
      return Buffer.from(encodeOnnxModel(g.toModel())).toString("hex");
    };
    assert.equal(build({ axis: attr.int(1), keepdims: attr.int(0) }), build({ keepdims: attr.int(0), axis: attr.int(1) }));
  });
});

describe("encodeOnnxModel rejects inconsistent tensors", () => {
  const modelWith = (tensor: Parameters<GraphBuilder["addInitializer"]>) => {
    const g = new GraphBuilder("bad");
    const t = g.addInitializer(...tensor);
    g.addOutput(g.addOp("Identity", [t]), tensor[1]);
    return g.toModel();
  };

  it("element count must match dims", () => {
    assert.throws(
      () => encodeOnnxModel(modelWith(["t", DataType.FLOAT, [2, 2], new Float32Array(3)])),
      (e: unknown) => e instanceof OnnxWriterError && e.code === OnnxWriterErrorCode.DataLengthMismatch && /\[2,2\]/.test(e.message),
    );
  });

  it("typed array must match the data type", () => {
    const bad = ["t", DataType.INT64, [2], new Int32Array(2)] as unknown as Parameters<GraphBuilder["addInitializer"]>;
    assert.throws(
      () => encodeOnnxModel(modelWith(bad)),
      (e: unknown) => e instanceof OnnxWriterError && e.code === OnnxWriterErrorCode.DataTypeMismatch,
    );
  });

  it("dims must be non-negative integers", () => {
    assert.throws(
      () => encodeOnnxModel(modelWith(["t", DataType.FLOAT, [-1], new Float32Array(0)])),
      (e: unknown) => e instanceof OnnxWriterError && e.code === OnnxWriterErrorCode.InvalidDimension,
    );
  });
});
