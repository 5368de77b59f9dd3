import { expectDims } from "./decoder-shape.js";
import type { Candidate, FloatTensor } from "./onnx-detector.types.js";

/**
 * YOLOv5 / YOLOv7 head, [N, boxes, 5 + C]: per row cx, cy, w, h (input pixels), objectness, then C class
 * probabilities. Score = objectness × the best class probability (YOLOv5's `conf = obj_conf * cls_conf`).
 * First image of the batch; rows scoring below `threshold` are dropped.
 */
export function decodeYoloV5(output: FloatTensor, options: { classCount: number; threshold: number }): Candidate[] {
  const stride = 5 + options.classCount;
  expectDims("YOLO_V5 output", output, [null, null, stride], `[N, boxes, ${stride}] (5 + ${options.classCount} classes)`);
  const { data } = output;
  const boxes = output.dims[1];
  const candidates: Candidate[] = [];
  for (let i = 0; i < boxes; i++) {
    const row = i * stride;
    const objectness = data[row + 4];
    // score ≤ objectness: most rows end here.
    if (!(objectness >= options.threshold)) continue;
    let best = 0;
    let bestProb = -Infinity;
    for (let c = 0; c < options.classCount; c++) {
      const p = data[row + 5 + c];
      if (p > bestProb) {
        bestProb = p;
        best = c;
      }
    }
    const score = objectness * bestProb;
    if (!(score >= options.threshold)) continue;
    const cx = data[row];
    const cy = data[row + 1];
    const w = data[row + 2];
    const h = data[row + 3];
    candidates.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, classIndex: best });
  }
  return candidates;
}
