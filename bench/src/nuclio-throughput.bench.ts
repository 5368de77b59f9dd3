// Auto-annotation throughput against a Nuclio function with a fixed latency, with 1 and 2 inference workers: each
// job's frames/s (start mutation → COMPLETED, committed) against the ideal (calls in flight × 1/latency) and against a
// bare loop of HTTP calls straight to the same fake function with the same concurrency, measured in the same run.
// Run: npm run bench:nuclio -w @prelabel/bench
//   (FRAMES=120 LATENCY_MS=50 MAX_WORKERS=4 WORKER_CONCURRENCY=2 NUCLIO_MAX_CONCURRENCY_PER_FUNCTION=2 to change them)
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  nuclioFixture,
  nuclioFixtureNames,
  startNuclioFakes,
  type NuclioFunctionFake,
  type NuclioFunctionFixture,
} from "@prelabel/hub-fakes";
import sharp from "sharp";
import { createTestDatabase, createTestNats, GraphQLTestClient, startStack, type RunningStack } from "@prelabel/testing";
import { cpuSeconds, pidsNamed } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 120);
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 50);
/** The function's own limit (function.yaml's maxWorkers); the stock YOLO v7 fixture declares 1. */
const MAX_WORKERS = Number(process.env.MAX_WORKERS ?? 4);
/** Frames a worker pulls and runs at once (its consumer's slots); Nuclio frames run in the worker's main process. */
const WORKER_CONCURRENCY = Number(process.env.WORKER_CONCURRENCY ?? 2);
/** Calls one worker makes to one function at once; the function's smaller maxWorkers wins (per worker). */
const PER_FUNCTION = Number(process.env.NUCLIO_MAX_CONCURRENCY_PER_FUNCTION ?? 2);
/** Untimed frames per scenario first, so descriptors, connections and consumers are warm. */
const WARMUP_FRAMES = Number(process.env.WARMUP_FRAMES ?? 8);
const THRESHOLD = 0.5;

const NUCLIO_MODELS = `{ models(source: NUCLIO) { id supported unsupportedReason nuclio { functionName } } }`;
const CREATE_TASK = `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`;
const ADD_FRAMES = `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`;
const START = `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`;
const PROGRESS = `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { status framesDone framesFailed } }`;

interface Frame {
  name: string;
  bytes: Buffer;
  type: string;
}

/** The YOLO v7 fixture with another maxWorkers in its function.yaml (the stock one declares 1). */
function yolov7WithMaxWorkers(maxWorkers: number): NuclioFunctionFixture {
  const stock = nuclioFixture(nuclioFixtureNames.yolov7);
  const yaml = stock.yaml.replace(/maxWorkers: \d+/, `maxWorkers: ${maxWorkers}`);
  if (!yaml.includes(`maxWorkers: ${maxWorkers}\n`)) throw new Error("the YOLO v7 fixture's function.yaml has no maxWorkers to replace");
  return { ...stock, yaml };
}

/** Small PNG frames, each a different colour. */
async function frames(count: number, prefix: string): Promise<Frame[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => ({
      name: `${prefix}-${i}.png`,
      bytes: await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: 160 } } })
        .png()
        .toBuffer(),
      type: "image/png",
    })),
  );
}

/** What our whole system could at best do: `concurrency` loops of plain HTTP calls straight to the function's port. */
async function bareLoop(fn: NuclioFunctionFake, images: Frame[], concurrency: number): Promise<number> {
  const bodies = images.map((f) => JSON.stringify({ image: f.bytes.toString("base64"), threshold: THRESHOLD }));
  const call = async (body: string) => {
    const res = await fetch(`${fn.url}/`, { method: "POST", headers: { "content-type": "application/json" }, body });
    if (!res.ok) throw new Error(`the fake function answered ${res.status}`);
    await res.json();
  };
  await Promise.all(bodies.slice(0, concurrency).map(call));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) await call(bodies[next++]);
    }),
  );
  return bodies.length / ((performance.now() - started) / 1000);
}

async function waitForFunction(client: GraphQLTestClient, functionName: string): Promise<string> {
  for (const deadline = Date.now() + 60_000; ; await sleep(200)) {
    const { models } = await client.must<{
      models: { id: string; supported: boolean; unsupportedReason: string | null; nuclio: { functionName: string } }[];
    }>(NUCLIO_MODELS);
    const model = models.find((m) => m.nuclio.functionName === functionName);
    if (model && !model.supported) throw new Error(`${functionName} is unsupported: ${model.unsupportedReason}`);
    if (model) return model.id;
    if (Date.now() > deadline) throw new Error(`the registry did not discover ${functionName} within 60 s`);
  }
}

async function createTask(client: GraphQLTestClient, name: string, files: Frame[]): Promise<string> {
  const { createTask: task } = await client.must<{ createTask: { id: string } }>(CREATE_TASK, {
    i: {
      name,
      labels: [
        { name: "person", type: "RECTANGLE" },
        { name: "car", type: "RECTANGLE" },
      ],
    },
  });
  const up = await client.upload(ADD_FRAMES, { t: task.id }, "files", files);
  if (up.errors) throw new Error(JSON.stringify(up.errors));
  return task.id;
}

/** Starts a job and waits for COMPLETED; returns the seconds from the start mutation to the COMPLETED event. */
async function runJob(client: GraphQLTestClient, taskId: string, modelId: string, frameCount: number): Promise<number> {
  const started = performance.now();
  const { startAutoAnnotation: job } = await client.must<{ startAutoAnnotation: { id: string } }>(START, {
    i: { taskId, modelId, threshold: THRESHOLD },
  });
  let last: { status: string; framesDone: number; framesFailed: number } | undefined;
  let completedAt = 0;
  for await (const ev of client.subscribe<{ autoAnnotationProgress: NonNullable<typeof last> }>(PROGRESS, { j: job.id })) {
    if (ev.errors) throw new Error(JSON.stringify(ev.errors));
    last = ev.data!.autoAnnotationProgress;
    if (last.status === "COMPLETED") completedAt = performance.now();
  }
  if (!completedAt || last?.framesDone !== frameCount || last.framesFailed !== 0) {
    throw new Error(`job ${job.id} ended ${JSON.stringify(last)}; expected ${frameCount} frames done, none failed`);
  }
  return (completedAt - started) / 1000;
}

/** Busy and total CPU seconds of the whole machine, all cores (Linux /proc/stat). */
function machineCpu(): { busy: number; total: number } {
  if (!existsSync("/proc/stat")) return { busy: 0, total: 0 };
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: (total - ticks[3] - ticks[4]) / 100, total: total / 100 };
}

/** CPU seconds per process group between `start` and the returned `stop`. */
function cpuMeter(stack: RunningStack): () => { machineBusy: number; wall: number; byProcess: [string, number][] } {
  const groups = (): [string, number][] => [
    ...stack.processes.map((p): [string, number] => [p.name, p.child.pid ? cpuSeconds(p.child.pid) : 0]),
    ["bench process (fakes, client)", cpuSeconds(process.pid)],
    ["postgres", pidsNamed("postgres").reduce((sum, pid) => sum + cpuSeconds(pid), 0)],
    ["nats-server", pidsNamed("nats-server").reduce((sum, pid) => sum + cpuSeconds(pid), 0)],
  ];
  const before = new Map(groups());
  const machineBefore = machineCpu();
  const started = performance.now();
  return () => {
    const wall = (performance.now() - started) / 1000;
    const machineAfter = machineCpu();
    const byProcess = groups().map(([name, s]): [string, number] => [name, s - (before.get(name) ?? 0)]);
    return { machineBusy: machineAfter.busy - machineBefore.busy, wall, byProcess };
  };
}

/** Frames and summed Nuclio call time (the worker's inference histogram) per worker, from each worker's /metrics. */
async function workerCalls(stack: RunningStack): Promise<{ name: string; frames: number; callMs: number }[]> {
  const workers = stack.processes.filter((p) => p.name.startsWith("inference-worker"));
  return Promise.all(
    workers.map(async (p) => {
      const text = await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text();
      const sum = (metric: string) =>
        text
          .split("\n")
          .filter((l) => l.startsWith(`${metric}{`) || l.startsWith(`${metric} `))
          .reduce((total, l) => total + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
      return { name: p.name, frames: sum("prelabel_worker_inference_ms_count"), callMs: sum("prelabel_worker_inference_ms_sum") };
    }),
  );
}

interface Scenario {
  workers: number;
  slotsPerWorker: number;
  concurrency: number;
  binding: string;
  idealFps: number;
  baselineFps: number;
  jobFps: number;
  peak: number;
  calls: number;
  /** Frames/s at the fake from its first call's arrival to its last call's arrival plus one latency. */
  fakeSpanFps: number;
  cpu: { machineBusy: number; wall: number; byProcess: [string, number][] };
  /** Per worker over the timed job: frames run and the mean Nuclio call as the worker timed it. */
  perWorker: { name: string; frames: number; meanCallMs: number }[];
  /** Seconds from the fake's first call to its last call's answer. */
  fakeSpan: number;
}

/** The calls that can be in flight, and which limit binds. */
function concurrencyOf(workers: number): { slotsPerWorker: number; concurrency: number; binding: string } {
  const perWorker = Math.min(WORKER_CONCURRENCY, PER_FUNCTION, MAX_WORKERS);
  const concurrency = Math.min(workers * perWorker, MAX_WORKERS);
  const binding =
    concurrency === MAX_WORKERS && workers * perWorker > MAX_WORKERS
      ? "function maxWorkers"
      : perWorker === WORKER_CONCURRENCY
        ? perWorker === PER_FUNCTION
          ? "WORKER_CONCURRENCY = per-function limit"
          : "WORKER_CONCURRENCY"
        : perWorker === PER_FUNCTION
          ? "NUCLIO_MAX_CONCURRENCY_PER_FUNCTION"
          : "function maxWorkers (per worker)";
  return { slotsPerWorker: perWorker, concurrency, binding };
}

async function scenario(
  stack: RunningStack,
  client: GraphQLTestClient,
  fn: NuclioFunctionFake,
  modelId: string,
  workers: number,
  reset: () => void,
): Promise<Scenario> {
  const { slotsPerWorker, concurrency, binding } = concurrencyOf(workers);
  const warmup = await frames(WARMUP_FRAMES, `warmup-${workers}`);
  const timed = await frames(FRAMES, `w${workers}`);
  const baselineFps = await bareLoop(fn, timed, concurrency);
  await runJob(client, await createTask(client, `warmup ${workers}`, warmup), modelId, warmup.length);
  const taskId = await createTask(client, `bench ${workers} workers`, timed);
  reset();
  const callsBefore = await workerCalls(stack);
  const stopMeter = cpuMeter(stack);
  const seconds = await runJob(client, taskId, modelId, timed.length);
  const cpu = stopMeter();
  const callsAfter = await workerCalls(stack);
  const perWorkerCalls = callsAfter.map((after) => {
    const before = callsBefore.find((b) => b.name === after.name) ?? { frames: 0, callMs: 0 };
    const frameCount = after.frames - before.frames;
    return { name: after.name, frames: frameCount, meanCallMs: frameCount ? (after.callMs - before.callMs) / frameCount : NaN };
  });
  const arrivals = fn.requestsTo("invoke").map((r) => r.at);
  const span = (Math.max(...arrivals) - Math.min(...arrivals) + LATENCY_MS) / 1000;
  return {
    workers,
    slotsPerWorker,
    concurrency,
    binding,
    idealFps: (concurrency * 1000) / LATENCY_MS,
    baselineFps,
    jobFps: timed.length / seconds,
    peak: fn.peakInFlight,
    calls: arrivals.length,
    fakeSpanFps: arrivals.length / span,
    cpu,
    perWorker: perWorkerCalls,
    fakeSpan: span,
  };
}

async function main() {
  const fixture = yolov7WithMaxWorkers(MAX_WORKERS);
  const fakes = await startNuclioFakes({ fixtures: [fixture], latencyMs: LATENCY_MS });
  const fn = fakes.functions.get(fixture.name)!;
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-bench-nuclio-"));
  let stack: RunningStack | undefined;
  let client: GraphQLTestClient | undefined;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      workers: 1,
      env: {
        NUCLIO_DASHBOARD_URL: fakes.url,
        WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
        NUCLIO_MAX_CONCURRENCY_PER_FUNCTION: String(PER_FUNCTION),
      },
      logDir,
    });
    client = new GraphQLTestClient(stack.gatewayUrl);
    const modelId = await waitForFunction(client, fixture.name);
    const results: Scenario[] = [];
    results.push(await scenario(stack, client, fn, modelId, 1, () => fakes.reset()));
    await stack.startWorker();
    results.push(await scenario(stack, client, fn, modelId, 2, () => fakes.reset()));

    console.log(
      `frames: ${FRAMES} PNG 320×240 per job (after ${WARMUP_FRAMES} untimed), function ${fixture.name} (fake, ${LATENCY_MS} ms per call, through the dashboard)`,
    );
    console.log(
      `limits: function.yaml maxWorkers ${MAX_WORKERS} (stock fixture: 1), NUCLIO_MAX_CONCURRENCY_PER_FUNCTION ${PER_FUNCTION}, WORKER_CONCURRENCY ${WORKER_CONCURRENCY}`,
    );
    for (const r of results) {
      console.log(
        `${r.workers} worker${r.workers > 1 ? "s" : ""}: concurrency ${r.concurrency} (${r.slotsPerWorker} per worker; binds: ${r.binding}), ideal ${r.idealFps.toFixed(1)} frames/s`,
      );
      console.log(`  bare HTTP loop:  ${r.baselineFps.toFixed(2)} frames/s = ${(r.baselineFps / r.idealFps).toFixed(3)} of ideal`);
      console.log(
        `  end-to-end job:  ${r.jobFps.toFixed(2)} frames/s = ${(r.jobFps / r.idealFps).toFixed(3)} of ideal, ${(r.jobFps / r.baselineFps).toFixed(3)} of the bare loop (start mutation → COMPLETED, committed)`,
      );
      console.log(
        `  at the fake:     ${r.calls} calls, peak ${r.peak} in flight, mean ${((r.fakeSpanFps * LATENCY_MS) / 1000).toFixed(2)} (calls/s × latency), ` +
          `${r.fakeSpanFps.toFixed(2)} calls/s from first to last call (${(r.fakeSpanFps / r.idealFps).toFixed(3)} of ideal)`,
      );
      const framesRun = r.perWorker.reduce((sum, w) => sum + w.frames, 0);
      const meanCall = r.perWorker.reduce((sum, w) => sum + w.frames * w.meanCallMs, 0) / framesRun;
      // Each worker slot runs its frames one after another: its cycle is the call plus everything else a frame costs it.
      const slots = r.workers * WORKER_CONCURRENCY;
      const cycle = (1000 * slots * r.fakeSpan) / r.calls;
      console.log(
        `  in the workers:  ${r.perWorker.map((w) => `${w.name} ${w.frames} frames, mean call ${w.meanCallMs.toFixed(1)} ms`).join("; ")} ` +
          `(the worker's inference time: a wait for the per-function limit, the call through the dashboard); ` +
          `a worker slot's cycle ${cycle.toFixed(1)} ms per frame (${slots} slots × first-to-last call span / calls), ` +
          `${(cycle - meanCall).toFixed(1)} ms of it outside the call (read frame, decode, publish outcome, ack, pull)`,
      );
      const cores = availableParallelism();
      const ours = r.cpu.byProcess.reduce((sum, [, s]) => sum + s, 0);
      const stackOnly = r.cpu.byProcess.filter(([name]) => !name.startsWith("bench process")).reduce((sum, [, s]) => sum + s, 0);
      const perFrame = (s: number) => ((1000 * s) / FRAMES).toFixed(1);
      console.log(
        `  CPU in the job:  machine ${((100 * r.cpu.machineBusy) / (r.cpu.wall * cores)).toFixed(0)}% of ${cores} cores busy over ${r.cpu.wall.toFixed(2)} s, ` +
          `${((100 * Math.max(0, r.cpu.machineBusy - ours)) / (r.cpu.wall * cores)).toFixed(0)}% of it by processes outside this run`,
      );
      console.log(
        `  CPU ms/frame:    system ${perFrame(stackOnly)} (at most ${((cores * FRAMES) / stackOnly).toFixed(0)} frames/s on ${cores} cores with nothing else running): ` +
          r.cpu.byProcess
            .filter(([name, s]) => s > 0 && !name.startsWith("bench process"))
            .sort((a, b) => b[1] - a[1])
            .map(([name, s]) => `${name} ${perFrame(s)}`)
            .join(", ") +
          `; fakes and client ${perFrame(ours - stackOnly)}`,
      );
    }
    console.log(`logs: ${logDir}`);
  } finally {
    await client?.close();
    await stack?.stop();
    await fakes.close();
    await nats.cleanup();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
