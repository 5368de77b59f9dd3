import { expectDims } from "./decoder-shape.js";
import type { Candidate, FloatTensor } from "./onnx-detector.types.js";

/**
 * YOLOv8 / YOLO11 head, [N, 4 + C, anchors], channel-major: value(channel, anchor) = data[channel × anchors +
 * anchor]; channels cx, cy, w, h (input pixels), then C class scores (already sigmoid). No objectness:
 * score = the best class score. First image of the batch.
 */
export function decodeYoloV8(output: FloatTensor, options: { classCount: number; threshold: number }): Candidate[] {
  const channels = 4 + options.classCount;
  expectDims("YOLO_V8 output", output, [null, channels, null], `[N, ${channels}, anchors] (4 + ${options.classCount} classes)`);
  const { data } = output;
  const anchors = output.dims[2];
  const candidates: Candidate[] = [];
  for (let a = 0; a < anchors; a++) {
    let best = 0;
    let score = -Infinity;
    for (let c = 0; c < options.classCount; c++) {
      const s = data[(4 + c) * anchors + a];
      if (s > score) {
        score = s;
        best = c;
      }
    }
    if (!(score >= options.threshold)) continue;
    const cx = data[a];
    const cy = data[anchors + a];
    const w = data[2 * anchors + a];
    const h = data[3 * anchors + a];
    candidates.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, classIndex: best });
  }
  return candidates;
}
