import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ModelError } from "../inference.errors.js";
import { classWiseNms, intersectionOverUnion } from "./class-nms.js";
import { decodeDetr } from "./detr.decoder.js";
import type { Candidate, FloatTensor } from "./onnx-detector.types.js";
import { decodeSsd } from "./ssd.decoder.js";
import { decodeYoloEnd2End } from "./yolo-end2end.decoder.js";
import { decodeYoloV5 } from "./yolo-v5.decoder.js";
import { decodeYoloV8 } from "./yolo-v8.decoder.js";

const t = (dims: number[], values: number[]): FloatTensor => {
  assert.equal(
    values.length,
    dims.reduce((a, b) => a * b, 1),
    "test tensor size",
  );
  return { dims, data: Float32Array.from(values) };
};
/** Float32 rounding aside, candidates as plain numbers. */
const round = (cs: Candidate[]) =>
  cs.map((c) => ({
    ...c,
    x1: +c.x1.toFixed(4),
    y1: +c.y1.toFixed(4),
    x2: +c.x2.toFixed(4),
    y2: +c.y2.toFixed(4),
    score: +c.score.toFixed(5),
  }));
const isOutputInvalid = (err: unknown) => err instanceof ModelError && err.code === "MODEL_OUTPUT_INVALID";

describe("YOLO_V5 decoder: [N, boxes, 5 + C], score = objectness × best class", () => {
  // cx, cy, w, h, obj, p(class 0), p(class 1)
  const out = t([1, 3, 7], [100, 50, 20, 10, 0.9, 0.2, 0.8, 5, 5, 2, 2, 0.2, 1, 0, 10, 10, 4, 4, 0.5, 0.6, 0.4]);

  it("turns centre boxes into corners and multiplies objectness by the best class", () => {
    assert.deepEqual(round(decodeYoloV5(out, { classCount: 2, threshold: 0.25 })), [
      { x1: 90, y1: 45, x2: 110, y2: 55, score: 0.72, classIndex: 1 },
      { x1: 8, y1: 8, x2: 12, y2: 12, score: 0.3, classIndex: 0 },
    ]);
  });

  it("drops rows under the threshold, objectness first (0.2 × 1 stays under 0.25)", () => {
    assert.deepEqual(
      decodeYoloV5(out, { classCount: 2, threshold: 0.35 }).map((c) => c.classIndex),
      [1],
    );
  });

  it("refuses a row width other than 5 + C", () => {
    assert.throws(() => decodeYoloV5(out, { classCount: 3, threshold: 0.25 }), isOutputInvalid);
  });
});

describe("YOLO_V8 decoder: [N, 4 + C, anchors], channel-major, no objectness", () => {
  // rows are channels: cx, cy, w, h, s0, s1; columns anchors 0..2
  const out = t([1, 6, 3], [100, 30, 7, 50, 30, 7, 20, 10, 2, 10, 10, 2, 0.1, 0.3, 0.1, 0.9, 0.2, 0.05]);

  it("reads anchor columns and takes the best class score", () => {
    assert.deepEqual(round(decodeYoloV8(out, { classCount: 2, threshold: 0.25 })), [
      { x1: 90, y1: 45, x2: 110, y2: 55, score: 0.9, classIndex: 1 },
      { x1: 25, y1: 25, x2: 35, y2: 35, score: 0.3, classIndex: 0 },
    ]);
  });

  it("refuses a channel count other than 4 + C", () => {
    assert.throws(() => decodeYoloV8(out, { classCount: 1, threshold: 0.25 }), isOutputInvalid);
    assert.throws(() => decodeYoloV8(t([6, 3], new Array(18).fill(0)), { classCount: 2, threshold: 0.25 }), isOutputInvalid);
  });
});

describe("YOLO_END2END decoder: [N, k, 6] corners, score, class id", () => {
  const out = t([1, 3, 6], [10, 20, 30, 40, 0.9, 1, 0, 0, 5, 5, 0.1, 0, 1, 2, 3, 4, 0.5, 2]);

  it("keeps rows at or over the threshold and subtracts the class id offset", () => {
    assert.deepEqual(round(decodeYoloEnd2End(out, { threshold: 0.5, classIdOffset: 1 })), [
      { x1: 10, y1: 20, x2: 30, y2: 40, score: 0.9, classIndex: 0 },
      { x1: 1, y1: 2, x2: 3, y2: 4, score: 0.5, classIndex: 1 },
    ]);
  });

  it("refuses rows of another width", () => {
    assert.throws(() => decodeYoloEnd2End(t([1, 1, 7], new Array(7).fill(0)), { threshold: 0.5, classIdOffset: 0 }), isOutputInvalid);
  });
});

describe("SSD decoder: normalised ymin, xmin, ymax, xmax; float class ids; count", () => {
  const outputs = {
    boxes: t([1, 3, 4], [0.1, 0.2, 0.5, 0.6, 0, 0, 1, 1, 0.5, 0.5, 0.6, 0.6]),
    scores: t([1, 3], [0.9, 0.8, 0.95]),
    classes: t([1, 3], [1, 3, 1]),
    count: t([1], [2]),
  };
  const options = { threshold: 0.5, classIdOffset: 1, inputWidth: 300, inputHeight: 200 };

  it("scales boxes to input pixels, reads only `count` rows and offsets class ids", () => {
    assert.deepEqual(round(decodeSsd(outputs, options)), [
      { x1: 60, y1: 20, x2: 180, y2: 100, score: 0.9, classIndex: 0 },
      { x1: 0, y1: 0, x2: 300, y2: 200, score: 0.8, classIndex: 2 },
    ]);
  });

  it("rounds class ids given as floats and applies the threshold", () => {
    const fuzzy = { ...outputs, classes: t([1, 3], [0.9999, 2.0001, 1]) };
    assert.deepEqual(
      decodeSsd(fuzzy, { ...options, threshold: 0.85 }).map((c) => c.classIndex),
      [0],
    );
  });

  it("refuses disagreeing row counts", () => {
    assert.throws(() => decodeSsd({ ...outputs, scores: t([1, 2], [0.9, 0.8]) }, options), isOutputInvalid);
  });
});

describe("DETR decoder: one candidate per query, normalised cx, cy, w, h", () => {
  const boxes = t([1, 2, 4], [0.5, 0.5, 0.2, 0.4, 0.1, 0.1, 0.1, 0.1]);
  const options = { classCount: 2, threshold: 0.25, inputWidth: 100, inputHeight: 50 };

  it("with a no-object class: softmax over all, the no-object probability dropped", () => {
    const logits = t([1, 2, 3], [2, 0, 0, 0, 0, 3]);
    const out = round(decodeDetr({ logits, boxes }, { ...options, noObjectClass: true }));
    // e² / (e² + 2) = 0.78699; the second query is mostly no-object: 1 / (2 + e³) = 0.04528, under 0.25.
    assert.deepEqual(out, [{ x1: 40, y1: 15, x2: 60, y2: 35, score: 0.78699, classIndex: 0 }]);
  });

  it("without one: sigmoid per class", () => {
    const logits = t([1, 2, 2], [2, 0, -3, -2]);
    assert.deepEqual(round(decodeDetr({ logits, boxes }, { ...options, noObjectClass: false })), [
      { x1: 40, y1: 15, x2: 60, y2: 35, score: 0.8808, classIndex: 0 },
    ]);
  });

  it("refuses a class dimension that does not fit the declared classes", () => {
    assert.throws(() => decodeDetr({ logits: t([1, 2, 2], [0, 0, 0, 0]), boxes }, { ...options, noObjectClass: true }), isOutputInvalid);
  });
});

describe("class-wise NMS", () => {
  const c = (x1: number, y1: number, x2: number, y2: number, score: number, classIndex: number): Candidate => ({
    x1,
    y1,
    x2,
    y2,
    score,
    classIndex,
  });

  it("IoU of two 10×10 boxes offset by 1: 81 / 119", () => {
    assert.ok(Math.abs(intersectionOverUnion(c(0, 0, 10, 10, 1, 0), c(1, 1, 11, 11, 1, 0)) - 81 / 119) < 1e-12);
    assert.equal(intersectionOverUnion(c(0, 0, 10, 10, 1, 0), c(10, 0, 20, 10, 1, 0)), 0, "touching is not overlapping");
  });

  it("suppresses overlaps within a class only, best first", () => {
    const kept = classWiseNms([c(20, 20, 30, 30, 0.6, 0), c(1, 1, 11, 11, 0.8, 0), c(0, 0, 10, 10, 0.9, 0), c(1, 1, 11, 11, 0.7, 1)], 0.45);
    assert.deepEqual(
      kept.map((k) => [k.score, k.classIndex]),
      [
        [0.9, 0],
        [0.7, 1],
        [0.6, 0],
      ],
    );
    assert.equal(classWiseNms([c(0, 0, 10, 10, 0.9, 0), c(1, 1, 11, 11, 0.8, 0)], 0.7).length, 2, "0.68 is under an IoU threshold of 0.7");
  });
});
