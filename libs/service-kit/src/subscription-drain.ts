import type { ExecutionResult } from "graphql";
import { GraphQLError } from "graphql";
import { AppError, ErrorCode } from "./errors.js";

/**
 * The final event a subscription gets when its server shuts down: no data, one SERVICE_UNAVAILABLE error at the
 * subscription's field. The client subscribes again (to a replacement, or later); subscriptions start with the
 * current state, so nothing is lost.
 */
export function shutdownResult(path: readonly (string | number)[] | undefined, service: string): ExecutionResult {
  const cause = new AppError(ErrorCode.ServiceUnavailable, `The ${service} service is shutting down; subscribe again shortly`);
  return { data: null, errors: [new GraphQLError(cause.message, { path, originalError: cause, extensions: { code: cause.code } })] };
}

/**
 * Ends subscriptions in a defined way when the server shuts down. Each subscription's result stream is wrapped
 * (`track`); `drain()` makes every wrapped stream yield one last result (from `final`) and then end, so graphql-ws
 * sends `next` with the error and `complete` while the socket is still open. Until the server closes, new
 * subscriptions are refused (`draining`).
 */
export class SubscriptionDrain {
  private readonly open = new Set<TrackedStream>();
  private draining = false;

  get isDraining(): boolean {
    return this.draining;
  }

  /** Subscriptions still open (for tests and logs). */
  get size(): number {
    return this.open.size;
  }

  track<T>(source: AsyncIterable<T>, final: () => T): AsyncIterableIterator<T> {
    const stream = new TrackedStream(source as AsyncIterable<unknown>, final, (s) => this.open.delete(s));
    this.open.add(stream);
    if (this.draining) stream.end();
    return stream as AsyncIterableIterator<unknown> as AsyncIterableIterator<T>;
  }

  /**
   * Ends every open stream and resolves once each has handed out its final result and finished, or after
   * `timeoutMs` (a reader stuck on a slow socket must not hold the shutdown).
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const streams = [...this.open];
    for (const stream of streams) stream.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(streams.map((s) => s.finished)),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs))),
    ]);
    clearTimeout(timer);
  }
}

/**
 * A pass-through async iterator that, once `end()` is called, gives up on the source (returning it), yields
 * `final()` once and is done. Written by hand (not an async generator) so `end()` takes effect while a `next()`
 * is still waiting on the source.
 */
class TrackedStream implements AsyncIterableIterator<unknown> {
  private readonly source: AsyncIterator<unknown>;
  private ending = false;
  private finalSent = false;
  private done = false;
  private wake?: () => void;
  private readonly endSignal: Promise<void>;
  private resolveFinished!: () => void;
  /** Resolves when the consumer has taken the final result and asked for more (or the stream ended by itself). */
  readonly finished = new Promise<void>((resolve) => (this.resolveFinished = resolve));

  constructor(
    source: AsyncIterable<unknown>,
    private readonly final: () => unknown,
    private readonly onDone: (self: TrackedStream) => void,
  ) {
    this.source = source[Symbol.asyncIterator]();
    this.endSignal = new Promise<void>((resolve) => (this.wake = resolve));
  }

  end(): void {
    if (this.ending || this.done) return;
    this.ending = true;
    this.wake?.();
    // The source (e.g. a progress feed listener) is released now, not when its next event would have come.
    void Promise.resolve(this.source.return?.()).catch(() => undefined);
  }

  async next(): Promise<IteratorResult<unknown>> {
    if (this.done) return { done: true, value: undefined };
    if (!this.ending) {
      let step: IteratorResult<unknown> | undefined;
      try {
        step = await Promise.race([this.source.next(), this.endSignal.then(() => undefined)]);
      } catch (err) {
        this.finish();
        throw err;
      }
      if (step && !this.ending) {
        if (step.done) this.finish();
        return step;
      }
    }
    if (!this.finalSent) {
      this.finalSent = true;
      return { done: false, value: this.final() };
    }
    this.finish();
    return { done: true, value: undefined };
  }

  async return(): Promise<IteratorResult<unknown>> {
    if (!this.done) {
      this.finish();
      await this.source.return?.();
    }
    return { done: true, value: undefined };
  }

  async throw(err?: unknown): Promise<IteratorResult<unknown>> {
    if (this.done) throw err;
    this.finish();
    if (this.source.throw) return this.source.throw(err);
    throw err;
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<unknown> {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onDone(this);
    this.resolveFinished();
  }
}
