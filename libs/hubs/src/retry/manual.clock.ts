import { abortError, type Clock } from "./clock.js";

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * A clock that moves only when told: `advance(ms)` fires what falls due, in order. `sleeps` records every
 * requested delay so tests can assert the backoff without waiting for it.
 */
export class ManualClock implements Clock {
  private current: number;
  private seq = 0;
  private timers: Timer[] = [];
  readonly sleeps: number[] = [];

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortError(signal));
        return;
      }
      const timer = this.schedule(ms, () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      });
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer);
        reject(abortError(signal!));
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  timeout(ms: number): AbortSignal {
    const controller = new AbortController();
    this.schedule(ms, () => controller.abort(new DOMException("The operation timed out.", "TimeoutError")));
    return controller.signal;
  }

  /** Moves time forward, firing due timers one at a time and letting promise callbacks run between them. */
  async advance(ms: number): Promise<void> {
    const target = this.current + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.timers = this.timers.filter((t) => t !== next);
      this.current = Math.max(this.current, next.at);
      next.fire();
    }
    this.current = target;
    await flushMicrotasks();
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.length;
  }

  private schedule(ms: number, fire: () => void): Timer {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fire };
    this.timers.push(timer);
    return timer;
  }
}

async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
