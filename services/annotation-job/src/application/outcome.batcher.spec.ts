import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { FrameOutcome, OutcomeResult } from "./job-outcome.service.js";
import { OutcomeBatcher } from "./outcome.batcher.js";

const outcome = (jobId: string, frame: number): FrameOutcome => ({
  tenantId: "t",
  jobId,
  frame,
  succeeded: false,
  code: "X",
  reason: "",
});

describe("OutcomeBatcher", () => {
  it("records what one turn submitted as one batch per job, and what waited during it as the next batch", async () => {
    const batches: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new OutcomeBatcher(async (batch) => {
      batches.push(batch.map((o) => `${o.jobId}${o.frame}`).join(","));
      if (batches.length === 1) await gate;
      return batch.map((o): OutcomeResult => ({ kind: "dropped", reason: `${o.jobId}${o.frame}` }));
    });
    const first = [batcher.submit(outcome("a", 1)), batcher.submit(outcome("a", 2))];
    await new Promise((r) => setImmediate(r));
    // While a's first batch runs: more of a wait, b has its own lane.
    const waiting = [batcher.submit(outcome("a", 3)), batcher.submit(outcome("b", 1)), batcher.submit(outcome("a", 4))];
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(batches, ["a1,a2", "b1"]);
    release();
    const results = await Promise.all([...first, ...waiting]);
    assert.deepEqual(batches, ["a1,a2", "b1", "a3,a4"]);
    assert.deepEqual(
      results.map((r) => (r.kind === "dropped" ? r.reason : r.kind)),
      ["a1", "a2", "a3", "b1", "a4"],
      "each caller gets its own outcome's result",
    );
  });

  it("splits a long wait at maxBatch, and a failed batch fails only its own callers", async () => {
    const sizes: number[] = [];
    const batcher = new OutcomeBatcher(async (batch) => {
      sizes.push(batch.length);
      if (sizes.length === 1) throw new Error("database away");
      return batch.map((): OutcomeResult => ({ kind: "duplicate" }));
    }, 2);
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((f) => batcher.submit(outcome("a", f))));
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.deepEqual(
      results.map((r) => r.status),
      ["rejected", "rejected", "fulfilled", "fulfilled", "fulfilled"],
    );
  });
});
