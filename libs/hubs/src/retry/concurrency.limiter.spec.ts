import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { KeyedConcurrencyLimiter } from "./concurrency.limiter.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("KeyedConcurrencyLimiter", () => {
  it("lets at most N calls per key run, queues the rest in order, never rejects them", async () => {
    const limiter = new KeyedConcurrencyLimiter(2);
    const order: number[] = [];
    const gates: Array<() => void> = [];
    let running = 0;
    let peak = 0;
    const calls = [0, 1, 2, 3, 4].map((i) =>
      limiter.run("tenant-a", async () => {
        running++;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((resolve) => gates.push(resolve));
        running--;
        return i;
      }),
    );
    await tick();
    assert.equal(limiter.inFlight("tenant-a"), 2);
    assert.equal(limiter.waiting("tenant-a"), 3);
    while (gates.length > 0 || order.length < 5) {
      gates.shift()?.();
      await tick();
    }
    assert.deepEqual(await Promise.all(calls), [0, 1, 2, 3, 4]);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(peak, 2);
    assert.equal(limiter.activeKeys, 0, "idle keys are forgotten");
  });

  it("keeps tenants apart", async () => {
    const limiter = new KeyedConcurrencyLimiter(1);
    const releaseA = await limiter.acquire("a");
    const b = await limiter.acquire("b");
    assert.equal(limiter.inFlight("a"), 1);
    assert.equal(limiter.inFlight("b"), 1);
    releaseA();
    b();
  });

  it("releases the slot when the call throws, and a double release is harmless", async () => {
    const limiter = new KeyedConcurrencyLimiter(1);
    await assert.rejects(limiter.run("a", () => Promise.reject(new Error("boom"))));
    const release = await limiter.acquire("a");
    release();
    release();
    assert.equal(limiter.inFlight("a"), 0);
  });

  it("drops a waiter whose signal aborts, and the queue moves on", async () => {
    const limiter = new KeyedConcurrencyLimiter(1);
    const first = await limiter.acquire("a");
    const controller = new AbortController();
    const aborted = limiter.acquire("a", controller.signal);
    const third = limiter.acquire("a");
    controller.abort(new Error("cancelled"));
    await assert.rejects(aborted, /cancelled/);
    assert.equal(limiter.waiting("a"), 1);
    first();
    const release = await third;
    assert.equal(limiter.inFlight("a"), 1);
    release();
  });

  it("refuses a nonsensical bound", () => {
    assert.throws(() => new KeyedConcurrencyLimiter(0), RangeError);
  });
});
