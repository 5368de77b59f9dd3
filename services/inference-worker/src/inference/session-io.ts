import { ModelError, ModelErrorCode } from "./inference.errors.js";
import type { ModelSession, Tensor } from "./model-session.js";

/**
 * Fails a load whose session lacks the tensor names the pipeline feeds and reads, naming what it has:
 * a converter change that renames a node shows up at load time, not as a failed frame.
 */
export function assertSessionIo(
  session: Pick<ModelSession, "inputNames" | "outputNames">,
  artifact: string,
  expected: { readonly inputs: readonly string[]; readonly outputs: readonly string[] },
): void {
  const missingIn = expected.inputs.filter((n) => !session.inputNames.includes(n));
  const missingOut = expected.outputs.filter((n) => !session.outputNames.includes(n));
  if (missingIn.length || missingOut.length) {
    throw new Error(
      `artifact ${artifact} lacks ${[...missingIn.map((n) => `input ${n}`), ...missingOut.map((n) => `output ${n}`)].join(", ")}; ` +
        `it has inputs [${session.inputNames.join(", ")}] and outputs [${session.outputNames.join(", ")}]`,
    );
  }
}

/**
 * The float32 output `name` with exactly `dims`, or MODEL_OUTPUT_INVALID. Every decoder indexes
 * flat arrays by these dims, so a mismatch must stop here rather than read garbage.
 */
export function requireFloatOutput(outputs: Readonly<Record<string, Tensor>>, name: string, dims: readonly number[]): Float32Array {
  const t = outputs[name];
  const size = dims.reduce((a, b) => a * b, 1);
  if (!t || t.type !== "float32" || t.dims.length !== dims.length || t.dims.some((d, i) => d !== dims[i]) || t.data.length !== size) {
    throw new ModelError(
      ModelErrorCode.MODEL_OUTPUT_INVALID,
      `expected ${name} float32 [${dims.join(",")}], got ${t ? `${t.type} [${t.dims.join(",")}]` : "nothing"}`,
    );
  }
  return t.data;
}
