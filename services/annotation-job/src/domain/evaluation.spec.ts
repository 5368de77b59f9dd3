import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkFrameSelection, evaluationScoreFloor, meanOf, operatingThresholds } from "./evaluation.js";

describe("evaluationScoreFloor", () => {
  it("runs the model at 0.05 unless a threshold asks for lower", () => {
    assert.equal(evaluationScoreFloor(0.5, [{ threshold: 0.3 }]), 0.05);
    assert.equal(evaluationScoreFloor(0.02, []), 0.02);
    assert.equal(evaluationScoreFloor(0.5, [{ threshold: 0.01 }]), 0.01);
  });
});

describe("operatingThresholds", () => {
  it("gives each label its own threshold, else the evaluation's", () => {
    assert.deepEqual(operatingThresholds(["a", "b"], 0.4, [{ taskLabelId: "b", threshold: 0.7 }]), { a: 0.4, b: 0.7 });
  });
});

describe("meanOf", () => {
  it("averages the defined values and is null without any", () => {
    assert.equal(meanOf([0.5, null, 1]), 0.75);
    assert.equal(meanOf([null]), null);
  });
});

describe("checkFrameSelection", () => {
  it("omitted means discover; given frames are sorted", () => {
    assert.deepEqual(checkFrameSelection(undefined, 10), { ok: true, frames: null });
    assert.deepEqual(checkFrameSelection([3, 1, 2], 10), { ok: true, frames: [1, 2, 3] });
  });
  it("refuses an empty list, negatives, repeats and more than the maximum, naming the bad indexes", () => {
    assert.equal(checkFrameSelection([], 10).ok, false);
    const neg = checkFrameSelection([1, -2, 1.5], 10);
    assert.ok(!neg.ok && neg.invalid.length === 2);
    const dup = checkFrameSelection([4, 4, 5], 10);
    assert.ok(!dup.ok && dup.invalid[0] === 4);
    assert.equal(checkFrameSelection([1, 2, 3], 2).ok, false);
  });
});
