/**
 * Identical subscriptions (same caller, document and variables: the caller of `open` builds the key) share one upstream
 * stream, fanned out to each subscriber. A subscriber that joins a running stream gets its latest value first, then
 * the values after it (one that reads slower than they come gets the latest, never a backlog); every subscriber sees
 * the stream's last value, then its error or end. The upstream stream is returned when its
 * last subscriber leaves. Correct for state streams, where the latest value is the current state (this supergraph's
 * only subscription, autoAnnotationProgress: "the job now, then as it progresses"), not for streams of events.
 */
export class SharedSubscriptions<T> {
  private readonly streams = new Map<string, SharedStream<T>>();

  /** Upstream streams open now. */
  get size(): number {
    return this.streams.size;
  }

  /** Subscribers across all streams. */
  get subscriberCount(): number {
    let n = 0;
    for (const s of this.streams.values()) n += s.subscriberCount;
    return n;
  }

  /** A subscriber's iterator on the stream `key`, starting the stream with `start` when none runs. */
  open(key: string, start: () => AsyncIterator<T>): AsyncIterableIterator<T> {
    let stream = this.streams.get(key);
    if (!stream) {
      const created: SharedStream<T> = new SharedStream(start(), () => {
        if (this.streams.get(key) === created) this.streams.delete(key);
      });
      this.streams.set(key, created);
      stream = created;
    }
    return stream.subscribe();
  }
}

type Outcome = { done: true } | { error: unknown };

class SharedStream<T> {
  private readonly subscribers = new Set<Subscriber<T>>();
  private latest: { value: T } | undefined;
  private outcome: Outcome | undefined;
  private pumping = false;
  private released = false;

  constructor(
    private readonly upstream: AsyncIterator<T>,
    private readonly onRelease: () => void,
  ) {}

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  subscribe(): AsyncIterableIterator<T> {
    const subscriber = new Subscriber<T>(() => this.leave(subscriber));
    this.subscribers.add(subscriber);
    if (this.latest) subscriber.push(structuredClone(this.latest.value));
    if (this.outcome) subscriber.end(this.outcome);
    if (!this.pumping) void this.pump();
    return subscriber;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      for (;;) {
        const next = await this.upstream.next();
        if (next.done) {
          this.finish({ done: true });
          return;
        }
        this.latest = { value: next.value };
        // Each subscriber gets its own copy: the gateway's execution may annotate a result in place.
        for (const s of this.subscribers) s.push(structuredClone(next.value));
      }
    } catch (error) {
      this.finish({ error });
    }
  }

  private finish(outcome: Outcome): void {
    this.outcome = outcome;
    // No new subscriber may join an ended stream: the next one starts a fresh upstream subscription.
    this.release(false);
    for (const s of [...this.subscribers]) s.end(outcome);
  }

  private leave(subscriber: Subscriber<T>): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0 && !this.outcome) this.release(true);
  }

  private release(returnUpstream: boolean): void {
    if (this.released) return;
    this.released = true;
    this.onRelease();
    if (returnUpstream) void this.upstream.return?.().catch(() => undefined);
  }
}

/** One subscriber's latest unread value, then the stream's end or error; `return()` leaves. */
class Subscriber<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private outcome: Outcome | undefined;
  private waiting: { resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void } | undefined;
  private left = false;

  constructor(private readonly onLeave: () => void) {}

  push(value: T): void {
    if (this.left || this.outcome) return;
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
    } else {
      // A state stream: a subscriber that has not read the last state yet gets the newer one instead (the last state
      // is never dropped). A gateway behind on 1,000 identical subscriptions catches up in one round, not a backlog.
      this.queue.length = 0;
      this.queue.push(value);
    }
  }

  end(outcome: Outcome): void {
    if (this.left || this.outcome) return;
    this.outcome = outcome;
    if (this.waiting && this.queue.length === 0) {
      const waiting = this.waiting;
      this.waiting = undefined;
      this.settle(waiting);
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.left) return Promise.resolve({ value: undefined, done: true });
    if (this.outcome) return new Promise((resolve, reject) => this.settle({ resolve, reject }));
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.left) {
      this.left = true;
      this.queue.length = 0;
      this.onLeave();
      if (this.waiting) {
        const { resolve } = this.waiting;
        this.waiting = undefined;
        resolve({ value: undefined, done: true });
      }
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private settle(waiting: { resolve: (r: IteratorResult<T>) => void; reject: (err: unknown) => void }): void {
    const outcome = this.outcome!;
    // Ended: this subscriber is done with the stream (leaving is then a no-op for the stream).
    this.left = true;
    if ("error" in outcome) waiting.reject(outcome.error);
    else waiting.resolve({ value: undefined, done: true });
  }
}
