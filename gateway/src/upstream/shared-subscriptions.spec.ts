import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SharedSubscriptions } from "./shared-subscriptions.js";

/** An upstream stream the test drives: push values, end or fail it; counts how often it was returned. */
class Upstream implements AsyncIterator<number> {
  returned = 0;
  private queue: IteratorResult<number>[] = [];
  private waiting: ((r: IteratorResult<number>) => void) | undefined;
  private failure: { error: Error } | undefined;
  private failWaiting: ((err: unknown) => void) | undefined;
  push(value: number, done = false) {
    const r: IteratorResult<number> = done ? { value: undefined, done: true } : { value, done: false };
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = undefined;
      w(r);
    } else this.queue.push(r);
  }
  fail(error: Error) {
    this.failure = { error };
    this.failWaiting?.(error);
  }
  next(): Promise<IteratorResult<number>> {
    if (this.queue.length) return Promise.resolve(this.queue.shift()!);
    if (this.failure) return Promise.reject(this.failure.error);
    return new Promise((resolve, reject) => ((this.waiting = resolve), (this.failWaiting = reject)));
  }
  async return(): Promise<IteratorResult<number>> {
    this.returned++;
    this.push(0, true);
    return { value: undefined, done: true };
  }
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("SharedSubscriptions", () => {
  it("one upstream stream for identical subscriptions; a late joiner gets the latest value first, then the rest", async () => {
    const shared = new SharedSubscriptions<number>();
    const upstreams: Upstream[] = [];
    const start = () => {
      const u = new Upstream();
      upstreams.push(u);
      return u;
    };
    const a = shared.open("k", start);
    const b = shared.open("k", start);
    assert.equal(upstreams.length, 1);
    const firstOfA = a.next();
    const firstOfB = b.next();
    upstreams[0].push(1);
    assert.deepEqual([(await firstOfA).value, (await firstOfB).value], [1, 1]);
    upstreams[0].push(2);
    assert.deepEqual([(await a.next()).value, (await b.next()).value], [2, 2]);
    const late = shared.open("k", start);
    assert.equal((await late.next()).value, 2, "the latest value at once");
    upstreams[0].push(3);
    for (const s of [a, b, late]) assert.equal((await s.next()).value, 3);
    const other = shared.open("other", start);
    assert.equal(upstreams.length, 2, "another key has its own stream");
    await other.return!();
    assert.equal(upstreams[1].returned, 1);
    upstreams[0].push(0, true);
    for (const s of [a, b, late]) assert.deepEqual(await s.next(), { value: undefined, done: true });
    assert.equal(shared.size, 0);
    assert.equal(upstreams[0].returned, 0, "an ended stream is not returned");
    shared.open("k", start);
    assert.equal(upstreams.length, 3, "after the end, the next subscriber starts a fresh stream");
  });

  it("a subscriber leaving mid-stream stops only itself; the last one returns the upstream stream", async () => {
    const shared = new SharedSubscriptions<number>();
    const upstream = new Upstream();
    const a = shared.open("k", () => upstream);
    const b = shared.open("k", () => upstream);
    upstream.push(1);
    assert.equal((await a.next()).value, 1);
    await a.return!();
    assert.deepEqual(await a.next(), { value: undefined, done: true });
    upstream.push(2);
    await tick();
    assert.equal((await b.next()).value, 2, "b read nothing yet: the latest state, not a backlog");
    assert.equal(upstream.returned, 0);
    assert.equal(shared.subscriberCount, 1);
    await b.return!();
    await tick();
    assert.equal(upstream.returned, 1);
    assert.equal(shared.size, 0);
  });

  it("a slow subscriber gets the latest value, never a backlog, and always the last one before the end", async () => {
    const shared = new SharedSubscriptions<number>();
    const upstream = new Upstream();
    const slow = shared.open("k", () => upstream);
    for (let i = 1; i <= 5; i++) upstream.push(i);
    upstream.push(0, true);
    await tick();
    assert.deepEqual(await slow.next(), { value: 5, done: false });
    assert.deepEqual(await slow.next(), { value: undefined, done: true });
  });

  it("an upstream error reaches every subscriber", async () => {
    const shared = new SharedSubscriptions<number>();
    const upstream = new Upstream();
    const a = shared.open("k", () => upstream);
    const b = shared.open("k", () => upstream);
    const pending = a.next();
    await tick();
    upstream.fail(new Error("socket closed 1006"));
    await assert.rejects(pending, /1006/);
    await assert.rejects(b.next(), /1006/);
    assert.equal(shared.size, 0);
  });

  it("each subscriber gets its own copy of a value", async () => {
    const shared = new SharedSubscriptions<{ n: number }>();
    let push!: (v: { n: number }) => void;
    const upstream: AsyncIterator<{ n: number }> = {
      next: () => new Promise((resolve) => (push = (v) => resolve({ value: v, done: false }))),
    };
    const a = shared.open("k", () => upstream);
    const b = shared.open("k", () => upstream);
    await tick();
    push({ n: 1 });
    const va = (await a.next()).value;
    const vb = (await b.next()).value;
    assert.deepEqual(va, vb);
    assert.notEqual(va, vb);
  });
});
