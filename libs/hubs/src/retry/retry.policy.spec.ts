import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  backoffDelay,
  decideRetry,
  defaultRetryPolicy,
  parseRateLimitReset,
  parseRetryAfter,
  type RetryPolicyOptions,
} from "./retry.policy.js";

const policy: RetryPolicyOptions = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1_000, maxHintDelayMs: 30_000, attemptTimeoutMs: 5_000 };
const now = Date.parse("2025-01-01T00:00:00Z");
const half = () => 0.5;

describe("parseRetryAfter", () => {
  it("reads delta-seconds", () => {
    assert.equal(parseRetryAfter("7", now), 7_000);
    assert.equal(parseRetryAfter(" 0 ", now), 0);
    assert.equal(parseRetryAfter("1.5", now), 1_500);
  });

  it("reads an HTTP date relative to now, never negative", () => {
    assert.equal(parseRetryAfter("Wed, 01 Jan 2025 00:00:30 GMT", now), 30_000);
    assert.equal(parseRetryAfter("Tue, 31 Dec 2024 23:59:00 GMT", now), 0);
  });

  it("ignores what is neither", () => {
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter("-5", now), undefined);
    assert.equal(parseRetryAfter("soon", now), undefined);
    assert.equal(parseRetryAfter("", now), undefined);
  });
});

describe("parseRateLimitReset", () => {
  it("takes t from the IETF RateLimit header, the largest when several policies are listed", () => {
    assert.equal(parseRateLimitReset('"api";r=0;t=55'), 55);
    assert.equal(parseRateLimitReset('"api";r=0;t=55, "resolvers";r=10;t=120'), 120);
    assert.equal(parseRateLimitReset('"api";r=3'), undefined);
    assert.equal(parseRateLimitReset(undefined), undefined);
  });
});

describe("backoffDelay (full jitter)", () => {
  it("is uniform below a doubling ceiling, capped", () => {
    assert.equal(
      backoffDelay(1, policy, () => 0.999999),
      99,
    );
    assert.equal(
      backoffDelay(2, policy, () => 0.999999),
      199,
    );
    assert.equal(backoffDelay(3, policy, half), 200);
    assert.equal(
      backoffDelay(10, policy, () => 0.999999),
      999,
    );
    assert.equal(
      backoffDelay(3, policy, () => 0),
      0,
    );
  });
});

describe("decideRetry", () => {
  it("retries only 429, 503, 504, connection errors and timeouts", () => {
    for (const status of [429, 503, 504])
      assert.equal(decideRetry({ reason: "status", status }, 1, policy, now, half).retry, true, String(status));
    for (const status of [400, 401, 402, 403, 404, 413, 422, 500, 502]) {
      assert.deepEqual(
        decideRetry({ reason: "status", status }, 1, policy, now, half),
        { retry: false, why: "not-retryable" },
        String(status),
      );
    }
    assert.equal(decideRetry({ reason: "network" }, 1, policy, now, half).retry, true);
    assert.equal(decideRetry({ reason: "timeout" }, 1, policy, now, half).retry, true);
    assert.deepEqual(decideRetry(undefined, 1, policy, now, half), { retry: false, why: "not-retryable" });
  });

  it("prefers Retry-After, then the rate-limit reset, then estimated_time, else backoff", () => {
    const all = { reason: "status" as const, status: 503, retryAfter: "2", rateLimitResetS: 9, estimatedTimeS: 20 };
    assert.deepEqual(decideRetry(all, 1, policy, now, half), { retry: true, delayMs: 2_000, source: "retry-after" });
    assert.deepEqual(decideRetry({ ...all, retryAfter: undefined }, 1, policy, now, half), {
      retry: true,
      delayMs: 9_000,
      source: "rate-limit-reset",
    });
    assert.deepEqual(decideRetry({ ...all, retryAfter: "garbage", rateLimitResetS: undefined }, 1, policy, now, half), {
      retry: true,
      delayMs: 20_000,
      source: "estimated-time",
    });
    assert.deepEqual(decideRetry({ reason: "status", status: 504 }, 2, policy, now, half), {
      retry: true,
      delayMs: 100,
      source: "backoff",
    });
  });

  it("stops after maxAttempts, keeping the hint for a requeue", () => {
    assert.deepEqual(decideRetry({ reason: "status", status: 429, retryAfter: "3" }, 4, policy, now, half), {
      retry: false,
      why: "attempts-exhausted",
      retryAfterMs: 3_000,
    });
    assert.deepEqual(decideRetry({ reason: "network" }, 4, policy, now, half), { retry: false, why: "attempts-exhausted" });
  });

  it("gives up at once when the hub asks for a longer wait than we block for", () => {
    assert.deepEqual(decideRetry({ reason: "status", status: 429, retryAfter: "3600" }, 1, policy, now, half), {
      retry: false,
      why: "wait-too-long",
      retryAfterMs: 3_600_000,
    });
  });

  it("has bounded defaults", () => {
    assert.ok(defaultRetryPolicy.maxAttempts >= 2 && defaultRetryPolicy.maxAttempts <= 6);
    assert.ok(defaultRetryPolicy.maxDelayMs <= defaultRetryPolicy.maxHintDelayMs);
  });
});
