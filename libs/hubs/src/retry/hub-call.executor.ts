import type { HubName } from "../hub.errors.js";
import type { CallContext, HubLogger } from "../hub.types.js";
import { systemClock, type Clock } from "./clock.js";
import { KeyedConcurrencyLimiter } from "./concurrency.limiter.js";
import { KeyedRateLimiter } from "./rate.limiter.js";
import { defaultRetryPolicy, type RetryPolicyOptions } from "./retry.policy.js";
import { runWithRetry, type Attempt, type RetryEvent } from "./retry.runner.js";

export interface HubCallLimits {
  readonly retry?: Partial<RetryPolicyOptions>;
  /** Calls in flight per tenant (retries and their waits included); more wait their turn. */
  readonly maxConcurrentPerTenant?: number;
  /** Requests per second per tenant (each attempt counts); unset means unlimited. */
  readonly ratePerSecondPerTenant?: number;
  readonly burstPerTenant?: number;
}

export interface HubCallExecutorOptions {
  readonly hub: HubName;
  readonly limits?: HubCallLimits;
  readonly clock?: Clock;
  /** In [0, 1), for the backoff jitter. */
  readonly random?: () => number;
  readonly logger?: HubLogger;
  readonly onRetry?: (event: RetryEvent & { readonly operation: string }) => void;
}

/**
 * How every hub call runs: one per-tenant concurrency slot for the whole call, a rate-limit token per attempt,
 * a timeout per attempt, and the retry policy between attempts.
 */
export class HubCallExecutor {
  readonly policy: RetryPolicyOptions;
  readonly clock: Clock;
  private readonly concurrency: KeyedConcurrencyLimiter;
  private readonly rate?: KeyedRateLimiter;

  constructor(private readonly options: HubCallExecutorOptions) {
    this.policy = { ...defaultRetryPolicy, ...options.limits?.retry };
    this.clock = options.clock ?? systemClock;
    this.concurrency = new KeyedConcurrencyLimiter(options.limits?.maxConcurrentPerTenant ?? 4);
    const rate = options.limits?.ratePerSecondPerTenant;
    if (rate !== undefined)
      this.rate = new KeyedRateLimiter({ ratePerSecond: rate, burst: options.limits?.burstPerTenant, clock: this.clock });
  }

  run<T>(ctx: CallContext, operation: string, fn: (attempt: Attempt) => Promise<T>): Promise<T> {
    return this.concurrency.run(
      ctx.tenant,
      () =>
        runWithRetry(fn, {
          policy: this.policy,
          clock: this.clock,
          random: this.options.random,
          signal: ctx.signal,
          beforeAttempt: this.rate ? () => this.rate!.acquire(ctx.tenant, ctx.signal) : undefined,
          onRetry: (event) => {
            this.options.logger?.warn(
              {
                hub: this.options.hub,
                operation,
                tenant: ctx.tenant,
                attempt: event.attempt,
                delayMs: event.delayMs,
                delaySource: event.source,
                failure: event.failure.reason === "status" ? event.failure.status : event.failure.reason,
                code: event.error.code,
              },
              "hub call failed, retrying",
            );
            this.options.onRetry?.({ ...event, operation });
          },
        }),
      ctx.signal,
    );
  }

  inFlight(tenant: string): number {
    return this.concurrency.inFlight(tenant);
  }

  waiting(tenant: string): number {
    return this.concurrency.waiting(tenant);
  }
}
