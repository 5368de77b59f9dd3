/**
 * Confidence threshold: a detection below it is dropped by the worker.
 * Valid values are in (0, 1]. 0, negatives, values above 1, NaN and infinities are errors, never
 * "unset": only an omitted (or null) threshold falls back to the model's default.
 */

export type ThresholdResult = { ok: true; value: number; source: "input" | "model-default" } | { ok: false; message: string };

export function isValidThreshold(value: number): boolean {
  return Number.isFinite(value) && value > 0 && value <= 1;
}

export function resolveThreshold(input: number | null | undefined, modelDefault: number): ThresholdResult {
  if (input !== null && input !== undefined) {
    if (typeof input !== "number" || !isValidThreshold(input)) {
      return { ok: false, message: `threshold must be greater than 0 and at most 1 (got ${String(input)}).` };
    }
    return { ok: true, value: input, source: "input" };
  }
  // Descriptors carry a float32: 0.3 arrives as 0.30000001192092896. Seven significant digits is all a float32 holds.
  const fallback = Number(Math.fround(modelDefault).toPrecision(7));
  if (!isValidThreshold(fallback)) {
    return {
      ok: false,
      message: `threshold was omitted and the model has no valid default threshold (got ${String(modelDefault)}); pass one in (0, 1].`,
    };
  }
  return { ok: true, value: fallback, source: "model-default" };
}
