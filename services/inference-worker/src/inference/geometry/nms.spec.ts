import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Box } from "../detection-model.js";
import { nonMaxSuppression, perClassNonMaxSuppression } from "./nms.js";

const c = (box: Box, score: number) => ({ box, score });

describe("nonMaxSuppression", () => {
  // IoU of [0,0,10,10] and [5,0,15,10] = 50 / 150 = 1/3; of [0,0,10,10] and [1,0,11,10] = 90/110.
  const candidates = [c([5, 0, 15, 10], 0.8), c([0, 0, 10, 10], 0.9), c([1, 0, 11, 10], 0.85), c([40, 40, 50, 50], 0.3)];

  it("keeps the best, drops overlaps above the IoU, returns indices best first", () => {
    assert.deepEqual(nonMaxSuppression(candidates, { iouThreshold: 0.5, scoreThreshold: 0 }), [1, 0, 3]);
  });

  it("keeps a candidate whose IoU equals the threshold (suppress only above it)", () => {
    assert.deepEqual(nonMaxSuppression(candidates, { iouThreshold: 1 / 3, scoreThreshold: 0 }), [1, 0, 3]);
    assert.deepEqual(nonMaxSuppression(candidates, { iouThreshold: 0.3, scoreThreshold: 0 }), [1, 3]);
  });

  it("ignores candidates below the score threshold and stops at maxOutput", () => {
    assert.deepEqual(nonMaxSuppression(candidates, { iouThreshold: 0.5, scoreThreshold: 0.5 }), [1, 0]);
    assert.deepEqual(
      nonMaxSuppression(candidates, { iouThreshold: 0.5, scoreThreshold: 0.3 }),
      [1, 0, 3],
      "a score equal to the threshold is kept",
    );
    assert.deepEqual(nonMaxSuppression(candidates, { iouThreshold: 0.5, scoreThreshold: 0, maxOutput: 1 }), [1]);
  });

  it("suppresses only against kept boxes, not against suppressed ones", () => {
    // B overlaps A (suppressed), C overlaps B but not A: C survives.
    const chain = [c([0, 0, 10, 10], 0.9), c([4, 0, 14, 10], 0.8), c([9, 0, 19, 10], 0.7)];
    assert.deepEqual(nonMaxSuppression(chain, { iouThreshold: 0.3, scoreThreshold: 0 }), [0, 2]);
  });

  it("returns nothing for no candidates", () => {
    assert.deepEqual(nonMaxSuppression([], { iouThreshold: 0.5, scoreThreshold: 0 }), []);
  });
});

describe("perClassNonMaxSuppression", () => {
  it("suppresses within a class only, and sorts the survivors by score", () => {
    const kept = perClassNonMaxSuppression(
      [
        { classId: 0, box: [0, 0, 10, 10] as Box, score: 0.6 },
        { classId: 1, box: [0, 0, 10, 10] as Box, score: 0.9 },
        { classId: 0, box: [1, 0, 11, 10] as Box, score: 0.7 },
        { classId: 1, box: [30, 30, 40, 40] as Box, score: 0.5 },
      ],
      { iouThreshold: 0.4, scoreThreshold: 0 },
    );
    assert.deepEqual(
      kept.map((k) => [k.classId, k.score]),
      [
        [1, 0.9],
        [0, 0.7],
        [1, 0.5],
      ],
    );
  });
});
