import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { float32ToFloat16Bits } from "@prelabel/onnx-writer";
import { TfjsOnnxError, TfjsOnnxErrorCode } from "./tfjs-onnx.errors.js";
import { decodeWeights } from "./weights.decoder.js";

const bytes = (...parts: ArrayBufferView[]) =>
  new Uint8Array(Buffer.concat(parts.map((p) => new Uint8Array(p.buffer, p.byteOffset, p.byteLength))));

describe("decodeWeights", () => {
  it("reads raw float32/int32/bool, float16 and affine uint8 weights in order, at unaligned offsets", () => {
    const data = bytes(
      Uint8Array.of(1, 0, 1), // bool [3]: leaves the next weight at an odd offset
      Float32Array.of(1.5, -2),
      float32ToFloat16Bits([0.5, -0.25, 1000]),
      Uint8Array.of(0, 1, 255),
      Int32Array.of(-7, 9),
      Uint8Array.of(0, 4),
    );
    const w = decodeWeights(
      [
        { name: "b", shape: [3], dtype: "bool" },
        { name: "f", shape: [2], dtype: "float32" },
        { name: "h", shape: [3], dtype: "float32", quantization: { dtype: "float16", original_dtype: "float32" } },
        { name: "q", shape: [3], dtype: "float32", quantization: { dtype: "uint8", min: -1, scale: 0.5, original_dtype: "float32" } },
        { name: "i", shape: [2], dtype: "int32" },
        { name: "qi", shape: [2], dtype: "int32", quantization: { dtype: "uint8", min: 0.4, scale: 0.7, original_dtype: "int32" } },
      ],
      data,
    );
    assert.deepEqual([...w.get("b")!.values], [1, 0, 1]);
    assert.deepEqual([...w.get("f")!.values], [1.5, -2]);
    assert.deepEqual([...w.get("h")!.values], [0.5, -0.25, 1000]);
    assert.equal(w.get("h")!.halfSource, true);
    assert.equal(w.get("f")!.halfSource, false);
    assert.deepEqual([...w.get("q")!.values], [-1, -0.5, 126.5]);
    assert.deepEqual([...w.get("i")!.values], [-7, 9]);
    assert.deepEqual([...w.get("qi")!.values], [0, 3]); // round(0·0.7 + 0.4), round(4·0.7 + 0.4)
  });

  it("refuses weights that do not fit the shards, and unknown dtypes", () => {
    const isInvalid = (e: unknown) => e instanceof TfjsOnnxError && e.code === TfjsOnnxErrorCode.InvalidModel;
    assert.throws(() => decodeWeights([{ name: "f", shape: [3], dtype: "float32" }], new Uint8Array(8)), isInvalid);
    assert.throws(() => decodeWeights([{ name: "f", shape: [1], dtype: "float32" }], new Uint8Array(8)), isInvalid);
    assert.throws(() => decodeWeights([{ name: "s", shape: [1], dtype: "string" }], new Uint8Array(8)), isInvalid);
  });
});
