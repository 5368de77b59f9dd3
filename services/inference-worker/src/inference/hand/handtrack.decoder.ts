import type { Box } from "../detection-model.js";
import { clipBox } from "../geometry/box-geometry.js";
import { nonMaxSuppression } from "../geometry/nms.js";

export const HANDTRACK_INPUT_SIZE = 320;
/** SSD anchors of the cut handtrack graph. */
export const HANDTRACK_ANCHORS = 12804;
/** Score columns, in output order. */
export const HANDTRACK_CLASSES = ["hand", "fist", "pinch", "point", "face", "tip", "pinchtip"] as const;
const FACE_CLASS = HANDTRACK_CLASSES.indexOf("face");
/** human's hand IoU threshold. */
export const HANDTRACK_NMS_IOU = 0.2;

export interface HandCandidate {
  readonly score: number;
  /** Frame pixels, clipped. */
  readonly box: Box;
}

/**
 * Hands from the cut handtrack outputs: per anchor the best score over every class but `face`
 * (hand, fist, pinch, point, tip, pinchtip are all hand poses), boxes [y1, x1, y2, x2] normalised
 * to the stretched input, hence to the frame; anchors scoring at least `threshold`, then NMS.
 */
export function decodeHandtrack(
  scores: Float32Array,
  boxes: Float32Array,
  frameWidth: number,
  frameHeight: number,
  threshold: number,
): HandCandidate[] {
  const classes = HANDTRACK_CLASSES.length;
  const candidates: HandCandidate[] = [];
  const anchors = scores.length / classes;
  for (let a = 0; a < anchors; a++) {
    let best = -Infinity;
    for (let k = 0; k < classes; k++) {
      if (k !== FACE_CLASS && scores[a * classes + k] > best) best = scores[a * classes + k];
    }
    if (!(best >= threshold) || best <= 0) continue;
    const o = a * 4;
    const box = clipBox(
      [boxes[o + 1] * frameWidth, boxes[o] * frameHeight, boxes[o + 3] * frameWidth, boxes[o + 2] * frameHeight],
      frameWidth,
      frameHeight,
    );
    if (box[2] - box[0] < 1 || box[3] - box[1] < 1) continue;
    candidates.push({ score: Math.min(1, best), box });
  }
  return nonMaxSuppression(candidates, { iouThreshold: HANDTRACK_NMS_IOU, scoreThreshold: threshold }).map((i) => candidates[i]);
}
