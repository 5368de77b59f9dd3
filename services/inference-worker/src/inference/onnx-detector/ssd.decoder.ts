import { expectDims } from "./decoder-shape.js";
import type { Candidate, FloatTensor } from "./onnx-detector.types.js";

export interface SsdOutputs {
  /** [N, k, 4]: ymin, xmin, ymax, xmax, normalised to the network input. */
  boxes: FloatTensor;
  /** [N, k], best first. */
  scores: FloatTensor;
  /** [N, k]: class ids as floats (TF label-map ids count from 1). */
  classes: FloatTensor;
  /** [N]: how many of the k rows are real detections. */
  count: FloatTensor;
}

/**
 * TF object-detection API exports (SSD, EfficientDet, Faster R-CNN…): post-processed already, so no NMS.
 * Reads the first `count` rows; class index = round(id) − classIdOffset; boxes scale to input pixels.
 */
export function decodeSsd(
  outputs: SsdOutputs,
  options: { threshold: number; classIdOffset: number; inputWidth: number; inputHeight: number },
): Candidate[] {
  expectDims("SSD boxes", outputs.boxes, [null, null, 4], "[N, k, 4] (ymin, xmin, ymax, xmax)");
  const k = outputs.boxes.dims[1];
  expectDims("SSD scores", outputs.scores, [null, k], `[N, ${k}]`);
  expectDims("SSD classes", outputs.classes, [null, k], `[N, ${k}]`);
  expectDims("SSD count", outputs.count, [null], "[N]");
  const declared = outputs.count.data[0];
  const rows = Number.isFinite(declared) ? Math.max(0, Math.min(k, Math.round(declared))) : k;
  const { inputWidth: w, inputHeight: h } = options;
  const b = outputs.boxes.data;
  const candidates: Candidate[] = [];
  for (let i = 0; i < rows; i++) {
    const score = outputs.scores.data[i];
    if (!(score >= options.threshold)) continue;
    candidates.push({
      x1: b[i * 4 + 1] * w,
      y1: b[i * 4] * h,
      x2: b[i * 4 + 3] * w,
      y2: b[i * 4 + 2] * h,
      score,
      classIndex: Math.round(outputs.classes.data[i]) - options.classIdOffset,
    });
  }
  return candidates;
}
