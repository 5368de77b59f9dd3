import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SessionRunClock } from "./frame-stages.js";
import type { ModelSession } from "./model-session.js";

/** A clock the test moves by hand, and a session whose run takes `runMs` of it. */
function setup(runMs: number) {
  let now = 0;
  const clock = new SessionRunClock(() => now);
  let released = 0;
  const inner: ModelSession = {
    inputNames: ["x"],
    outputNames: ["y"],
    run: async () => {
      now += runMs;
      return { y: { type: "float32", data: new Float32Array(1), dims: [1] } };
    },
    release: async () => void released++,
  };
  return { clock, inner, session: clock.wrap(inner), advance: (ms: number) => (now += ms), released: () => released };
}

describe("SessionRunClock", () => {
  it("splits a frame into before the first run, inside the runs, and the rest", async () => {
    const { clock, session, advance } = setup(40);
    clock.begin();
    advance(3); // resize, normalise
    await session.run({});
    advance(2); // between passes
    await session.run({});
    advance(5); // decoding outputs
    assert.deepEqual(clock.stages(), { preprocessMs: 3, inferenceMs: 80, postprocessMs: 7 });
  });

  it("starts over at each begin, and counts a model that ran no session as pre-processing", async () => {
    const { clock, session, advance } = setup(10);
    clock.begin();
    await session.run({});
    clock.begin();
    advance(4);
    assert.deepEqual(clock.stages(), { preprocessMs: 4, inferenceMs: 0, postprocessMs: 0 });
    advance(1);
    await session.run({});
    assert.deepEqual(clock.stages(), { preprocessMs: 5, inferenceMs: 10, postprocessMs: 0 });
  });

  it("keeps the session's names, outputs and release, and its sessions from a factory", async () => {
    const { clock, inner, session, released } = setup(1);
    assert.deepEqual([session.inputNames, session.outputNames], [["x"], ["y"]]);
    assert.deepEqual(Object.keys(await session.run({})), ["y"]);
    await session.release();
    assert.equal(released(), 1);
    const made = await clock.factory(async () => inner)("model.onnx", { intraOpNumThreads: 1 });
    clock.begin();
    await made.run({});
    assert.equal(clock.stages().inferenceMs, 1);
  });
});
