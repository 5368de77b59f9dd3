import { AnnotationJobErrorCode } from "./annotation-job-error-codes.js";

/** Inclusive frame ranges over a task of `size` frames, indexed 0..size-1. */

export interface FrameRange {
  start: number;
  stop: number;
}

export type FrameRangeResult =
  | { ok: true; range: FrameRange; explicit: boolean }
  | { ok: false; code: typeof AnnotationJobErrorCode.TaskEmpty | typeof AnnotationJobErrorCode.InvalidFrameRange; message: string };

/** Checks the requested range before the task is known (shape only). */
export function checkFrameRangeShape(range: FrameRange | null | undefined): FrameRangeResult | undefined {
  if (!range) return undefined;
  const { start, stop } = range;
  if (!Number.isInteger(start) || !Number.isInteger(stop) || start < 0 || stop < start) {
    const message = `frameRange must satisfy 0 <= start <= stop (got ${start}..${stop}).`;
    return { ok: false, code: AnnotationJobErrorCode.InvalidFrameRange, message };
  }
  return undefined;
}

/** The range a job covers: the requested one when it lies inside the task, else the whole task. */
export function resolveFrameRange(range: FrameRange | null | undefined, size: number): FrameRangeResult {
  if (size <= 0) {
    return { ok: false, code: AnnotationJobErrorCode.TaskEmpty, message: "The task has no frames: upload images before annotating." };
  }
  const shape = checkFrameRangeShape(range);
  if (shape) return shape;
  if (!range) return { ok: true, range: { start: 0, stop: size - 1 }, explicit: false };
  if (range.stop > size - 1) {
    return {
      ok: false,
      code: AnnotationJobErrorCode.InvalidFrameRange,
      message: `frameRange ${range.start}..${range.stop} is outside the task, whose frames are 0..${size - 1}.`,
    };
  }
  return { ok: true, range: { start: range.start, stop: range.stop }, explicit: true };
}
