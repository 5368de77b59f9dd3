import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evaluate, IOU_THRESHOLDS, RECALL_THRESHOLDS } from "./coco-evaluation.js";
import type { DetectedObject, GroundTruthObject } from "./evaluation.types.js";

// Hand-computed cases. AP is COCO's: for each of the 10 IoU thresholds, precision made non-increasing in recall and
// read at the 101 recalls 0, 0.01, …, 1 (0 beyond the last recall reached), averaged; then averaged over thresholds.

type Box = [number, number, number, number];
const truth = (box: Box, extra: Partial<GroundTruthObject> = {}): GroundTruthObject => ({
  imageId: "1",
  categoryId: "person",
  box,
  ...extra,
});
const det = (box: Box, score: number, extra: Partial<DetectedObject> = {}): DetectedObject => ({
  imageId: "1",
  categoryId: "person",
  box,
  score,
  ...extra,
});
// Precision carries pycocotools' ε (tp / (tp + fp + 2.2e-16)), so a perfect AP is 1 − 2e-16.
const close = (actual: number | null | undefined, expected: number): void => {
  assert.ok(actual !== null && actual !== undefined && Math.abs(actual - expected) < 1e-12, `${actual} vs ${expected}`);
};

describe("evaluate (bbox)", () => {
  it("uses pycocotools' thresholds: IoU 0.50:0.05:0.95 and 101 recall points", () => {
    assert.equal(IOU_THRESHOLDS.length, 10);
    assert.equal(IOU_THRESHOLDS[0], 0.5);
    assert.equal(IOU_THRESHOLDS[9], 0.95);
    assert.equal(RECALL_THRESHOLDS.length, 101);
    assert.equal(RECALL_THRESHOLDS[100], 1);
  });

  it("scores one exact detection AP 1 with a one-point curve and its F1 at that score", () => {
    const { categories, meanAp, meanAp50 } = evaluate([truth([0, 0, 10, 10])], [det([0, 0, 10, 10], 0.9)], {
      iouType: "bbox",
    });
    close(meanAp, 1);
    close(meanAp50, 1);
    const [c] = categories;
    close(c.ap75, 1);
    assert.deepEqual(c.curve, [{ threshold: 0.9, precision: 1, recall: 1 }]);
    assert.deepEqual(c.bestF1, { threshold: 0.9, f1: 1, precision: 1, recall: 1 });
  });

  it("interpolates precision over recall: TP, FP, TP on two objects gives (51 · 1 + 50 · 2/3) / 101", () => {
    // Ranked: 0.9 TP (P 1, R .5), 0.8 FP (P .5, R .5), 0.7 TP (P 2/3, R 1). The envelope lifts 0.8's precision to
    // 2/3; recalls 0 … 0.50 (51 points) read 1, recalls 0.51 … 1 (50 points) read 2/3. Exact boxes: every IoU alike.
    const { categories } = evaluate(
      [truth([0, 0, 10, 10]), truth([50, 0, 60, 10])],
      [det([0, 0, 10, 10], 0.9), det([100, 0, 110, 10], 0.8), det([50, 0, 60, 10], 0.7)],
      { iouType: "bbox", operatingThresholds: { person: 0.75 } },
    );
    const [c] = categories;
    const ap = (51 + (50 * 2) / 3) / 101;
    close(c.ap, ap);
    close(c.ap50, ap);
    assert.equal(c.groundTruthCount, 2);
    assert.equal(c.detectionCount, 3);
    assert.deepEqual(
      c.curve.map((p) => [p.threshold, p.precision, p.recall]),
      [
        [0.9, 1, 0.5],
        [0.8, 0.5, 0.5],
        [0.7, 2 / 3, 1],
      ],
    );
    // F1: 0.9 → 2/3, 0.8 → 1/2, 0.7 → 2 · (2/3) · 1 / (5/3) = 0.8.
    assert.equal(c.bestF1?.threshold, 0.7);
    close(c.bestF1?.f1, 0.8);
    // At 0.75 the 0.9 and 0.8 detections are kept: 1 TP, 1 FP, 1 of 2 found.
    assert.deepEqual(c.atThreshold, { threshold: 0.75, precision: 0.5, recall: 0.5, f1: 0.5 });
  });

  it("matches greedily by score: the higher-scoring, looser box takes the object, the exact one is a duplicate", () => {
    // IoU(0.9's box) = 77 / 100 = 0.77: matched at thresholds .50 … .75 (6) → AP 1 there, the 0.8 box a false positive
    // after it. At .80 … .95 (4) the 0.9 box fails, the exact 0.8 one matches second: precision 1/2 at every recall.
    // AP = (6 · 1 + 4 · 0.5) / 10 = 0.8.
    const { categories } = evaluate([truth([0, 0, 10, 10])], [det([0, 0, 10, 7.7], 0.9), det([0, 0, 10, 10], 0.8)], { iouType: "bbox" });
    close(categories[0].ap, 0.8);
    close(categories[0].ap50, 1);
    close(categories[0].ap75, 1);
  });

  it("counts an IoU equal to the threshold as a match (IoU 0.5: AP50 1, AP 0.1)", () => {
    const { categories } = evaluate([truth([0, 0, 10, 10])], [det([0, 0, 10, 5], 0.9)], { iouType: "bbox" });
    close(categories[0].ap50, 1);
    close(categories[0].ap, 0.1);
  });

  it("ignores detections on a crowd region, which is never a miss; any number of them match it", () => {
    // Two detections inside the crowd outrank the real match. Counted as false positives they would make AP
    // 1/3-ish; ignored, the one object is found first: AP 1.
    const { categories } = evaluate(
      [truth([0, 0, 10, 10]), truth([100, 0, 200, 100], { crowd: true })],
      [det([110, 10, 130, 30], 0.9), det([150, 50, 170, 70], 0.8), det([0, 0, 10, 10], 0.7)],
      { iouType: "bbox", operatingThresholds: { person: 0.8 } },
    );
    const [c] = categories;
    close(c.ap, 1);
    assert.equal(c.groundTruthCount, 1);
    assert.equal(c.detectionCount, 3);
    // No point at 0.9 or 0.8: only crowd detections are kept there.
    assert.deepEqual(c.curve, [{ threshold: 0.7, precision: 1, recall: 1 }]);
    assert.deepEqual(c.atThreshold, { threshold: 0.8, precision: 0, recall: 0, f1: 0 });
  });

  it("prefers a real object to a crowd region: matched to the object while its IoU passes, ignored after", () => {
    // IoU with the object 60 / 100 = 0.6 (TP at .50, .55, .60); with the crowd 60 / 60 = 1 (ignored at .65 … .95,
    // where nothing counted is left: precision 0). AP = 3 / 10.
    const { categories } = evaluate([truth([0, 0, 10, 10]), truth([0, 0, 20, 20], { crowd: true })], [det([0, 0, 10, 6], 0.9)], {
      iouType: "bbox",
    });
    close(categories[0].ap, 0.3);
  });

  it("gives AP null to a category without ground truth (crowd only, or none) and leaves it out of the means", () => {
    const result = evaluate(
      [truth([0, 0, 10, 10]), truth([0, 0, 50, 50], { categoryId: "car", crowd: true })],
      [det([0, 0, 10, 10], 0.9), det([100, 0, 110, 10], 0.8, { categoryId: "dog" })],
      { iouType: "bbox", operatingThresholds: { dog: 0.5 } },
    );
    assert.deepEqual(
      result.categories.map((c) => [c.categoryId, c.ap === null, c.groundTruthCount, c.detectionCount]),
      [
        ["car", true, 0, 0],
        ["dog", true, 0, 1],
        ["person", false, 1, 1],
      ],
    );
    const dog = result.categories[1];
    assert.deepEqual([dog.ap50, dog.ap75, dog.curve, dog.bestF1, dog.atThreshold], [null, null, [], null, null]);
    close(result.meanAp, 1);
    close(result.meanAp50, 1);
  });

  it("keeps at most maxDetections per image and category, the highest scoring", () => {
    // Two objects, two exact detections; capped at 1 only the 0.9 one counts: recall 1/2, so recalls 0 … 0.5 read
    // precision 1 (51 of 101 points).
    const { categories } = evaluate(
      [truth([0, 0, 10, 10]), truth([50, 0, 60, 10])],
      [det([50, 0, 60, 10], 0.8), det([0, 0, 10, 10], 0.9)],
      { iouType: "bbox", maxDetections: 1 },
    );
    close(categories[0].ap, 51 / 101);
    assert.equal(categories[0].detectionCount, 1);
  });

  it("ranks equal scores by image id, numerically, then input order (pycocotools' stable sort)", () => {
    // Image 9's 0.8 is a false positive, image 10's a true positive: ranked FP then TP (9 < 10), precision 1/2 at every
    // recall; ranked as strings ("10" < "9") it would be 1.
    const { categories } = evaluate(
      [truth([0, 0, 10, 10], { imageId: "10" })],
      [det([0, 0, 10, 10], 0.8, { imageId: "10" }), det([0, 0, 10, 10], 0.8, { imageId: "9" })],
      { iouType: "bbox" },
    );
    close(categories[0].ap50, 0.5);
    assert.deepEqual(categories[0].curve, [{ threshold: 0.8, precision: 0.5, recall: 1 }]);
  });

  it("thins the curve to 101 points, the highest and lowest thresholds kept; bestF1 uses every point", () => {
    // 250 detections with distinct scores on 250 objects in 250 images, every one exact: precision 1 throughout,
    // F1 best (1) at the lowest score, recall 1.
    const n = 250;
    const gts = Array.from({ length: n }, (_, i) => truth([0, 0, 10, 10], { imageId: String(i) }));
    const dets = Array.from({ length: n }, (_, i) => det([0, 0, 10, 10], 1 - i / 1000, { imageId: String(i) }));
    const [c] = evaluate(gts, dets, { iouType: "bbox" }).categories;
    assert.equal(c.curve.length, 101);
    assert.equal(c.curve[0].threshold, 1);
    assert.equal(c.curve[100].threshold, 1 - (n - 1) / 1000);
    assert.ok(c.curve.every((p, i) => i === 0 || p.threshold < c.curve[i - 1].threshold));
    assert.equal(c.bestF1?.threshold, 1 - (n - 1) / 1000);
    assert.equal(c.bestF1?.recall, 1);
  });

  it("rejects malformed input with a RangeError", () => {
    assert.throws(() => evaluate([truth([10, 0, 0, 10])], [], { iouType: "bbox" }), RangeError);
    assert.throws(() => evaluate([], [det([0, 0, 1, 1], Number.NaN)], { iouType: "bbox" }), RangeError);
    assert.throws(() => evaluate([], [], { iouType: "bbox", maxDetections: 0 }), RangeError);
    assert.throws(() => evaluate([truth([0, 0, 1, 1], { polygon: [0, 0, 1] })], [], { iouType: "segm" }), RangeError);
    assert.throws(() => evaluate([truth([0, 0, 1, 1])], [], { iouType: "keypoints" }), RangeError);
    const far = [0, 0, 5e6, 0, 5e6, 10, 0, 10];
    assert.throws(() => evaluate([truth([0, 0, 5e6, 10], { polygon: far })], [], { iouType: "segm" }), RangeError);
  });
});

describe("evaluate (segm)", () => {
  it("compares polygons by pixels: an L-shape's box detection has mask IoU 0.75, box IoU 1", () => {
    // The L covers 75 of its 10 × 10 box's pixels; a box detection (no polygon: the box is the shape) overlaps it
    // 75 / 100. Matched at .50 … .75 (6 of 10 thresholds): AP 0.6, against 1 for boxes.
    const l = truth([0, 0, 10, 10], { polygon: [0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10] });
    const d = det([0, 0, 10, 10], 0.9);
    close(evaluate([l], [d], { iouType: "segm" }).categories[0].ap, 0.6);
    close(evaluate([l], [d], { iouType: "bbox" }).categories[0].ap, 1);
  });
});

describe("evaluate (keypoints)", () => {
  const sigmas = [0.5, 0.5];
  const kp = (x: number, y: number, visible = true) => ({ x, y, visible });

  it("ignores a skeleton without labelled points: a detection on it is neither a hit nor a false positive", () => {
    // Object 1: both points labelled, detected exactly (OKS 1). Object 2 (box 50..60) has no labelled point; the
    // detection on it lies inside its box doubled (OKS 1) and is ignored. Without that rule object 2 would be a miss
    // and AP 1/2-ish.
    const { categories } = evaluate(
      [
        truth([0, 0, 10, 10], { keypoints: [kp(2, 2), kp(8, 8)] }),
        truth([50, 0, 60, 10], { keypoints: [kp(0, 0, false), kp(0, 0, false)] }),
      ],
      [det([50, 0, 60, 10], 0.95, { keypoints: [kp(52, 2), kp(58, 8)] }), det([0, 0, 10, 10], 0.9, { keypoints: [kp(2, 2), kp(8, 8)] })],
      { iouType: "keypoints", keypointSigmas: sigmas },
    );
    close(categories[0].ap, 1);
    assert.equal(categories[0].groundTruthCount, 1);
  });

  it("matches by OKS: a detection 5 px off on a 100 px² skeleton (σ 0.5) has OKS e^−0.125 ≈ 0.882", () => {
    // Both points 5 px off (3-4-5): OKS = exp(−25 / 1 / 100 / 2) = 0.8825, matched at .50 … .85 (8 of 10): AP 0.8.
    const { categories } = evaluate(
      [truth([0, 0, 10, 10], { keypoints: [kp(2, 2), kp(8, 8)] })],
      [det([0, 0, 10, 10], 0.9, { keypoints: [kp(5, 6), kp(11, 12)] })],
      { iouType: "keypoints", keypointSigmas: sigmas },
    );
    close(categories[0].ap, 0.8);
  });
});
