import type { Candidate } from "./onnx-detector.types.js";

/**
 * Greedy non-maximum suppression per class: best first, a box is dropped when it overlaps a kept box of the
 * same class by IoU > `iou`. Returns the kept candidates, best first (ties keep input order).
 */
export function classWiseNms(candidates: readonly Candidate[], iou: number): Candidate[] {
  const order = candidates.map((c, i) => ({ c, i })).sort((a, b) => b.c.score - a.c.score || a.i - b.i);
  const keptByClass = new Map<number, Candidate[]>();
  const kept: Candidate[] = [];
  for (const { c } of order) {
    const same = keptByClass.get(c.classIndex) ?? [];
    if (same.some((k) => intersectionOverUnion(k, c) > iou)) continue;
    same.push(c);
    keptByClass.set(c.classIndex, same);
    kept.push(c);
  }
  return kept;
}

export function intersectionOverUnion(a: Candidate, b: Candidate): number {
  const w = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1);
  const h = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = (a.x2 - a.x1) * (a.y2 - a.y1) + (b.x2 - b.x1) * (b.y2 - b.y1) - inter;
  return union > 0 ? inter / union : 0;
}
