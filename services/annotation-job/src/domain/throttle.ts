/** The timers a throttle uses; tests pass a fake clock. */
export interface TimerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: TimerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Calls `fire` at most once per `intervalMs`, leading and trailing edge: a trigger after a quiet
 * interval fires at once; triggers inside the interval collapse into one fire at its end. The
 * fire reads the latest state itself, so intermediate states may be skipped but the last never is.
 */
export class TrailingThrottle {
  private lastFireAt = Number.NEGATIVE_INFINITY;
  private timer: unknown;
  private closed = false;

  constructor(
    private readonly intervalMs: number,
    private readonly fire: () => void,
    private readonly clock: TimerClock = systemClock,
  ) {}

  /** Records a fire made outside the throttle (such as the initial state), so the interval counts from it. */
  markFired(): void {
    this.lastFireAt = this.clock.now();
  }

  trigger(): void {
    if (this.closed || this.timer !== undefined) return;
    const wait = this.lastFireAt + this.intervalMs - this.clock.now();
    if (wait <= 0) {
      this.run();
      return;
    }
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.closed) this.run();
    }, wait);
  }

  /** Whether a trailing fire is waiting. */
  get pending(): boolean {
    return this.timer !== undefined;
  }

  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private run(): void {
    this.lastFireAt = this.clock.now();
    this.fire();
  }
}
