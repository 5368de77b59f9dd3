import { abortError } from "./clock.js";

interface Waiter {
  grant: () => void;
}

interface Lane {
  inFlight: number;
  queue: Waiter[];
}

/**
 * At most `maxInFlight` calls per key (tenant) at a time; the rest wait in FIFO order, never fail for
 * waiting. A waiter whose signal aborts leaves the queue. Idle keys are forgotten.
 */
export class KeyedConcurrencyLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(readonly maxInFlight: number) {
    if (!Number.isInteger(maxInFlight) || maxInFlight < 1) throw new RangeError("maxInFlight must be a positive integer");
  }

  /** Resolves with a release function (safe to call twice) once a slot is free. */
  acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    const lane = this.lane(key);
    if (lane.inFlight < this.maxInFlight) {
      lane.inFlight++;
      return Promise.resolve(this.releaser(key, lane));
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.releaser(key, lane));
        },
      };
      const onAbort = () => {
        lane.queue = lane.queue.filter((w) => w !== waiter);
        this.forgetIfIdle(key, lane);
        reject(abortError(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      lane.queue.push(waiter);
    });
  }

  async run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(key, signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  inFlight(key: string): number {
    return this.lanes.get(key)?.inFlight ?? 0;
  }

  waiting(key: string): number {
    return this.lanes.get(key)?.queue.length ?? 0;
  }

  /** Keys with calls in flight or waiting. */
  get activeKeys(): number {
    return this.lanes.size;
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { inFlight: 0, queue: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }

  private releaser(key: string, lane: Lane): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = lane.queue.shift();
      // The slot passes straight to the next waiter, so a newcomer cannot overtake the queue.
      if (next) next.grant();
      else {
        lane.inFlight--;
        this.forgetIfIdle(key, lane);
      }
    };
  }

  private forgetIfIdle(key: string, lane: Lane): void {
    if (lane.inFlight === 0 && lane.queue.length === 0 && this.lanes.get(key) === lane) this.lanes.delete(key);
  }
}
