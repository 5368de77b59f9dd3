import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { FrameFailureCode } from "@prelabel/proto";
import { FrameDecodeError, FrameFailure, ModelError } from "../inference.errors.js";
import { InferenceAbortedError, InferenceRunnerPool, type RunnerReplacement } from "./runner-pool.js";
import type { RunnerModelPlan } from "./runner.protocol.js";

/*
 * The pool's process handling, with a stand-in runner (a few lines of JS speaking runner.protocol.ts) whose
 * behaviour the plan's model id picks: real child processes, killed and replaced for real, no onnxruntime.
 */
const FAKE_RUNNER = `
process.on("message", (m) => {
  if (m.type !== "infer") return;
  const send = (x) => process.send(x);
  switch (m.plan.modelId) {
    case "fast": send({ type: "started", id: m.id }); return send({ type: "done", id: m.id, detections: [{ label: "car", score: 0.9, box: [0, 0, 1, 1] }], decodeMs: 1, inferenceMs: 2, stages: { preprocessMs: 0.25, inferenceMs: 1.5, postprocessMs: 0.25 } });
    case "loop": send({ type: "started", id: m.id }); for (;;) {}
    case "loop-tiled": send({ type: "started", id: m.id, passes: 3 }); for (;;) {}
    case "slow-load": return; // never starts
    case "crash": send({ type: "started", id: m.id }); return process.exit(3);
    case "bad-frame": return send({ type: "failed", id: m.id, failure: { stage: "decode", code: "NOT_AN_IMAGE", message: "frame is not an image" } });
    case "bad-load": return send({ type: "failed", id: m.id, failure: { stage: "load", message: "no such file" } });
  }
});
process.on("disconnect", () => process.exit(0));
process.send({ type: "ready" });
`;

const plan = (modelId: string): RunnerModelPlan => ({ kind: "catalog", entry: modelId, modelId, artifacts: [] });
const job = (modelId: string, budgetMs = 300, signal?: AbortSignal) => ({
  plan: plan(modelId),
  frame: new Uint8Array([1, 2, 3]),
  options: { threshold: 0.5, returnMasks: false },
  budgetMs,
  ...(signal ? { signal } : {}),
});

describe("InferenceRunnerPool", () => {
  let dir: string;
  let script: string;
  const pools: InferenceRunnerPool[] = [];
  const replaced: RunnerReplacement[] = [];
  const newPool = async (size = 2, prepareTimeoutMs = 5_000) => {
    const pool = new InferenceRunnerPool({
      size,
      script,
      prepareTimeoutMs,
      settings: { intraOpNumThreads: 1, maxFramePixels: 1_000, verifyBuiltArtifacts: false },
      onReplaced: (reason) => replaced.push(reason),
    });
    pools.push(pool);
    await pool.start();
    return pool;
  };

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "prelabel-runner-spec-"));
    script = join(dir, "fake-runner.js");
    writeFileSync(script, FAKE_RUNNER);
  });
  after(async () => {
    for (const p of pools) await p.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns a runner's detections and its timings, split around session.run", async () => {
    const pool = await newPool();
    const result = await pool.run(job("fast"));
    assert.deepEqual(result, {
      detections: [{ label: "car", score: 0.9, box: [0, 0, 1, 1] }],
      decodeMs: 1,
      inferenceMs: 2,
      stages: { preprocessMs: 0.25, inferenceMs: 1.5, postprocessMs: 0.25 },
    });
  });

  it("fails a frame over its budget INFERENCE_TIMEOUT, kills its runner and puts another in its place; the other runner goes on", async () => {
    const pool = await newPool();
    const before = pool.pids();
    const looping = pool.run(job("loop", 300));
    await assert.rejects(
      looping,
      (err: unknown) =>
        err instanceof FrameFailure && err.code === FrameFailureCode.INFERENCE_TIMEOUT && /within its budget of 300 ms/.test(err.message),
    );
    const after = pool.pids();
    assert.equal(after.filter((p) => !before.includes(p)).length, 1, "one runner replaced");
    assert.ok(replaced.includes("timeout"));
    // Both places answer at once: the standby took the killed runner's place.
    const results = await Promise.all([pool.run(job("fast")), pool.run(job("fast"))]);
    assert.equal(results.length, 2);
  });

  it("gives a tiled frame the model's budget once per pass", async () => {
    const pool = await newPool(1);
    await assert.rejects(
      pool.run(job("loop-tiled", 100)),
      (err: unknown) =>
        err instanceof FrameFailure && err.code === FrameFailureCode.INFERENCE_TIMEOUT && /within its budget of 300 ms/.test(err.message),
    );
  });

  it("kills a running frame's runner when its signal aborts, and takes a queued frame out of the queue", async () => {
    const pool = await newPool(1);
    const running = new AbortController();
    const queued = new AbortController();
    const first = pool.run(job("loop", 60_000, running.signal));
    const second = pool.run(job("fast", 60_000, queued.signal));
    const third = pool.run(job("fast"));
    await new Promise((r) => setTimeout(r, 200));
    queued.abort();
    await assert.rejects(second, InferenceAbortedError);
    const started = Date.now();
    running.abort();
    await assert.rejects(first, InferenceAbortedError);
    assert.ok(Date.now() - started < 5_000, "not waiting for the budget");
    assert.ok(replaced.includes("cancelled"));
    assert.ok((await third).detections.length === 1, "the queue moves on in the replacement");
  });

  it("reports a runner that dies as an error and replaces it; bad frames and failed loads keep their kinds", async () => {
    const pool = await newPool(1);
    await assert.rejects(pool.run(job("crash")), /the inference runner exited while running the frame \(exit code 3\)/);
    assert.ok(replaced.includes("crashed"));
    await assert.rejects(
      pool.run(job("bad-frame")),
      (err: unknown) => err instanceof FrameDecodeError && err.code === FrameFailureCode.NOT_AN_IMAGE,
    );
    await assert.rejects(pool.run(job("bad-load")), (err: unknown) => err instanceof ModelError && err.code === "MODEL_LOAD_FAILED");
    assert.equal((await pool.run(job("fast"))).detections.length, 1);
  });

  it("replaces a runner that never starts the frame (load or decode over the prepare timeout)", async () => {
    const pool = await newPool(1, 300);
    await assert.rejects(pool.run(job("slow-load")), (err: unknown) => err instanceof ModelError && /took over 300 ms/.test(err.message));
    assert.ok(replaced.includes("stalled"));
    assert.equal((await pool.run(job("fast"))).detections.length, 1);
  });

  it("refuses work once closed", async () => {
    const pool = await newPool(1);
    await pool.close();
    await assert.rejects(pool.run(job("fast")), /stopped/);
  });
});
