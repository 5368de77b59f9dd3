import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boxArea, clipBox, iou, scaleAround, squareAround, windowToFrame } from "./box-geometry.js";

describe("box geometry", () => {
  it("computes IoU, 0 for disjoint, touching or empty boxes", () => {
    assert.equal(iou([0, 0, 10, 10], [0, 0, 10, 10]), 1);
    assert.equal(iou([0, 0, 10, 10], [5, 0, 15, 10]), 50 / 150);
    assert.equal(iou([0, 0, 10, 10], [10, 0, 20, 10]), 0);
    assert.equal(iou([0, 0, 0, 0], [0, 0, 0, 0]), 0);
    assert.equal(boxArea([3, 4, 1, 9]), 0);
  });

  it("clips to the frame", () => {
    assert.deepEqual(clipBox([-5, 2, 120, 90], 100, 80), [0, 2, 100, 80]);
  });

  it("builds the enlarged square around a box's centre from its longer side", () => {
    // 20 wide, 10 high, centre (20, 15): side 1.4 × 20 = 28.
    assert.deepEqual(squareAround([10, 10, 30, 20], 1.4), [6, 1, 34, 29]);
  });

  it("scales a box about its centre", () => {
    assert.deepEqual(scaleAround([10, 10, 30, 20], 1.5), [5, 7.5, 35, 22.5]);
  });

  it("maps window units to frame pixels", () => {
    // A 256-unit input covering the frame window [100, 50, 612, 562] (2 px per unit).
    assert.deepEqual(windowToFrame([0, 128, 64, 256], [100, 50, 612, 562], 256, 256), [100, 306, 228, 562]);
  });
});
