import type { TransientFailure } from "../hub.errors.js";

export interface RetryPolicyOptions {
  /** Attempts in all, the first included. */
  readonly maxAttempts: number;
  /** First backoff ceiling; doubles per attempt. */
  readonly baseDelayMs: number;
  /** Backoff ceiling. */
  readonly maxDelayMs: number;
  /**
   * The longest wait a hub may ask for (Retry-After, rate-limit reset, estimated_time). A longer one ends the
   * call at once with `retryAfterMs`, so a worker can requeue the frame instead of holding a slot for minutes.
   */
  readonly maxHintDelayMs: number;
  /** Each attempt is aborted after this long. */
  readonly attemptTimeoutMs: number;
}

export const defaultRetryPolicy: RetryPolicyOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxHintDelayMs: 30_000,
  attemptTimeoutMs: 30_000,
};

/** Only these statuses are worth another try: rate limited, not ready, gateway timeout. */
export const retryableStatuses: ReadonlySet<number> = new Set([429, 503, 504]);

export type DelaySource = "retry-after" | "rate-limit-reset" | "estimated-time" | "backoff";

export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly source: DelaySource }
  | { readonly retry: false; readonly why: "not-retryable" | "attempts-exhausted" | "wait-too-long"; readonly retryAfterMs?: number };

/** `Retry-After` as milliseconds from `nowMs`: delta-seconds or an HTTP date; undefined when unusable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return undefined; // "-5" or "1e3" are not dates either
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/**
 * Seconds to the reset of the HF Hub window from the IETF RateLimit header (`"api";r=0;t=55`): the largest
 * `t` of the listed policies, since the call needs them all.
 */
export function parseRateLimitReset(value: string | undefined): number | undefined {
  if (!value) return undefined;
  let best: number | undefined;
  for (const match of value.matchAll(/(?:^|[;,\s])t=(\d+(?:\.\d+)?)/g)) {
    const t = Number(match[1]);
    if (Number.isFinite(t)) best = best === undefined ? t : Math.max(best, t);
  }
  return best;
}

/** Full jitter: uniform in [0, min(cap, base·2^(attempt−1))]. `random` is in [0, 1). */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryPolicyOptions, "baseDelayMs" | "maxDelayMs">,
  random: () => number,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Whether to try again after `attempt` attempts failed with `failure` (undefined: a final failure), and after
 * how long: Retry-After first, then the HF Hub rate-limit reset, then HF's estimated_time, else backoff.
 */
export function decideRetry(
  failure: TransientFailure | undefined,
  attempt: number,
  options: RetryPolicyOptions,
  nowMs: number,
  random: () => number,
): RetryDecision {
  if (!failure || (failure.reason === "status" && !retryableStatuses.has(failure.status))) {
    return { retry: false, why: "not-retryable" };
  }
  let hint: { ms: number; source: DelaySource } | undefined;
  if (failure.reason === "status") {
    const retryAfter = parseRetryAfter(failure.retryAfter, nowMs);
    if (retryAfter !== undefined) hint = { ms: retryAfter, source: "retry-after" };
    else if (failure.rateLimitResetS !== undefined && failure.rateLimitResetS >= 0) {
      hint = { ms: Math.round(failure.rateLimitResetS * 1000), source: "rate-limit-reset" };
    } else if (failure.estimatedTimeS !== undefined && Number.isFinite(failure.estimatedTimeS) && failure.estimatedTimeS >= 0) {
      hint = { ms: Math.round(failure.estimatedTimeS * 1000), source: "estimated-time" };
    }
  }
  if (hint && hint.ms > options.maxHintDelayMs) return { retry: false, why: "wait-too-long", retryAfterMs: hint.ms };
  if (attempt >= options.maxAttempts) {
    return { retry: false, why: "attempts-exhausted", ...(hint ? { retryAfterMs: hint.ms } : {}) };
  }
  if (hint) return { retry: true, delayMs: hint.ms, source: hint.source };
  return { retry: true, delayMs: backoffDelay(attempt, options, random), source: "backoff" };
}
