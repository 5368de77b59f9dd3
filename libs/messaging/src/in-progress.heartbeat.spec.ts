import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it, mock } from "node:test";
import { heartbeatIntervalMs, keepInProgress, MAX_HEARTBEAT_MS } from "./in-progress.heartbeat.js";

describe("in-progress heartbeat", () => {
  beforeEach(() => mock.timers.enable({ apis: ["setInterval"] }));
  afterEach(() => mock.timers.reset());

  it("acks in progress every interval while the handler runs, and never after it stops", () => {
    let beats = 0;
    const beat = keepInProgress({ working: () => void beats++ }, 3_000);
    mock.timers.tick(2_999);
    assert.equal(beats, 0, "not before the first interval");
    mock.timers.tick(1);
    assert.equal(beats, 1);
    // A 12 s inference on a 10 s ack_wait: four beats, none of the gaps as long as ack_wait.
    mock.timers.tick(9_000);
    assert.equal(beats, 4);
    beat.stop();
    mock.timers.tick(60_000);
    assert.equal(beats, 4, "stopped with the handler");
  });

  it("keeps beating when one in-progress ack cannot be sent", () => {
    let calls = 0;
    const beat = keepInProgress(
      {
        working: () => {
          calls++;
          if (calls === 1) throw new Error("connection draining");
        },
      },
      1_000,
    );
    mock.timers.tick(3_000);
    assert.equal(calls, 3);
    beat.stop();
  });

  it("beats at a third of ack_wait, at most every 5 s", () => {
    assert.equal(heartbeatIntervalMs(10_000), 3_333);
    assert.equal(heartbeatIntervalMs(60_000), MAX_HEARTBEAT_MS);
    assert.equal(heartbeatIntervalMs(600), 200);
    assert.equal(heartbeatIntervalMs(undefined), MAX_HEARTBEAT_MS);
    assert.equal(heartbeatIntervalMs(0), MAX_HEARTBEAT_MS);
  });
});
