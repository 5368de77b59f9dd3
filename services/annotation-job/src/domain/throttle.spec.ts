import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TrailingThrottle } from "./throttle.js";
import { FakeTimerClock } from "./fake-timer.clock.testing.js";

function setup(interval = 100) {
  const clock = new FakeTimerClock();
  const fired: number[] = [];
  const throttle = new TrailingThrottle(interval, () => fired.push(clock.now()), clock);
  return { clock, fired, throttle };
}

describe("TrailingThrottle", () => {
  it("fires at once after a quiet interval (leading edge)", () => {
    const { clock, fired, throttle } = setup();
    clock.t = 1000;
    throttle.trigger();
    assert.deepEqual(fired, [1000]);
  });
  it("collapses a burst into one trailing fire at the end of the interval", () => {
    const { clock, fired, throttle } = setup();
    throttle.trigger(); // t=0, leading
    for (let i = 0; i < 10; i++) {
      clock.advance(5);
      throttle.trigger();
    }
    assert.deepEqual(fired, [0]);
    clock.advance(49); // t=99
    assert.deepEqual(fired, [0]);
    clock.advance(1); // t=100
    assert.deepEqual(fired, [0, 100]);
    clock.advance(1000);
    assert.deepEqual(fired, [0, 100], "no fire without a trigger");
  });
  it("never fires more than once per interval under a steady stream", () => {
    const { clock, fired, throttle } = setup();
    for (let i = 0; i < 100; i++) {
      throttle.trigger();
      clock.advance(7);
    }
    clock.advance(200);
    for (let i = 1; i < fired.length; i++) assert.ok(fired[i] - fired[i - 1] >= 100, `${fired[i - 1]} -> ${fired[i]}`);
    assert.ok(fired.length >= 7 && fired.length <= 8, `fired ${fired.length} times`);
    assert.ok(fired.at(-1)! >= 693, "the last trigger is followed by a fire (trailing edge kept)");
  });
  it("counts the interval from an outside fire (markFired)", () => {
    const { clock, fired, throttle } = setup();
    clock.t = 500;
    throttle.markFired();
    clock.advance(30);
    throttle.trigger();
    assert.deepEqual(fired, []);
    clock.advance(70);
    assert.deepEqual(fired, [600]);
  });
  it("stops firing once closed and clears its timer", () => {
    const { clock, fired, throttle } = setup();
    throttle.trigger();
    throttle.trigger();
    assert.ok(throttle.pending);
    throttle.close();
    assert.equal(clock.scheduled, 0);
    clock.advance(500);
    throttle.trigger();
    assert.deepEqual(fired, [0]);
  });
});
