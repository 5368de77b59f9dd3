import { ModelError, ModelErrorCode } from "../inference.errors.js";
import type { FloatTensor } from "./onnx-detector.types.js";

/**
 * Throws MODEL_OUTPUT_INVALID unless the tensor has `expected.length` dims and each fixed one (a number)
 * matches; a null entry accepts any size. The registry checked the declared shapes; this checks what ran.
 */
export function expectDims(what: string, tensor: FloatTensor, expected: readonly (number | null)[], described: string): void {
  const { dims } = tensor;
  const ok = dims.length === expected.length && expected.every((e, i) => e === null || dims[i] === e) && dims[0] !== 0;
  if (!ok) throw new ModelError(ModelErrorCode.MODEL_OUTPUT_INVALID, `${what} has shape [${dims.join(", ")}], expected ${described}`);
}
