import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { HubError, HubErrorCode, type TransientFailure } from "../hub.errors.js";
import { abortError } from "./clock.js";
import { ManualClock } from "./manual.clock.js";
import type { RetryPolicyOptions } from "./retry.policy.js";
import { runWithRetry } from "./retry.runner.js";

const policy: RetryPolicyOptions = {
  maxAttempts: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 8_000,
  maxHintDelayMs: 60_000,
  attemptTimeoutMs: 10_000,
};

const transient = (failure: TransientFailure, code: HubErrorCode = HubErrorCode.Unavailable) =>
  new HubError(code, "hub failed", { status: 503 }, failure);

describe("runWithRetry", () => {
  it("waits the hinted delays on the clock and returns the first success, without further calls", async () => {
    const clock = new ManualClock(Date.parse("2025-01-01T00:00:00Z"));
    let calls = 0;
    const result = runWithRetry(
      async () => {
        calls++;
        if (calls === 1) throw transient({ reason: "status", status: 429, retryAfter: "5" }, HubErrorCode.RateLimited);
        if (calls === 2) throw transient({ reason: "status", status: 503, estimatedTimeS: 2 });
        return "ok";
      },
      { policy, clock, random: () => 0.5 },
    );
    await clock.advance(4_999);
    assert.equal(calls, 1, "still waiting out Retry-After");
    await clock.advance(1);
    assert.equal(calls, 2);
    await clock.advance(2_000);
    assert.equal(await result, "ok");
    assert.equal(calls, 3);
    assert.deepEqual(clock.sleeps, [5_000, 2_000]);
  });

  it("throws the last failure with the attempt count once attempts run out", async () => {
    const clock = new ManualClock();
    let calls = 0;
    const result = runWithRetry(
      async () => {
        calls++;
        throw transient({ reason: "status", status: 429 }, HubErrorCode.RateLimited);
      },
      { policy, clock, random: () => 0.5 },
    );
    const settled = result.catch((e: unknown) => e);
    await clock.advance(60_000);
    const err = (await settled) as HubError;
    assert.equal(calls, 3);
    assert.equal(err.code, HubErrorCode.RateLimited);
    assert.equal(err.details.attempts, 3);
    assert.equal(err.transient, undefined, "a final error is not retryable any more");
    assert.deepEqual(clock.sleeps, [500, 1_000], "full jitter at 0.5 of 1 s then 2 s");
  });

  it("does not retry a final failure", async () => {
    const clock = new ManualClock();
    let calls = 0;
    await assert.rejects(
      runWithRetry(
        async () => {
          calls++;
          throw new HubError(HubErrorCode.NotFound, "no such model");
        },
        { policy, clock },
      ),
      (e: HubError) => e.code === HubErrorCode.NotFound,
    );
    assert.equal(calls, 1);
    assert.deepEqual(clock.sleeps, []);
  });

  it("passes through errors that are not hub errors", async () => {
    await assert.rejects(
      runWithRetry(async () => Promise.reject(new RangeError("bug")), { policy, clock: new ManualClock() }),
      RangeError,
    );
  });

  it("aborts a hanging attempt at the attempt timeout and retries it as a timeout", async () => {
    const clock = new ManualClock();
    let calls = 0;
    const result = runWithRetry(
      ({ signal }) => {
        calls++;
        if (calls === 2) return Promise.resolve("second");
        return new Promise<string>((_, reject) => signal.addEventListener("abort", () => reject(abortError(signal))));
      },
      { policy, clock, random: () => 0 },
    );
    await clock.advance(10_000);
    assert.equal(await result, "second");
    assert.equal(calls, 2);
  });

  it("ends with HUB_UNAVAILABLE when every attempt times out", async () => {
    const clock = new ManualClock();
    const result = runWithRetry(
      ({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(abortError(signal)))),
      {
        policy,
        clock,
        random: () => 0,
      },
    ).catch((e: unknown) => e);
    await clock.advance(40_000);
    const err = (await result) as HubError;
    assert.equal(err.code, HubErrorCode.Unavailable);
    assert.equal(err.details.attempts, 3);
  });

  it("stops waiting when the caller aborts, with the caller's reason", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    let calls = 0;
    const result = runWithRetry(
      async () => {
        calls++;
        throw transient({ reason: "network" });
      },
      { policy, clock, signal: controller.signal, random: () => 0.5 },
    ).catch((e: unknown) => e);
    await clock.advance(10);
    controller.abort(new Error("job cancelled"));
    assert.equal(((await result) as Error).message, "job cancelled");
    assert.equal(calls, 1);
  });

  it("gives the attempt a signal that the caller's abort reaches", async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const result = runWithRetry(
      ({ signal }) => new Promise((_, reject) => signal.addEventListener("abort", () => reject(abortError(signal)))),
      {
        policy,
        clock,
        signal: controller.signal,
      },
    ).catch((e: unknown) => e);
    await clock.advance(1);
    controller.abort(new Error("stop"));
    assert.equal(((await result) as Error).message, "stop");
  });
});
