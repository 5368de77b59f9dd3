export interface TimeoutBreakerOptions {
  /** Timeouts in a row that open the breaker (default 3). */
  readonly threshold?: number;
  /** How long it stays open before one frame may try again (default 60 s). */
  readonly cooldownMs?: number;
  readonly now?: () => number;
}

interface State {
  timeouts: number;
  openUntil: number;
  /** Half-open: one frame is trying; the others keep failing fast until it ends. */
  probing: boolean;
}

/**
 * Per (tenant, model): after `threshold` timeouts in a row, that tenant's frames of that model fail at once for
 * `cooldownMs` instead of each spending the whole budget on a runner, so a looping model cannot starve the other
 * tenants' jobs. After the cooldown one frame tries again (half-open): a success closes the breaker, another
 * timeout opens it for a new cooldown.
 */
export class TimeoutBreaker {
  private readonly states = new Map<string, State>();
  private readonly threshold: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(options: TimeoutBreakerOptions = {}) {
    this.threshold = Math.max(1, options.threshold ?? 3);
    this.cooldownMs = options.cooldownMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Whether a frame may run now; when it may and the breaker was open, this frame is the half-open probe. */
  admit(tenantId: string, modelId: string): { allowed: true } | { allowed: false; timeouts: number; retryInMs: number } {
    const state = this.states.get(key(tenantId, modelId));
    if (!state || state.timeouts < this.threshold) return { allowed: true };
    const now = this.now();
    if (now < state.openUntil || state.probing)
      return { allowed: false, timeouts: state.timeouts, retryInMs: Math.max(0, state.openUntil - now) };
    state.probing = true;
    return { allowed: true };
  }

  /** While open (cooldown not over): how many timeouts opened it and when a frame may try again. Claims nothing. */
  openState(tenantId: string, modelId: string): { timeouts: number; retryInMs: number } | undefined {
    const state = this.states.get(key(tenantId, modelId));
    if (!state || state.timeouts < this.threshold) return undefined;
    const retryInMs = state.openUntil - this.now();
    return retryInMs > 0 || state.probing ? { timeouts: state.timeouts, retryInMs: Math.max(0, retryInMs) } : undefined;
  }

  timedOut(tenantId: string, modelId: string): void {
    const k = key(tenantId, modelId);
    const state = this.states.get(k) ?? { timeouts: 0, openUntil: 0, probing: false };
    state.timeouts++;
    state.probing = false;
    if (state.timeouts >= this.threshold) state.openUntil = this.now() + this.cooldownMs;
    this.states.set(k, state);
  }

  /** The frame finished (or failed for another reason than time): the model is answering again. */
  finished(tenantId: string, modelId: string): void {
    this.states.delete(key(tenantId, modelId));
  }

  /** A half-open probe that ended without an answer either way (cancelled): let the next frame probe. */
  released(tenantId: string, modelId: string): void {
    const state = this.states.get(key(tenantId, modelId));
    if (state) state.probing = false;
  }
}

const key = (tenantId: string, modelId: string) => `${tenantId}\u0000${modelId}`;
