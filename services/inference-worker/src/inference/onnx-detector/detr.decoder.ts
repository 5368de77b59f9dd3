import { expectDims } from "./decoder-shape.js";
import type { Candidate, FloatTensor } from "./onnx-detector.types.js";

/**
 * DETR-family set prediction, one candidate per query, no NMS. logits [N, Q, C (+1)], boxes [N, Q, 4] as
 * normalised cx, cy, w, h. With a trailing no-object class (DETR): softmax over all C + 1, drop the
 * no-object probability, best remaining class. Without (Deformable DETR, RT-DETR, trained with sigmoid
 * focal loss): sigmoid per class, best class.
 */
export function decodeDetr(
  outputs: { logits: FloatTensor; boxes: FloatTensor },
  options: { classCount: number; noObjectClass: boolean; threshold: number; inputWidth: number; inputHeight: number },
): Candidate[] {
  const width = options.noObjectClass ? options.classCount + 1 : options.classCount;
  expectDims(
    "DETR logits",
    outputs.logits,
    [null, null, width],
    `[N, queries, ${width}] (${options.classCount} classes${options.noObjectClass ? " + no-object" : ""})`,
  );
  const queries = outputs.logits.dims[1];
  expectDims("DETR boxes", outputs.boxes, [null, queries, 4], `[N, ${queries}, 4] (cx, cy, w, h)`);
  const logits = outputs.logits.data;
  const b = outputs.boxes.data;
  const { inputWidth: iw, inputHeight: ih } = options;
  const candidates: Candidate[] = [];
  for (let q = 0; q < queries; q++) {
    const row = q * width;
    let best = 0;
    let bestLogit = -Infinity;
    for (let c = 0; c < options.classCount; c++) {
      if (logits[row + c] > bestLogit) {
        bestLogit = logits[row + c]!;
        best = c;
      }
    }
    let score: number;
    if (options.noObjectClass) {
      // Softmax with the max subtracted: exp never overflows.
      let max = -Infinity;
      for (let c = 0; c < width; c++) max = Math.max(max, logits[row + c]);
      let sum = 0;
      for (let c = 0; c < width; c++) sum += Math.exp(logits[row + c] - max);
      score = Math.exp(bestLogit - max) / sum;
    } else {
      score = 1 / (1 + Math.exp(-bestLogit));
    }
    if (!(score >= options.threshold)) continue;
    const cx = b[q * 4] * iw;
    const cy = b[q * 4 + 1] * ih;
    const w = b[q * 4 + 2] * iw;
    const h = b[q * 4 + 3] * ih;
    candidates.push({ x1: cx - w / 2, y1: cy - h / 2, x2: cx + w / 2, y2: cy + h / 2, score, classIndex: best });
  }
  return candidates;
}
