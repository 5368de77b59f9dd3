import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { estimateProgress } from "./progress.js";

const t0 = new Date("2025-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("estimateProgress", () => {
  it("is unknown before the first frame", () => {
    assert.deepEqual(estimateProgress({ startedAt: t0, framesTotal: 10, framesDone: 0, framesFailed: 0, now: at(5000) }), {
      fps: null,
      etaSeconds: null,
    });
    assert.deepEqual(estimateProgress({ startedAt: null, framesTotal: 10, framesDone: 3, framesFailed: 0, now: at(5000) }), {
      fps: null,
      etaSeconds: null,
    });
  });
  it("counts failed frames as settled", () => {
    // 4 settled in 2 s = 2 fps; 6 left = 3 s
    assert.deepEqual(estimateProgress({ startedAt: t0, framesTotal: 10, framesDone: 3, framesFailed: 1, now: at(2000) }), {
      fps: 2,
      etaSeconds: 3,
    });
  });
  it("rounds fps to 3 decimals and eta to 0.1 s", () => {
    assert.deepEqual(estimateProgress({ startedAt: t0, framesTotal: 100, framesDone: 1, framesFailed: 0, now: at(3000) }), {
      fps: 0.333,
      etaSeconds: 297,
    });
  });
  it("has eta 0 when every frame is settled", () => {
    assert.deepEqual(estimateProgress({ startedAt: t0, framesTotal: 4, framesDone: 2, framesFailed: 2, now: at(1000) }), {
      fps: 4,
      etaSeconds: 0,
    });
  });
  it("does not divide by zero when a frame lands in the starting millisecond", () => {
    const r = estimateProgress({ startedAt: t0, framesTotal: 2, framesDone: 1, framesFailed: 0, now: t0 });
    assert.equal(r.fps, 1000);
    assert.equal(r.etaSeconds, 0);
  });
});
