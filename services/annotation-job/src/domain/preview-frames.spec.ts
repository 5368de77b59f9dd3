import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkPreviewFrames, MAX_PREVIEW_FRAMES, PreviewSlots } from "./preview-frames.js";

describe("checkPreviewFrames", () => {
  it("takes 1..16 distinct non-negative indexes, in the order given", () => {
    assert.deepEqual(checkPreviewFrames([5, 0, 3]), { ok: true, frames: [5, 0, 3] });
    const sixteen = Array.from({ length: MAX_PREVIEW_FRAMES }, (_, i) => i);
    assert.deepEqual(checkPreviewFrames(sixteen), { ok: true, frames: sixteen });
  });

  it("refuses none, too many, repeated and negative or fractional indexes, saying which", () => {
    assert.equal(checkPreviewFrames([]).ok, false);
    assert.equal(checkPreviewFrames(Array.from({ length: 17 }, (_, i) => i)).ok, false);
    const repeated = checkPreviewFrames([1, 2, 1, 2, 3]);
    assert.ok(!repeated.ok && repeated.details.duplicates?.join() === "1,2", JSON.stringify(repeated));
    const invalid = checkPreviewFrames([1, -2, 1.5]);
    assert.ok(!invalid.ok && invalid.details.invalid?.join() === "-2,1.5", JSON.stringify(invalid));
  });
});

describe("PreviewSlots", () => {
  it("gives a tenant at most `max` slots, others theirs, and takes each back once", () => {
    const slots = new PreviewSlots(2);
    const a1 = slots.take("a");
    const a2 = slots.take("a");
    assert.ok(a1.ok && a2.ok);
    assert.deepEqual(slots.take("a"), { ok: false, running: 2 });
    assert.equal(slots.take("b").ok, true);
    a1.release();
    a1.release();
    const a3 = slots.take("a");
    assert.equal(a3.ok, true);
    assert.deepEqual(slots.take("a"), { ok: false, running: 2 }, "a second release of one slot gives nothing back");
  });
});
