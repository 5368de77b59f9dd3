import { HubError, HubErrorCode, isTimeoutReason, type TransientFailure } from "../hub.errors.js";
import type { Clock } from "./clock.js";
import { decideRetry, type DelaySource, type RetryPolicyOptions } from "./retry.policy.js";

export interface RetryEvent {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  readonly source: DelaySource;
  readonly failure: TransientFailure;
  readonly error: HubError;
}

export interface RetryRunOptions {
  readonly policy: RetryPolicyOptions;
  readonly clock: Clock;
  readonly random?: () => number;
  /** The caller's cancellation: stops waiting and attempting, and its reason is what is thrown. */
  readonly signal?: AbortSignal;
  /** Runs before each attempt, e.g. a rate limiter's wait. */
  readonly beforeAttempt?: (attempt: number) => Promise<void>;
  readonly onRetry?: (event: RetryEvent) => void;
}

export interface Attempt {
  readonly number: number;
  /** Aborts at the attempt timeout or with the caller's signal: pass it to the request. */
  readonly signal: AbortSignal;
}

/**
 * Runs `fn` until it succeeds or fails for good. Only HubErrors marked transient (429, 503, 504, connection
 * errors, timeouts) are retried, after the delay `decideRetry` picks; the last error is thrown with the number
 * of attempts made. Each attempt gets its own timeout signal.
 */
export async function runWithRetry<T>(fn: (attempt: Attempt) => Promise<T>, options: RetryRunOptions): Promise<T> {
  const { policy, clock, signal: outer } = options;
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    outer?.throwIfAborted();
    await options.beforeAttempt?.(attempt);
    outer?.throwIfAborted();
    const timeout = clock.timeout(policy.attemptTimeoutMs);
    const signal = outer ? AbortSignal.any([outer, timeout]) : timeout;
    let error: unknown;
    try {
      return await fn({ number: attempt, signal });
    } catch (err) {
      error = err;
    }
    if (outer?.aborted) throw outer.reason;
    const hubError = asHubError(error, timeout);
    if (!hubError) throw error;
    const decision = decideRetry(hubError.transient, attempt, policy, clock.now(), random);
    if (!decision.retry) {
      if (decision.why === "not-retryable") throw hubError;
      throw hubError.exhausted(attempt, decision.retryAfterMs);
    }
    options.onRetry?.({ attempt, delayMs: decision.delayMs, source: decision.source, failure: hubError.transient!, error: hubError });
    await clock.sleep(decision.delayMs, outer);
  }
}

function asHubError(error: unknown, timeout: AbortSignal): HubError | undefined {
  if (error instanceof HubError) return error;
  // Whatever a library throws when our attempt timeout cut it off, it is a timeout.
  if (timeout.aborted && (isTimeoutReason(error) || (error as { name?: unknown })?.name === "AbortError" || error === timeout.reason)) {
    return new HubError(HubErrorCode.Unavailable, "The hub did not answer in time", {}, { reason: "timeout" });
  }
  return undefined;
}
