import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkFrameRangeShape, resolveFrameRange } from "./frame-range.js";

describe("frame range", () => {
  it("covers the whole task when omitted", () => {
    assert.deepEqual(resolveFrameRange(undefined, 5), { ok: true, range: { start: 0, stop: 4 }, explicit: false });
  });
  it("accepts ranges inside the task, inclusive", () => {
    assert.deepEqual(resolveFrameRange({ start: 0, stop: 4 }, 5), { ok: true, range: { start: 0, stop: 4 }, explicit: true });
    assert.deepEqual(resolveFrameRange({ start: 2, stop: 2 }, 5), { ok: true, range: { start: 2, stop: 2 }, explicit: true });
  });
  it("rejects ranges outside the task or inverted", () => {
    for (const r of [
      { start: 0, stop: 5 },
      { start: 5, stop: 6 },
      { start: -1, stop: 2 },
      { start: 3, stop: 2 },
      { start: 0.5, stop: 2 },
    ]) {
      const res = resolveFrameRange(r, 5);
      assert.ok(!res.ok && res.code === "INVALID_FRAME_RANGE", JSON.stringify(r));
    }
    assert.equal(checkFrameRangeShape({ start: 3, stop: 2 })?.ok, false);
    assert.equal(checkFrameRangeShape({ start: 2, stop: 3 }), undefined);
  });
  it("reports an empty task as TASK_EMPTY, even with a range", () => {
    for (const r of [undefined, { start: 0, stop: 0 }]) {
      const res = resolveFrameRange(r, 0);
      assert.ok(!res.ok && res.code === "TASK_EMPTY");
    }
  });
});
