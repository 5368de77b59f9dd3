import type { Box, Keypoint } from "../detection-model.js";
import { COCO_KEYPOINTS } from "./coco-keypoints.js";

export const MOVENET_INPUT_SIZE = 192;

export interface KeypointVisibility {
  /** Below this score a keypoint is marked occluded (placed, but not seen). */
  readonly occludedBelow: number;
  /** Below this score a keypoint is marked outside (the model did not find it). */
  readonly outsideBelow: number;
}

/**
 * MoveNet's [1,1,17,3] (y, x, score) output, normalised to the square crop `window` it was fed, to
 * keypoints in frame pixels. `bounds` is where the person can be (the region left unblanked in the
 * crop, clipped to the frame): a point predicted beyond it is clamped onto its edge and marked
 * outside; low scores are marked per `visibility`.
 */
export function decodeMovenet(output: Float32Array, window: Box, bounds: Box, visibility: KeypointVisibility): Keypoint[] {
  const w = window[2] - window[0];
  const h = window[3] - window[1];
  return COCO_KEYPOINTS.map((label, k) => {
    const y = window[1] + output[k * 3] * h;
    const x = window[0] + output[k * 3 + 1] * w;
    const score = output[k * 3 + 2];
    const inBounds = x >= bounds[0] && x <= bounds[2] && y >= bounds[1] && y <= bounds[3];
    const outside = !inBounds || !(score >= visibility.outsideBelow);
    const occluded = !outside && score < visibility.occludedBelow;
    return {
      label,
      x: Math.min(bounds[2], Math.max(bounds[0], x)),
      y: Math.min(bounds[3], Math.max(bounds[1], y)),
      score: Math.min(1, Math.max(0, score)),
      ...(occluded ? { occluded } : {}),
      ...(outside ? { outside } : {}),
    };
  });
}
