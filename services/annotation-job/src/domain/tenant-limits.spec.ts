import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { hasTenantLimits, tenantLimitBreach } from "./tenant-limits.js";

const now = new Date("2026-01-01T12:00:00Z");
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

describe("tenant limits", () => {
  it("counts 0 as no limit", () => {
    assert.equal(hasTenantLimits(undefined), false);
    assert.equal(hasTenantLimits({ maxConcurrentJobs: 0, maxFramesPerHour: 0 }), false);
    assert.equal(hasTenantLimits({ maxConcurrentJobs: 0, maxFramesPerHour: 10 }), true);
    const none = { maxConcurrentJobs: 0, maxFramesPerHour: 0 };
    assert.equal(tenantLimitBreach({ active: 99, used: 1e6, oldest: minutesAgo(1) }, 1e6, none, now), undefined);
  });

  it("refuses a start beyond the concurrent jobs first", () => {
    const limits = { maxConcurrentJobs: 2, maxFramesPerHour: 10 };
    assert.equal(tenantLimitBreach({ active: 1, used: 0, oldest: null }, 5, limits, now), undefined);
    const breach = tenantLimitBreach({ active: 2, used: 100, oldest: null }, 5, limits, now);
    assert.deepEqual(breach, { kind: "concurrentJobs", limit: 2, active: 2, requestedJobs: 1 });
  });

  it("counts every job of a batch against the concurrent jobs, and all its frames against the hour", () => {
    const limits = { maxConcurrentJobs: 3, maxFramesPerHour: 100 };
    assert.equal(tenantLimitBreach({ active: 1, used: 0, oldest: null }, 30, limits, now, 2), undefined);
    assert.deepEqual(tenantLimitBreach({ active: 1, used: 0, oldest: null }, 30, limits, now, 3), {
      kind: "concurrentJobs",
      limit: 3,
      active: 1,
      requestedJobs: 3,
    });
    assert.equal(tenantLimitBreach({ active: 0, used: 40, oldest: minutesAgo(10) }, 61, limits, now, 3)?.kind, "framesPerHour");
  });

  it("refuses frames beyond the hour's quota, saying when the oldest counted job leaves the window", () => {
    const limits = { maxConcurrentJobs: 0, maxFramesPerHour: 100 };
    assert.equal(tenantLimitBreach({ active: 0, used: 60, oldest: minutesAgo(20) }, 40, limits, now), undefined);
    assert.deepEqual(tenantLimitBreach({ active: 0, used: 60, oldest: minutesAgo(20) }, 41, limits, now), {
      kind: "framesPerHour",
      limit: 100,
      used: 60,
      requested: 41,
      retryAfterSeconds: 40 * 60,
    });
  });

  it("has no retry time for a job larger than the whole quota", () => {
    const breach = tenantLimitBreach({ active: 0, used: 0, oldest: null }, 101, { maxConcurrentJobs: 0, maxFramesPerHour: 100 }, now);
    assert.equal(breach?.kind === "framesPerHour" && breach.retryAfterSeconds, null);
  });
});
