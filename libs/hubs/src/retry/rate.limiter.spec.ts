import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ManualClock } from "./manual.clock.js";
import { KeyedRateLimiter } from "./rate.limiter.js";

describe("KeyedRateLimiter", () => {
  it("allows a burst, then spaces calls at the rate, per key", async () => {
    const clock = new ManualClock();
    const limiter = new KeyedRateLimiter({ ratePerSecond: 2, burst: 2, clock });
    const granted: Array<[string, number]> = [];
    const take = (key: string) => limiter.acquire(key).then(() => granted.push([key, clock.now()]));
    const all = [take("a"), take("a"), take("a"), take("a"), take("b")];
    await clock.advance(0);
    // Keys do not wait for each other; within a key, the burst passes at once.
    assert.deepEqual(granted.map(([k, t]) => `${k}@${t}`).sort(), ["a@0", "a@0", "b@0"]);
    await clock.advance(500);
    await clock.advance(500);
    await Promise.all(all);
    assert.deepEqual(
      granted.filter(([k]) => k === "a").map(([, t]) => t),
      [0, 0, 500, 1000],
    );
  });

  it("an aborted waiter leaves without blocking the next", async () => {
    const clock = new ManualClock();
    const limiter = new KeyedRateLimiter({ ratePerSecond: 1, burst: 1, clock });
    await limiter.acquire("a");
    const controller = new AbortController();
    const aborted = limiter.acquire("a", controller.signal);
    const next = limiter.acquire("a");
    await clock.advance(10);
    controller.abort(new Error("gone"));
    await assert.rejects(aborted, /gone/);
    await clock.advance(1_000);
    await next;
    assert.equal(clock.now(), 1_010);
  });

  it("refuses a nonsensical rate", () => {
    assert.throws(() => new KeyedRateLimiter({ ratePerSecond: 0, clock: new ManualClock() }), RangeError);
  });
});
