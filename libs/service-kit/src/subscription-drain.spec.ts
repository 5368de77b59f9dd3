import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { shutdownResult, SubscriptionDrain } from "./subscription-drain.js";

/** A source that yields only what the test pushes, and records return(). */
function manualSource<T>() {
  const queue: T[] = [];
  let waiting: ((r: IteratorResult<T>) => void) | undefined;
  const state = { returned: 0, ended: false };
  const source: AsyncIterableIterator<T> = {
    next: () => {
      if (queue.length) return Promise.resolve({ done: false, value: queue.shift()! });
      if (state.ended) return Promise.resolve({ done: true, value: undefined });
      return new Promise((resolve) => (waiting = resolve));
    },
    return: async () => {
      state.returned++;
      waiting?.({ done: true, value: undefined });
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  const push = (value: T) => (waiting ? (waiting({ done: false, value }), (waiting = undefined)) : queue.push(value));
  const end = () => {
    state.ended = true;
    waiting?.({ done: true, value: undefined });
  };
  return { source, push, end, state };
}

describe("SubscriptionDrain", () => {
  it("passes events through until drained, then yields the final event once and ends, releasing the source", async () => {
    const drain = new SubscriptionDrain();
    const { source, push, state } = manualSource<string>();
    const stream = drain.track(source, () => "final");
    push("a");
    assert.deepEqual(await stream.next(), { done: false, value: "a" });
    const pending = stream.next(); // waiting on the source when the drain starts
    const drained = drain.drain(10_000);
    assert.equal(drain.isDraining, true);
    assert.deepEqual(await pending, { done: false, value: "final" });
    assert.equal(state.returned, 1);
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
    await drained;
    assert.equal(drain.size, 0);
  });

  it("ends a stream tracked while draining at once (a subscription that raced the shutdown)", async () => {
    const drain = new SubscriptionDrain();
    await drain.drain(10_000);
    const { source, state } = manualSource<string>();
    const stream = drain.track(source, () => "final");
    assert.deepEqual(await stream.next(), { done: false, value: "final" });
    assert.deepEqual(await stream.next(), { done: true, value: undefined });
    assert.equal(state.returned, 1);
  });

  it("forgets a stream that ended by itself or was cancelled; draining then has nothing to wait for", async () => {
    const drain = new SubscriptionDrain();
    const ending = manualSource<string>();
    const byItself = drain.track(ending.source, () => "final");
    const cancelled = drain.track(manualSource<string>().source, () => "final");
    ending.end();
    assert.deepEqual(await byItself.next(), { done: true, value: undefined });
    await cancelled.return!();
    assert.equal(drain.size, 0);
    await drain.drain(10_000);
    assert.deepEqual(await byItself.next(), { done: true, value: undefined }, "no final event after a normal end");
  });

  it("stops waiting after the timeout when a reader never takes its final event", async () => {
    const drain = new SubscriptionDrain();
    drain.track(manualSource<string>().source, () => "final"); // never read
    await drain.drain(50); // resolves; a hang fails the test by its timeout
    assert.equal(drain.size, 1);
  });

  it("builds the final event as SERVICE_UNAVAILABLE at the subscription's field", () => {
    const result = shutdownResult(["autoAnnotationProgress"], "annotation-job");
    assert.equal(result.data, null);
    assert.deepEqual(
      result.errors?.map((e) => ({ message: e.message, path: e.path, code: e.extensions.code })),
      [
        {
          message: "The annotation-job service is shutting down; subscribe again shortly",
          path: ["autoAnnotationProgress"],
          code: "SERVICE_UNAVAILABLE",
        },
      ],
    );
  });
});
