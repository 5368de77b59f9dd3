import { float16BitsToFloat32 } from "@prelabel/onnx-writer";
import type { WeightSpec } from "./tfjs-model.types.js";
import { TfjsOnnxError, TfjsOnnxErrorCode } from "./tfjs-onnx.errors.js";

export type ConstDtype = "float32" | "int32" | "bool";

/** A constant's values after dequantisation, as TF.js itself would hold them. */
export interface ConstTensor {
  readonly dtype: ConstDtype;
  readonly shape: readonly number[];
  readonly values: Float32Array | Int32Array | Uint8Array;
  /** Stored as float16 in the source: every value is exactly representable as a half, so FLOAT16 storage is lossless. */
  readonly halfSource: boolean;
}

const plainBytes: Record<ConstDtype, number> = { float32: 4, int32: 4, bool: 1 };
const quantizedBytes = { float16: 2, uint8: 1, uint16: 2 } as const;

/**
 * Decodes the concatenated weight data, weight after weight in spec order, exactly as TF.js's `decodeWeights` does.
 * `only` limits decoding to the named weights (the others are still checked and skipped).
 */
export function decodeWeights(specs: readonly WeightSpec[], data: Uint8Array, only?: ReadonlySet<string>): Map<string, ConstTensor> {
  const out = new Map<string, ConstTensor>();
  let offset = 0;
  for (const spec of specs) {
    const dtype = spec.dtype as ConstDtype;
    if (!(dtype in plainBytes)) {
      throw new TfjsOnnxError(
        TfjsOnnxErrorCode.InvalidModel,
        `weight ${spec.name}: dtype ${spec.dtype} is not supported (float32, int32, bool)`,
      );
    }
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const q = spec.quantization;
    const bytesPer = q ? quantizedBytes[q.dtype] : plainBytes[dtype];
    if (bytesPer === undefined) {
      throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `weight ${spec.name}: quantization ${q?.dtype} is not supported`);
    }
    const end = offset + count * bytesPer;
    if (end > data.byteLength) {
      throw new TfjsOnnxError(
        TfjsOnnxErrorCode.InvalidModel,
        `weight ${spec.name} needs bytes ${offset}..${end}, the shards hold ${data.byteLength}`,
      );
    }
    if (!only || only.has(spec.name)) {
      const bytes = data.slice(offset, end); // a copy, so typed views start aligned
      out.set(spec.name, { dtype, shape: [...spec.shape], ...decodeOne(spec, dtype, bytes) });
    }
    offset = end;
  }
  if (offset !== data.byteLength) {
    throw new TfjsOnnxError(
      TfjsOnnxErrorCode.InvalidModel,
      `the weights manifest describes ${offset} bytes, the shards hold ${data.byteLength}`,
    );
  }
  return out;
}

function decodeOne(spec: WeightSpec, dtype: ConstDtype, bytes: Uint8Array): Pick<ConstTensor, "values" | "halfSource"> {
  const q = spec.quantization;
  if (!q) {
    const values = dtype === "float32" ? new Float32Array(bytes.buffer) : dtype === "int32" ? new Int32Array(bytes.buffer) : bytes;
    return { values, halfSource: false };
  }
  if (q.dtype === "float16") {
    if (dtype !== "float32")
      throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `weight ${spec.name}: float16 quantization of ${dtype}`);
    return { values: float16BitsToFloat32(new Uint16Array(bytes.buffer)), halfSource: true };
  }
  // Affine uint8/uint16: value = q * scale + min, computed in double and stored like TF.js does.
  const { min, scale } = q;
  if (typeof min !== "number" || typeof scale !== "number") {
    throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `weight ${spec.name}: ${q.dtype} quantization without min/scale`);
  }
  const quantized = q.dtype === "uint8" ? bytes : new Uint16Array(bytes.buffer);
  if (dtype === "int32") {
    const values = new Int32Array(quantized.length);
    for (let i = 0; i < quantized.length; i++) values[i] = Math.round(quantized[i] * scale + min);
    return { values, halfSource: false };
  }
  if (dtype === "float32") {
    const values = new Float32Array(quantized.length);
    for (let i = 0; i < quantized.length; i++) values[i] = quantized[i] * scale + min;
    return { values, halfSource: false };
  }
  throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `weight ${spec.name}: ${q.dtype} quantization of ${dtype}`);
}
