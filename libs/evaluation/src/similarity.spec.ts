import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskArea, rasterizePolygon } from "./polygon-mask.js";
import { boxIou, COCO_KEYPOINT_SIGMAS, maskIou, oks } from "./similarity.js";

describe("boxIou", () => {
  it("is intersection over union: two 10 × 10 boxes offset by 5 share 50 of 150 px", () => {
    assert.equal(boxIou([0, 0, 10, 10], [5, 0, 15, 10], false), 50 / 150);
  });

  it("is 0 for boxes that only touch", () => {
    assert.equal(boxIou([0, 0, 10, 10], [10, 0, 20, 10], false), 0);
  });

  it("divides by the detection's area against a crowd region", () => {
    // Wholly inside: 100 / 100, however large the crowd (plain IoU would be 100 / 10,000).
    assert.equal(boxIou([10, 10, 20, 20], [0, 0, 100, 100], true), 1);
    // A 20 × 20 detection with its 10 × 10 corner in the crowd: 100 / 400.
    assert.equal(boxIou([90, 90, 110, 110], [0, 0, 100, 100], true), 0.25);
  });
});

describe("maskIou", () => {
  const mask = (xy: number[]) => {
    const m = rasterizePolygon(xy);
    return { m, a: maskArea(m) };
  };

  it("compares pixels, not boxes: an L-shape (75 px) against its own 10 × 10 box is 0.75", () => {
    const l = mask([0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10]);
    const square = mask([0, 0, 10, 0, 10, 10, 0, 10]);
    assert.equal(maskIou(square.m, square.a, l.m, l.a, false), 0.75);
  });

  it("divides by the detection's pixels against a crowd region", () => {
    const crowd = mask([0, 0, 100, 0, 100, 100, 0, 100]);
    const det = mask([90, 0, 110, 0, 110, 10, 90, 10]); // 200 px, 100 inside
    assert.equal(maskIou(det.m, det.a, crowd.m, crowd.a, true), 0.5);
    assert.equal(maskIou(det.m, det.a, crowd.m, crowd.a, false), 100 / 10100);
  });
});

describe("oks", () => {
  const point = (x: number, y: number, visible = true) => ({ x, y, visible });

  it("is 1 for identical visible keypoints", () => {
    const k = [point(1, 2), point(3, 4)];
    assert.equal(oks(k, { keypoints: k, box: [0, 0, 10, 10], area: 100 }, [0.1, 0.1]), 1);
  });

  it("is exp(−d² / (2 · area · (2σ)²)) averaged over the truth's visible points only", () => {
    // σ = 0.5 → (2σ)² = 1; the visible point is 5 px off (3-4-5), area 100: e = 25 / 1 / 100 / 2 = 0.125. The second
    // point is not labelled in the truth, so however far its detection is, it does not count.
    const truth = { keypoints: [point(0, 0), point(50, 50, false)], box: [0, 0, 10, 10] as const, area: 100 };
    assert.equal(oks([point(3, 4), point(500, 500)], truth, [0.5, 0.5]), Math.exp(-0.125));
  });

  it("measures a truth without visible points by the distance to its box doubled (pycocotools' computeOks)", () => {
    // Box x 10..20 (w 10) → the region x −0..30, y 0..30. A point at (35, 15) is 5 px out, one at (15, 15) is in:
    // (exp(−25 / 1 / 100 / 2) + exp(0)) / 2.
    const truth = { keypoints: [point(0, 0, false), point(0, 0, false)], box: [10, 10, 20, 20] as const, area: 100 };
    assert.equal(oks([point(35, 15), point(15, 15)], truth, [0.5, 0.5]), (Math.exp(-0.125) + 1) / 2);
  });

  it("uses COCO's 17 person sigmas (nose 0.026, ankles 0.089, each side's pair equal)", () => {
    assert.equal(COCO_KEYPOINT_SIGMAS.length, 17);
    assert.ok(Math.abs(COCO_KEYPOINT_SIGMAS[0] - 0.026) < 1e-12);
    assert.ok(Math.abs(COCO_KEYPOINT_SIGMAS[16] - 0.089) < 1e-12);
    for (let i = 1; i < 17; i += 2) assert.equal(COCO_KEYPOINT_SIGMAS[i], COCO_KEYPOINT_SIGMAS[i + 1]);
  });
});
