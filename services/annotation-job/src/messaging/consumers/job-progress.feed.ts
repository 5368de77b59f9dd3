import type { Messaging } from "@prelabel/messaging";
import { Contracts, type JobProgressed } from "@prelabel/proto";

type Subscription = ReturnType<Messaging["subscribeLive"]>;

/** Tells listeners that a job changed (the event itself is only a hint: state is read from the DB). */
export interface ProgressFeed {
  /** Resolves once the server is known to route events to this listener; the returned function stops listening. */
  listen(jobId: string, onEvent: (event: JobProgressed) => void): Promise<() => void>;
}

/**
 * One core-NATS subscription per replica, fanned out locally by job id: N GraphQL subscribers
 * cost one subscription, not N. It subscribes with the first listener and unsubscribes with the last.
 */
export class NatsProgressFeed implements ProgressFeed {
  private subscription?: Subscription;
  private readonly listeners = new Map<string, Set<(event: JobProgressed) => void>>();

  constructor(private readonly messaging: Pick<Messaging, "subscribeLive" | "nc">) {}

  async listen(jobId: string, onEvent: (event: JobProgressed) => void): Promise<() => void> {
    let set = this.listeners.get(jobId);
    if (!set) this.listeners.set(jobId, (set = new Set()));
    set.add(onEvent);
    this.subscription ??= this.messaging.subscribeLive(Contracts.jobProgressed, (event) => this.dispatch(event));
    // The SUB has reached the server once a round trip completes: events from now on are seen.
    await this.messaging.nc.flush();
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const current = this.listeners.get(jobId);
      current?.delete(onEvent);
      if (current && current.size === 0) this.listeners.delete(jobId);
      if (this.listeners.size === 0 && this.subscription) {
        this.subscription.unsubscribe();
        this.subscription = undefined;
      }
    };
  }

  /** Listeners currently registered (all jobs). */
  get listenerCount(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  /** Whether the NATS subscription is open. */
  get subscribed(): boolean {
    return this.subscription !== undefined && !this.subscription.isClosed();
  }

  close(): void {
    this.listeners.clear();
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private dispatch(event: JobProgressed): void {
    const set = this.listeners.get(event.jobId);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // One subscriber's failure must not starve the others.
      }
    }
  }
}
