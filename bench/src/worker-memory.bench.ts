// Worker memory over a long job: a real job through the whole stack (gateway, task, annotation-job, NATS, one worker
// and its runner processes) with an uploaded tiny ONNX detector on tiny PNG frames, so the frames go by fast; the
// worker's and each runner's resident set (/proc/<pid>/status VmRSS) is sampled against frames done. The figure is
// the least-squares slope after warm-up (KB per 1,000 frames) against the RSS at warm-up, measured in the same run.
// Run: npm run bench:memory -w @prelabel/bench  (FRAMES=20000 for the issue's 20,000-frame job, 5–15 min; default 4,000, about a minute)
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DataType, encodeOnnxModel, GraphBuilder } from "@prelabel/onnx-writer";
import { Messaging } from "@prelabel/messaging";
import { Contracts } from "@prelabel/proto";
import { createTestDatabase, createTestNats, GraphQLTestClient, startStack } from "@prelabel/testing";
import { childPids, loadAverage, rssKb } from "./process-cpu.meter.js";
import { writeFrames } from "./support/frame-files.js";

const FRAMES = Number(process.env.FRAMES ?? 4_000);
/**
 * Frames before the slope starts: module loading, JIT, V8 heaps and malloc arenas growing to their working size, which
 * took 3,000–5,000 frames here (the RSS then stays flat).
 */
const WARM_UP = Number(process.env.WARM_UP ?? Math.min(5_000, Math.floor(FRAMES / 2)));
const SAMPLE_MS = 250;
const IMPORT_CHUNK = 1_000;

/** A YOLOv8-layout detector that ignores its 32×32 input and finds the same three boxes: the model costs nothing. */
function tinyDetectorOnnx(): Uint8Array {
  const g = new GraphBuilder("memory-bench-detector");
  g.addInput("images", DataType.FLOAT, [1, 3, 32, 32]);
  // [1, 4 + classes, boxes]: cx, cy, w, h rows then one score row per class.
  const boxes = [
    [8, 8, 6, 6, 0.9],
    [20, 12, 8, 6, 0.8],
    [16, 24, 10, 4, 0.7],
  ];
  const rows = [0, 1, 2, 3, 4].flatMap((r) => boxes.map((b) => b[r]));
  const value = g.addFloat32("detections", [1, 5, boxes.length], rows);
  g.addOutput(g.addOp("Identity", [value], undefined, { output: "output0" }), DataType.FLOAT, [1, 5, boxes.length]);
  return encodeOnnxModel(g.toModel());
}

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den ? num / den : NaN;
}

interface Sample {
  /** ms since the job started. */
  at: number;
  done: number;
  worker: number;
  runners: number[];
}

async function main() {
  const benchStarted = performance.now();
  console.log(`worker memory over a ${FRAMES}-frame job; cores: ${availableParallelism()}; load average at start ${loadAverage()}`);
  const importRoot = mkdtempSync(join(tmpdir(), "prelabel-bench-memory-import-"));
  let started = performance.now();
  for (let i = 0; i < Math.ceil(FRAMES / IMPORT_CHUNK); i++)
    await writeFrames(join(importRoot, `part-${i}`), Math.min(IMPORT_CHUNK, FRAMES - i * IMPORT_CHUNK));
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const stack = await startStack({
    databaseUrl: db.url,
    natsUrl: nats.url,
    natsNamespace: nats.namespace,
    workers: 1,
    env: { IMPORT_ROOT: importRoot },
    logDir: mkdtempSync(join(tmpdir(), "prelabel-bench-memory-")),
  });
  const client = new GraphQLTestClient(stack.gatewayUrl);
  const tap = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "bench-memory-tap" });
  try {
    const worker = stack.processes.find((p) => p.name.startsWith("inference-worker"));
    if (!worker?.child.pid) throw new Error("no worker process in the stack");
    const workerPid = worker.child.pid;

    const up = await client.uploadFile<{ uploadModel: { id: string } }>(
      `mutation($file: Upload!, $spec: ModelSpecInput!) { uploadModel(file: $file, spec: $spec) { id } }`,
      { spec: { name: "Memory bench detector", outputLayout: "YOLO_V8", inputWidth: 32, inputHeight: 32, classNames: ["thing"] } },
      "file",
      { name: "tiny.onnx", bytes: tinyDetectorOnnx() },
    );
    if (up.errors) throw new Error(JSON.stringify(up.errors));
    const modelId = up.data!.uploadModel.id;
    const { createTask: task } = await client.must<{ createTask: { id: string } }>(
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
      { i: { name: "memory bench", labels: [{ name: "thing", type: "RECTANGLE" }] } },
    );
    let size = 0;
    for (let i = 0; i < Math.ceil(FRAMES / IMPORT_CHUNK); i++)
      ({
        importFrames: { size },
      } = await client.must<{ importFrames: { size: number } }>(
        `mutation($t: ID!, $p: String!) { importFrames(taskId: $t, serverPath: $p) { size } }`,
        { t: task.id, p: `part-${i}` },
      ));
    if (size !== FRAMES) throw new Error(`the task has ${size} frames, not ${FRAMES}`);
    console.log(`${FRAMES} PNGs (64×48) written and imported in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    let done = 0;
    tap.subscribeLive(Contracts.frameInferred, () => done++);
    tap.subscribeLive(Contracts.frameFailed, () => done++);
    const samples: Sample[] = [];
    const sample = () => {
      const w = rssKb(workerPid);
      if (w !== undefined)
        samples.push({ at: performance.now() - started, done, worker: w, runners: childPids(workerPid).map((pid) => rssKb(pid) ?? 0) });
    };
    started = performance.now();
    sample();
    const sampler = setInterval(sample, SAMPLE_MS);

    const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string } }>(
      `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
      { i: { taskId: task.id, modelId } },
    );
    let status = "";
    let failed = 0;
    for (;;) {
      const { autoAnnotationJob: j } = await client.must<{ autoAnnotationJob: { status: string; framesFailed: number } }>(
        `query($id: ID!) { autoAnnotationJob(id: $id) { status framesFailed } }`,
        { id: job.id },
      );
      status = j.status;
      failed = j.framesFailed;
      if (!["PENDING", "RUNNING", "COMMITTING"].includes(status)) break;
      await sleep(500);
    }
    const jobSeconds = (performance.now() - started) / 1000;
    sample();
    clearInterval(sampler);
    if (status !== "COMPLETED") throw new Error(`the job ended ${status}`);

    // Outcomes seen on NATS while the job ran: the rate the worker produced them (annotation-job records them behind).
    const lastOutcomeAt = (samples.find((s) => s.done >= FRAMES) ?? samples[samples.length - 1]).at;
    const atWarmUp = samples.find((s) => s.done >= WARM_UP) ?? samples[0];
    const end = samples.filter((s) => s.done < FRAMES).pop() ?? samples[samples.length - 1];
    const runnerTotal = (s: Sample) => s.runners.reduce((a, b) => a + b, 0);
    const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MB`;
    // Samples after the last outcome (the commit; the worker idles) would pile up at the last x: left out of the fits.
    const running = samples.filter((s) => s.done < FRAMES);
    // The shape, every tenth of the frames: a leak climbs steadily, a heap settling climbs then levels.
    const checkpoints = Array.from(
      { length: 10 },
      (_, i) => running.find((s) => s.done >= ((i + 1) * FRAMES) / 10) ?? running[running.length - 1],
    );
    console.log(
      `RSS at each tenth of the frames (worker / runners, MB): ${checkpoints
        .filter((s): s is Sample => s !== undefined)
        .map((s) => `${s.done}: ${(s.worker / 1024).toFixed(0)} / ${s.runners.map((r) => (r / 1024).toFixed(0)).join(" ")}`)
        .join("; ")}`,
    );
    // After warm-up, and its second half alone: a leak keeps its slope there; a heap still settling flattens out.
    const afterWarmUp = running.filter((s) => s.done >= WARM_UP);
    const secondHalf = running.filter((s) => s.done >= WARM_UP + (FRAMES - WARM_UP) / 2);
    const slopeOf = (points: Sample[], pick: (s: Sample) => number) => slope(points.map((s) => ({ x: s.done / 1000, y: pick(s) })));
    const row = (name: string, pick: (s: Sample) => number) => {
      const perK = slopeOf(afterWarmUp, pick);
      const base = pick(atWarmUp);
      console.log(
        `${name.padEnd(18)} at warm-up ${mb(base)}, at the end ${mb(pick(end))}; slope ${perK.toFixed(1)} KB per 1,000 frames ` +
          `(over 20,000 frames: ${mb(perK * 20)}, ${((100 * perK * 20) / base).toFixed(1)} % of the warm-up RSS); second half ${slopeOf(secondHalf, pick).toFixed(1)} KB per 1,000`,
      );
    };
    console.log(
      `job: ${FRAMES} frames (${failed} failed) in ${jobSeconds.toFixed(1)} s = ${(FRAMES / jobSeconds).toFixed(0)} frames/s (start → COMPLETED); ` +
        `${samples.length} samples, ${samples.filter((s) => s.done >= WARM_UP).length} after the ${WARM_UP}-frame warm-up; ` +
        `the worker published its last outcome after ≈ ${(lastOutcomeAt / 1000).toFixed(1)} s`,
    );
    row("worker", (s) => s.worker);
    const runners = Math.max(...samples.map((s) => s.runners.length));
    for (let r = 0; r < runners; r++) row(`runner ${r + 1}`, (s) => s.runners[r] ?? 0);
    row("worker + runners", (s) => s.worker + runnerTotal(s));
    if (WARM_UP < 5_000)
      console.log(
        `(a short run: the RSS settles over the first 3,000–5,000 frames, so these slopes still hold some of it; FRAMES=20000 for the figure)`,
      );
    console.log(`load average at the end ${loadAverage()}; the bench took ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  } finally {
    await client.close();
    await tap.close();
    await stack.stop();
    // Deleting a stream of 20,000 frames can outlast the NATS request timeout; the figures are printed by then.
    await nats.cleanup().catch((err: unknown) => console.log(`NATS namespace cleanup failed: ${(err as Error).message}`));
    await db.drop();
    rmSync(importRoot, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
