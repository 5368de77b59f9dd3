export interface Diff {
  readonly maxAbsDiff: number;
  /** Largest |reference| value: the scale the difference is judged against. */
  readonly maxAbsRef: number;
  readonly count: number;
}

export type NumericArray = ArrayLike<number> | BigInt64Array;

/** Element-wise comparison; NaN on either side (or a length mismatch) yields an infinite difference. */
export function compareTensors(actual: NumericArray, reference: NumericArray): Diff {
  if (actual.length !== reference.length) return { maxAbsDiff: Infinity, maxAbsRef: NaN, count: reference.length };
  let maxAbsDiff = 0;
  let maxAbsRef = 0;
  for (let i = 0; i < reference.length; i++) {
    const r = Number(reference[i]);
    const d = Math.abs(Number(actual[i]) - r);
    if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
    if (Math.abs(r) > maxAbsRef) maxAbsRef = Math.abs(r);
  }
  return { maxAbsDiff, maxAbsRef, count: reference.length };
}

/** Absolute tolerance for small outputs, relative to the output's largest |value| above 1. */
export function withinTolerance(diff: Diff, tolerance: number): boolean {
  return diff.maxAbsDiff <= tolerance * Math.max(1, diff.maxAbsRef);
}
