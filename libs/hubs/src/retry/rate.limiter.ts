import type { Clock } from "./clock.js";

interface Bucket {
  tokens: number;
  updatedAt: number;
  /** Serialises waiters per key so they are served in arrival order. */
  tail: Promise<void>;
  pending: number;
}

export interface RateLimiterOptions {
  /** Sustained calls per second per key. */
  readonly ratePerSecond: number;
  /** Calls allowed back to back after a quiet spell (default: one second's worth, at least 1). */
  readonly burst?: number;
  readonly clock: Clock;
}

/** A token bucket per key (tenant): waits, never fails, until a call is allowed. */
export class KeyedRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly burst: number;

  constructor(private readonly options: RateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError("ratePerSecond must be positive");
    this.burst = Math.max(1, options.burst ?? Math.ceil(options.ratePerSecond));
  }

  acquire(key: string, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const bucket = this.bucket(key);
    bucket.pending++;
    const turn = bucket.tail.then(() => this.take(bucket, signal));
    // The next waiter starts after this one, whether it got a token or was aborted.
    bucket.tail = turn.catch(() => undefined);
    return turn.finally(() => {
      bucket.pending--;
      this.prune();
    });
  }

  private async take(bucket: Bucket, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill(bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return;
      }
      const waitMs = Math.ceil(((1 - bucket.tokens) / this.options.ratePerSecond) * 1000);
      await this.options.clock.sleep(waitMs, signal);
    }
  }

  private refill(bucket: Bucket): void {
    const now = this.options.clock.now();
    const elapsed = Math.max(0, now - bucket.updatedAt);
    bucket.tokens = Math.min(this.burst, bucket.tokens + (elapsed / 1000) * this.options.ratePerSecond);
    bucket.updatedAt = now;
  }

  private bucket(key: string): Bucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = { tokens: this.burst, updatedAt: this.options.clock.now(), tail: Promise.resolve(), pending: 0 };
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Forgets keys that are idle and full again, so tenants seen once do not accumulate. */
  private prune(): void {
    if (this.buckets.size < 256) return;
    for (const [key, bucket] of this.buckets) {
      this.refill(bucket);
      if (bucket.pending === 0 && bucket.tokens >= this.burst) this.buckets.delete(key);
    }
  }

  get trackedKeys(): number {
    return this.buckets.size;
  }
}
