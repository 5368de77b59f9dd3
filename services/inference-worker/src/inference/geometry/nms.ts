import type { Box } from "../detection-model.js";
import { iou } from "./box-geometry.js";

export interface NmsCandidate {
  readonly box: Box;
  readonly score: number;
}

export interface NmsOptions {
  /** A candidate overlapping a kept one by more than this IoU is suppressed. */
  readonly iouThreshold: number;
  /** Candidates scoring below this are ignored (kept candidates score ≥ it). */
  readonly scoreThreshold: number;
  /** At most this many are kept; Infinity by default. */
  readonly maxOutput?: number;
}

/**
 * Greedy non-maximum suppression as tf.image.nonMaxSuppression does it: highest score first, keep a
 * candidate unless it overlaps an already kept one by more than the IoU threshold. Returns the kept
 * candidates' indices, best first. Ties keep input order (stable sort), so results are deterministic.
 */
export function nonMaxSuppression(candidates: readonly NmsCandidate[], options: NmsOptions): number[] {
  const maxOutput = options.maxOutput ?? Infinity;
  const order = candidates
    .map((c, i) => i)
    .filter((i) => candidates[i].score >= options.scoreThreshold)
    .sort((a, b) => candidates[b].score - candidates[a].score);
  const kept: number[] = [];
  for (const i of order) {
    if (kept.length >= maxOutput) break;
    const box = candidates[i].box;
    if (kept.every((k) => iou(candidates[k].box, box) <= options.iouThreshold)) kept.push(i);
  }
  return kept;
}

/** NMS within each class separately (a person and the bicycle it rides overlap and both stay). Best first overall. */
export function perClassNonMaxSuppression<T extends NmsCandidate & { readonly classId: number }>(
  candidates: readonly T[],
  options: NmsOptions,
): T[] {
  const byClass = new Map<number, T[]>();
  for (const c of candidates) {
    const group = byClass.get(c.classId);
    if (group) group.push(c);
    else byClass.set(c.classId, [c]);
  }
  const kept: T[] = [];
  for (const group of byClass.values()) {
    for (const i of nonMaxSuppression(group, { ...options, maxOutput: undefined })) kept.push(group[i]);
  }
  kept.sort((a, b) => b.score - a.score);
  return options.maxOutput === undefined ? kept : kept.slice(0, options.maxOutput);
}
