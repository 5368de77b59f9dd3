/** An axis-aligned box in pixels: top-left and bottom-right corners. */
export type Box = readonly [x1: number, y1: number, x2: number, y2: number];

/** Intersection over union of two boxes; 0 when either is empty or they do not overlap. */
export function iou(a: Box, b: Box): number {
  const iw = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  if (iw <= 0) return 0;
  const ih = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter;
  return union > 0 ? inter / union : 0;
}
