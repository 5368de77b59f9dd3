import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, ShapeSchema, ShapeType } from "@prelabel/proto";
import { keepScoredShapes, modelThreshold } from "./label-thresholds.js";

const shape = (labelId: string, score?: number) =>
  create(ShapeSchema, { labelId, type: ShapeType.RECTANGLE, points: [0, 0, 1, 1], ...(score === undefined ? {} : { score }) });

describe("per-label thresholds", () => {
  it("runs the model at the lowest threshold asked for", () => {
    assert.equal(modelThreshold(0.5, []), 0.5);
    assert.equal(
      modelThreshold(0.5, [
        { taskLabelId: "car", threshold: 0.3 },
        { taskLabelId: "person", threshold: 0.7 },
      ]),
      0.3,
    );
    assert.equal(modelThreshold(0.2, [{ taskLabelId: "car", threshold: 0.3 }]), 0.2);
  });

  it("keeps a shape at or above its label's threshold, others at or above the run's, and score-less shapes always", () => {
    const labelThresholds = [
      { taskLabelId: "car", threshold: 0.3 },
      { taskLabelId: "person", threshold: 0.7 },
    ];
    const shapes = [
      shape("car", 0.35),
      shape("car", 0.25),
      shape("person", 0.6),
      shape("person", 0.7),
      shape("dog", 0.45),
      shape("dog", 0.55),
      shape("sign"),
    ];
    const kept = keepScoredShapes(shapes, 0.5, labelThresholds).map((s) => [s.labelId, s.score]);
    assert.deepEqual(kept, [
      ["car", 0.35],
      ["person", 0.7],
      ["dog", 0.55],
      ["sign", undefined],
    ]);
  });

  it("compares at the thresholds' float32 precision: a score equal to the threshold passes", () => {
    // 0.3 travels as float32 (0.30000001192…); a model score of 0.3 is that threshold.
    assert.equal(keepScoredShapes([shape("car", 0.3)], Math.fround(0.3), []).length, 1);
  });
});
