// The three similarities COCOeval matches by, each as pycocotools computes it (maskApi.c's bbIou and rleIou,
// cocoeval.py's computeOks), crowd semantics included.
import type { EvalKeypoint } from "./evaluation.types.js";
import { maskIntersection, type PixelMask } from "./polygon-mask.js";

/** COCO's 17 person keypoint sigmas (pycocotools' kpt_oks_sigmas), nose first. */
export const COCO_KEYPOINT_SIGMAS: readonly number[] = Object.freeze(
  [0.26, 0.25, 0.25, 0.35, 0.35, 0.79, 0.79, 0.72, 0.72, 0.62, 0.62, 1.07, 1.07, 0.87, 0.87, 0.89, 0.89].map((s) => s / 10),
);

type Box = readonly [number, number, number, number];

/**
 * IoU of a detection and a ground-truth box (x1, y1, x2, y2). Against a crowd region the union is the detection's own
 * area: a detection wholly inside a crowd scores 1 however large the crowd.
 */
export function boxIou(detection: Box, truth: Box, crowd: boolean): number {
  // In pycocotools' x, y, w, h arithmetic so that a tie with an IoU threshold falls the same way.
  const [dx, dy, dw, dh] = [detection[0], detection[1], detection[2] - detection[0], detection[3] - detection[1]];
  const [gx, gy, gw, gh] = [truth[0], truth[1], truth[2] - truth[0], truth[3] - truth[1]];
  const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (w <= 0) return 0;
  const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (h <= 0) return 0;
  const inter = w * h;
  const detectionArea = dw * dh;
  return inter / (crowd ? detectionArea : detectionArea + gw * gh - inter);
}

/** Mask IoU in pixels; against a crowd region, intersection over the detection's pixels. */
export function maskIou(detection: PixelMask, detectionArea: number, truth: PixelMask, truthArea: number, crowd: boolean): number {
  const inter = maskIntersection(detection, truth);
  if (inter === 0) return 0;
  return inter / (crowd ? detectionArea : detectionArea + truthArea - inter);
}

export interface OksTruth {
  keypoints: readonly EvalKeypoint[];
  box: Box;
  area: number;
}

const EPSILON = 2.220446049250313e-16; // np.spacing(1)

/**
 * Object keypoint similarity (pycocotools' computeOks): mean over the truth's visible keypoints of
 * exp(−d² / (2 · area · (2σ)²)). A truth without a visible keypoint (only ever matched as an ignored one) measures each
 * detected point's distance to the truth's box doubled in size (1 box-width/height around it) and averages over all.
 */
export function oks(detection: readonly EvalKeypoint[], truth: OksTruth, sigmas: readonly number[]): number {
  const visibleCount = truth.keypoints.filter((k) => k.visible).length;
  const [bx, by, bw, bh] = [truth.box[0], truth.box[1], truth.box[2] - truth.box[0], truth.box[3] - truth.box[1]];
  const x0 = bx - bw;
  const x1 = bx + bw * 2;
  const y0 = by - bh;
  const y1 = by + bh * 2;
  let sum = 0;
  let count = 0;
  for (let i = 0; i < sigmas.length; i++) {
    const g = truth.keypoints[i];
    const d = detection[i];
    if (visibleCount > 0 && !g.visible) continue;
    let dx: number;
    let dy: number;
    if (visibleCount > 0) {
      dx = d.x - g.x;
      dy = d.y - g.y;
    } else {
      dx = Math.max(0, x0 - d.x) + Math.max(0, d.x - x1);
      dy = Math.max(0, y0 - d.y) + Math.max(0, d.y - y1);
    }
    const variance = (sigmas[i] * 2) ** 2;
    const e = (dx ** 2 + dy ** 2) / variance / (truth.area + EPSILON) / 2;
    sum += Math.exp(-e);
    count++;
  }
  return sum / count;
}
