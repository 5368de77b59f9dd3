import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TimeoutBreaker } from "./timeout-breaker.js";

describe("TimeoutBreaker", () => {
  const setup = () => {
    let now = 1_000;
    const breaker = new TimeoutBreaker({ threshold: 3, cooldownMs: 60_000, now: () => now });
    return { breaker, advance: (ms: number) => (now += ms) };
  };

  it("opens after three timeouts in a row for that tenant and model only", () => {
    const { breaker } = setup();
    for (let i = 0; i < 2; i++) {
      assert.deepEqual(breaker.admit("a", "loop"), { allowed: true });
      breaker.timedOut("a", "loop");
    }
    assert.equal(breaker.openState("a", "loop"), undefined, "two are not enough");
    breaker.timedOut("a", "loop");
    assert.deepEqual(breaker.admit("a", "loop"), { allowed: false, timeouts: 3, retryInMs: 60_000 });
    assert.deepEqual(breaker.openState("a", "loop"), { timeouts: 3, retryInMs: 60_000 });
    // Another tenant on the same model, and the same tenant on another model, are not affected.
    assert.deepEqual(breaker.admit("b", "loop"), { allowed: true });
    assert.deepEqual(breaker.admit("a", "cars"), { allowed: true });
  });

  it("a finished frame resets the count: only timeouts in a row open it", () => {
    const { breaker } = setup();
    breaker.timedOut("a", "m");
    breaker.timedOut("a", "m");
    breaker.finished("a", "m");
    breaker.timedOut("a", "m");
    breaker.timedOut("a", "m");
    assert.deepEqual(breaker.admit("a", "m"), { allowed: true });
  });

  it("after the cooldown lets one frame probe: success closes it, another timeout reopens it", () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.timedOut("a", "m");
    advance(60_000);
    assert.equal(breaker.openState("a", "m"), undefined, "the cooldown is over: no fast failure before the probe");
    assert.deepEqual(breaker.admit("a", "m"), { allowed: true }, "the probe");
    assert.equal(breaker.admit("a", "m").allowed, false, "one probe at a time");
    assert.ok(breaker.openState("a", "m"), "others fail fast while the probe runs");
    breaker.timedOut("a", "m");
    assert.deepEqual(breaker.admit("a", "m"), { allowed: false, timeouts: 4, retryInMs: 60_000 });

    advance(60_000);
    assert.deepEqual(breaker.admit("a", "m"), { allowed: true });
    breaker.finished("a", "m");
    assert.deepEqual(breaker.admit("a", "m"), { allowed: true });
    assert.deepEqual(breaker.admit("a", "m"), { allowed: true }, "closed");
  });

  it("a probe that ends without an answer (cancelled) lets the next frame probe", () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i++) breaker.timedOut("a", "m");
    advance(60_001);
    assert.equal(breaker.admit("a", "m").allowed, true);
    breaker.released("a", "m");
    assert.equal(breaker.admit("a", "m").allowed, true);
  });
});
