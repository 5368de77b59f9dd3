import { expectDims } from "./decoder-shape.js";
import type { Candidate, FloatTensor } from "./onnx-detector.types.js";

/**
 * End-to-end YOLO (YOLOv10, ultralytics `nms=True` exports), [N, k, 6]: x1, y1, x2, y2 (input pixels), score,
 * class id (a float). Already suppressed, so no NMS; padding rows have score 0 and fall under any threshold.
 * Class index = round(id) − classIdOffset.
 */
export function decodeYoloEnd2End(output: FloatTensor, options: { threshold: number; classIdOffset: number }): Candidate[] {
  expectDims("YOLO_END2END output", output, [null, null, 6], "[N, k, 6] (x1, y1, x2, y2, score, class)");
  const { data } = output;
  const rows = output.dims[1];
  const candidates: Candidate[] = [];
  for (let i = 0; i < rows; i++) {
    const r = i * 6;
    const score = data[r + 4];
    if (!(score >= options.threshold)) continue;
    candidates.push({
      x1: data[r],
      y1: data[r + 1],
      x2: data[r + 2],
      y2: data[r + 3],
      score,
      classIndex: Math.round(data[r + 5]) - options.classIdOffset,
    });
  }
  return candidates;
}
