import type { Box } from "../detection-model.js";
import { clipBox, windowToFrame } from "../geometry/box-geometry.js";
import { perClassNonMaxSuppression } from "../geometry/nms.js";
import { ModelError, ModelErrorCode } from "../inference.errors.js";
import { COCO_LABELS } from "./coco-labels.js";

export const CENTERNET_INPUT_SIZE = 512;
/** Rows of the in-graph `detections` output (its TopK k). */
export const CENTERNET_DETECTIONS = 100;
/** Values per row: x1, y1, x2, y2 (input pixels), score, class. */
export const CENTERNET_ROW = 6;
/** human's IoU for CenterNet; applied per class here. */
export const CENTERNET_NMS_IOU = 0.4;

export interface ObjectCandidate {
  readonly classId: number;
  readonly score: number;
  /** Frame pixels, clipped to the frame. */
  readonly box: Box;
}

/**
 * Objects from CenterNet's [1,100,6] `detections`: rows scoring at least `threshold`, boxes mapped
 * from the 512 input to the frame through `window` (the frame region the input shows: the
 * letterbox square, see centernet.detector.ts), clipped, then NMS per class at IoU 0.4. A class
 * outside 0..79 means the graph is not the one we converted.
 */
export function decodeCenternet(
  detections: Float32Array,
  window: Box,
  frameWidth: number,
  frameHeight: number,
  threshold: number,
): ObjectCandidate[] {
  const candidates: ObjectCandidate[] = [];
  for (let r = 0; r < detections.length / CENTERNET_ROW; r++) {
    const o = r * CENTERNET_ROW;
    const score = detections[o + 4];
    if (!(score >= threshold) || score <= 0) continue;
    const classId = detections[o + 5];
    if (!Number.isInteger(classId) || classId < 0 || classId >= COCO_LABELS.length) {
      throw new ModelError(
        ModelErrorCode.MODEL_OUTPUT_INVALID,
        `CenterNet detection ${r} has class ${classId}, not 0..${COCO_LABELS.length - 1}`,
      );
    }
    const box = clipBox(
      windowToFrame(
        [detections[o], detections[o + 1], detections[o + 2], detections[o + 3]],
        window,
        CENTERNET_INPUT_SIZE,
        CENTERNET_INPUT_SIZE,
      ),
      frameWidth,
      frameHeight,
    );
    if (box[2] - box[0] < 1 || box[3] - box[1] < 1) continue;
    candidates.push({ classId, score: Math.min(1, score), box });
  }
  return perClassNonMaxSuppression(candidates, { iouThreshold: CENTERNET_NMS_IOU, scoreThreshold: threshold });
}
