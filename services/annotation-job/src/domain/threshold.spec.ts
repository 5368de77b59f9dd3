import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { resolveThreshold } from "./threshold.js";

describe("resolveThreshold", () => {
  it("accepts values in (0, 1]", () => {
    for (const v of [1e-9, 0.01, 0.5, 1]) assert.deepEqual(resolveThreshold(v, 0.5), { ok: true, value: v, source: "input" });
  });
  it("rejects 0, negatives, values above 1, NaN and infinities instead of treating them as unset", () => {
    for (const v of [0, -0, -0.1, 1.0000001, 2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      const r = resolveThreshold(v, 0.5);
      assert.equal(r.ok, false, String(v));
    }
  });
  it("falls back to the model default when omitted or null, rounding float32 noise", () => {
    assert.deepEqual(resolveThreshold(undefined, Math.fround(0.3)), { ok: true, value: 0.3, source: "model-default" });
    assert.deepEqual(resolveThreshold(null, 0.25), { ok: true, value: 0.25, source: "model-default" });
  });
  it("rejects an omitted threshold when the model has no valid default", () => {
    assert.equal(resolveThreshold(undefined, 0).ok, false);
    assert.equal(resolveThreshold(undefined, 1.5).ok, false);
  });
});
