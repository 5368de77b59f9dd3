/**
 * An async iterator fed by pushes, for one subscriber. A slow reader gets the latest value, not a
 * backlog: an unread value is replaced by a newer one. The last value is always delivered, then
 * the iterator ends. `return()` (the client went away) runs `onClose` exactly once.
 */
export class LatestValueChannel<T> implements AsyncIterableIterator<T> {
  private unread: { value: T } | undefined;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private ended = false;
  private closed = false;

  constructor(private readonly onClose: () => void) {}

  /** Offers a value; `last` ends the stream after it. Ignored once ended. */
  push(value: T, last = false): void {
    if (this.ended) return;
    if (last) this.ended = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value, done: false });
    } else {
      this.unread = { value };
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.unread) {
      const { value } = this.unread;
      this.unread = undefined;
      return Promise.resolve({ value, done: false });
    }
    if (this.ended) {
      this.close();
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.ended = true;
    this.unread = undefined;
    this.close();
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: undefined, done: true });
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(): Promise<IteratorResult<T>> {
    return this.return();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
