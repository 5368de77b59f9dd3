// Many watchers of autoAnnotationProgress (issue 13, targets 4 and 6), through the gateway in cloud mode (bearer key
// in, a signed identity per operation out to annotation-job), all in one run on a fresh database and NATS namespace:
//  A. a real job (catalog text detection on the sample documents) with 0 subscribers, with WATCHERS (1,000) graphql-ws
//     subscribers on as many separate connections, and with 0 again: job fps ratio, and the final state's latency per
//     subscriber after the commit (AnnotationsCommitted on NATS; also after the job's COMPLETED JobProgressed);
//  B. FANOUT_SUBSCRIBERS (10,000) subscribers across FANOUT_JOBS (100) jobs on one annotation-job and one gateway,
//     multiplexed on FANOUT_SOCKETS client sockets: errors, final states, memory per subscriber (RSS and heap from each
//     process's /metrics, prom-client's process/nodejs metrics);
//  C. gateway memory after the WATCHERS connections of A (and CYCLES more connect-subscribe-disconnect rounds) closed
//     and SETTLE_MS passed, against its baseline before them.
// Run: npm run bench:watchers -w @prelabel/bench  (FRAMES=120 WATCHERS=1000 FANOUT_JOBS=100 FANOUT_SUBSCRIBERS=10000 ...)
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { Messaging } from "@prelabel/messaging";
import { Contracts, JobStatus } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import {
  createTestDatabase,
  createTestNats,
  GraphQLTestClient,
  identityKeys,
  REPO_ROOT,
  startStack,
  type RunningStack,
} from "@prelabel/testing";
import { cpuSeconds, loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 120);
const WATCHERS = Number(process.env.WATCHERS ?? 1_000);
const FANOUT_JOBS = Number(process.env.FANOUT_JOBS ?? 100);
const FANOUT_SUBSCRIBERS = Number(process.env.FANOUT_SUBSCRIBERS ?? 10_000);
const FANOUT_SOCKETS = Number(process.env.FANOUT_SOCKETS ?? 100);
const FANOUT_FRAMES = Number(process.env.FANOUT_FRAMES ?? 2);
const FANOUT_BATCH = Number(process.env.FANOUT_BATCH ?? 500);
const CYCLES = Number(process.env.CYCLES ?? 2);
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 10_000);
/** Test-only: also a full GC in the gateway every this many ms (support/periodic-gc.hook.ts; one runs before each memory sample anyway). */
const GATEWAY_GC_MS = Number(process.env.GATEWAY_GC_MS ?? 0);
const SECTIONS = new Set((process.env.SECTIONS ?? "fps,fanout,memory").split(","));

const PROGRESS = `subscription($j: ID!) { autoAnnotationProgress(jobId: $j) { id taskId status framesTotal framesDone framesFailed fps etaSeconds failureCode failureReason } }`;
type Progress = { autoAnnotationProgress: { status: string; framesDone: number; framesFailed: number } };
const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCELLED"]);

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface Memory {
  rss: number;
  heapUsed: number;
}

/** RSS and V8 heap used, as the process's /metrics reports them (prom-client default metrics). */
async function memoryOf(url: string): Promise<Memory> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const metric = (name: string) => {
    const line = text.split("\n").find((l) => l.startsWith(`${name} `));
    if (!line) throw new Error(`${url}/metrics has no ${name}`);
    return Number(line.split(" ")[1]);
  };
  return { rss: metric("process_resident_memory_bytes"), heapUsed: metric("nodejs_heap_size_used_bytes") };
}

/** CPU seconds (user + system) each process has used so far, and the bench's own. */
function cpuByProcess(procs: { name: string; pid: number }[]): Map<string, number> {
  const out = new Map(procs.map(({ name, pid }) => [name, cpuSeconds(pid)]));
  const own = process.cpuUsage();
  out.set("bench client", (own.user + own.system) / 1e6);
  return out;
}

const cpuDelta = (a: Map<string, number>, b: Map<string, number>) => new Map([...b].map(([k, v]) => [k, v - (a.get(k) ?? 0)]));

/** A graphql-ws connection to the gateway, resolved once connection_init was acknowledged. */
async function connect(wsUrl: string, apiKey: string): Promise<Client> {
  let acked!: () => void;
  let failed!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => ((acked = resolve), (failed = reject)));
  const client = createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    keepAlive: 0,
    connectionParams: { Authorization: `Bearer ${apiKey}` },
    on: { connected: () => acked(), error: (err) => failed(err) },
    // A socket that fails later fails its subscriptions, which the bench counts; no console noise per socket.
    onNonLazyError: () => undefined,
  });
  await ready;
  return client;
}

/** Opens `n` connections, `parallel` handshakes at a time. */
async function connectAll(n: number, wsUrl: string, apiKey: string, parallel = 50): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i += parallel) {
    clients.push(...(await Promise.all(Array.from({ length: Math.min(parallel, n - i) }, () => connect(wsUrl, apiKey)))));
  }
  return clients;
}

interface Watch {
  firstAt: Promise<number>;
  done: Promise<{ finalAt: number; status: string; events: number; error?: string }>;
}

/** One subscription: when its first event arrived and when (and with what) it ended. */
function watch(client: Client, jobId: string): Watch {
  let first!: (at: number) => void;
  const firstAt = new Promise<number>((resolve) => (first = resolve));
  const done = (async () => {
    let events = 0;
    let status = "";
    let finalAt = NaN;
    try {
      for await (const result of client.iterate<Progress>({ query: PROGRESS, variables: { j: jobId } })) {
        const now = performance.now();
        if (result.errors?.length) return { finalAt, status, events, error: JSON.stringify(result.errors) };
        if (events++ === 0) first(now);
        status = result.data!.autoAnnotationProgress.status;
        if (TERMINAL.has(status)) finalAt = now;
      }
      return { finalAt, status, events };
    } catch (err) {
      return { finalAt, status, events, error: JSON.stringify(err) };
    } finally {
      first(NaN);
    }
  })();
  return { firstAt, done };
}

async function main() {
  const docsDir = join(REPO_ROOT, "samples", "documents");
  const docs = readdirSync(docsDir)
    .filter((f) => f.endsWith(".jpg"))
    .sort()
    .map((name) => readFileSync(join(docsDir, name)));
  const frames = (n: number, tag: string) =>
    Array.from({ length: n }, (_, i) => ({ name: `${tag}-${i}.jpg`, bytes: docs[i % docs.length], type: "image/jpeg" }));

  console.log(`watchers bench: FRAMES=${FRAMES} WATCHERS=${WATCHERS} FANOUT_JOBS=${FANOUT_JOBS} FANOUT_SUBSCRIBERS=${FANOUT_SUBSCRIBERS}`);
  console.log(
    `  FANOUT_SOCKETS=${FANOUT_SOCKETS} CYCLES=${CYCLES} SETTLE_MS=${SETTLE_MS} GATEWAY_GC_MS=${GATEWAY_GC_MS}; load average ${loadAverage()}`,
  );

  const db = await createTestDatabase();
  const nats = await createTestNats();
  const keys = identityKeys();
  let stack: RunningStack | undefined;
  let tap: Messaging | undefined;
  let client: GraphQLTestClient | undefined;
  try {
    stack = await startStack({
      databaseUrl: db.url,
      natsUrl: nats.url,
      natsNamespace: nats.namespace,
      workers: 1,
      // Cloud mode: each operation carries its own signed identity, as in production. No per-tenant job limits here.
      env: {
        PRELABEL_MODE: "cloud",
        PRELABEL_SECRET_KEYS: SecretBox.generateKey("bench"),
        IDENTITY_PUBLIC_KEY: keys.publicKey,
        TENANT_MAX_CONCURRENT_JOBS: "0",
        TENANT_MAX_FRAMES_PER_HOUR: "0",
      },
      gatewayEnv: {
        IDENTITY_PRIVATE_KEY: keys.privateKey,
        // A full GC on SIGUSR2 before each memory sample (and every GATEWAY_GC_MS if set): no cost until signalled.
        NODE_OPTIONS: `--require ${join(__dirname, "support", "periodic-gc.hook.js")}`,
        ...(GATEWAY_GC_MS > 0 ? { GATEWAY_GC_MS: String(GATEWAY_GC_MS) } : {}),
      },
      logDir: mkdtempSync(join(tmpdir(), "prelabel-bench-watchers-")),
    });
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(REPO_ROOT, "services", "identity", "dist", "src", "cli", "create-tenant.cli.js"), "--name", "bench"],
      { env: { PATH: process.env.PATH ?? "", DATABASE_URL: db.url } },
    );
    const { apiKey } = JSON.parse(stdout) as { apiKey: string };
    client = new GraphQLTestClient(stack.gatewayUrl, { apiKey });
    const gql = client;
    const wsUrl = stack.gatewayUrl.replace(/^http/, "ws");
    const gatewayUrl = stack.gatewayUrl.replace(/\/graphql$/, "");
    const jobProc = stack.processes.find((p) => p.name === "annotation-job")!;
    const jobUrl = `http://127.0.0.1:${jobProc.port}`;
    const workers = stack.processes.filter((p) => p.name.startsWith("inference-worker"));
    const procs = stack.processes.filter((p) => p.child.exitCode === null).map((p) => ({ name: p.name, pid: p.child.pid! }));

    // When the bench saw each job's commit (the task's AnnotationsCommitted) and its COMPLETED JobProgressed.
    tap = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "bench-watchers-tap" });
    const committedAt = new Map<string, number>();
    const completedAt = new Map<string, number>();
    const completedWaiters = new Map<string, () => void>();
    tap.subscribeLive(Contracts.annotationsCommitted, (e) => committedAt.set(e.jobId, performance.now()));
    tap.subscribeLive(Contracts.jobProgressed, (e) => {
      if (e.status !== JobStatus.COMPLETED || completedAt.has(e.jobId)) return;
      completedAt.set(e.jobId, performance.now());
      completedWaiters.get(e.jobId)?.();
    });
    await tap.nc.flush();
    const completion = (jobId: string) =>
      completedAt.has(jobId) ? Promise.resolve() : new Promise<void>((resolve) => completedWaiters.set(jobId, resolve));

    const newTask = async (name: string, n: number) => {
      const { createTask } = await gql.must<{ createTask: { id: string } }>(
        `mutation($i: CreateTaskInput!) { createTask(input: $i) { id } }`,
        {
          i: { name, labels: [{ name: "text", type: "POLYGON" }] },
        },
      );
      const up = await gql.upload(
        `mutation($t: ID!, $files: [Upload!]!) { addFrames(taskId: $t, files: $files) { size } }`,
        { t: createTask.id },
        "files",
        frames(n, name),
      );
      if (up.errors) throw new Error(JSON.stringify(up.errors));
      return createTask.id;
    };
    const startJob = async (taskId: string) =>
      (
        await gql.must<{ startAutoAnnotation: { id: string } }>(
          `mutation($i: StartAutoAnnotationInput!) { startAutoAnnotation(input: $i) { id } }`,
          {
            i: { taskId, modelId: "text-detection", convertMasksToPolygons: true },
          },
        )
      ).startAutoAnnotation.id;

    const gatewayMemory: { label: string; m: Memory }[] = [];
    const gatewayProc = stack.processes.find((p) => p.name === "gateway")!;
    const sampleGateway = async (label: string) => {
      gatewayProc.child.kill("SIGUSR2"); // a full GC (support/periodic-gc.hook.ts), then read what is live
      await sleep(1_000);
      gatewayMemory.push({ label, m: await memoryOf(gatewayUrl) });
    };

    if (SECTIONS.has("fps") || SECTIONS.has("memory")) {
      const taskId = await newTask("watched", FRAMES);
      // Warm-up: the model loads, caches fill (not measured).
      const warm = await newTask("warm", 4);
      const warmJob = await startJob(warm);
      await completion(warmJob);

      /** One job on the task with `n` subscribers on as many connections, opened before it starts. */
      const run = async (n: number) => {
        const sockets = await connectAll(n, wsUrl, apiKey);
        const before = { gateway: await memoryOf(gatewayUrl), job: await memoryOf(jobUrl) };
        const cpu0 = cpuByProcess(procs);
        const t0 = performance.now();
        const jobId = await startJob(taskId);
        const watches = sockets.map((s) => watch(s, jobId));
        const subscribedAt = (await Promise.all(watches.map((w) => w.firstAt))).reduce((a, b) => Math.max(a, b), t0);
        const open = n ? { gateway: await memoryOf(gatewayUrl), job: await memoryOf(jobUrl) } : undefined;
        await completion(jobId);
        const results = await Promise.all(watches.map((w) => w.done));
        const cpu = cpuDelta(cpu0, cpuByProcess(procs));
        const fps = FRAMES / ((completedAt.get(jobId)! - t0) / 1000);
        const errors = results.filter((r) => r.error || r.status !== "COMPLETED");
        const fromCommit = results.map((r) => r.finalAt - committedAt.get(jobId)!).sort((a, b) => a - b);
        const fromCompleted = results.map((r) => r.finalAt - completedAt.get(jobId)!).sort((a, b) => a - b);
        await Promise.all(sockets.map(async (s) => s.dispose()));
        return {
          n,
          fps,
          errors,
          fromCommit,
          fromCompleted,
          subscribeMs: subscribedAt - t0,
          before,
          open,
          events: results.map((r) => r.events),
          cpu,
        };
      };

      await sleep(2_000);
      await sampleGateway("baseline (before the watched job)");
      const base1 = await run(0);
      const watched = await run(WATCHERS);
      await sleep(SETTLE_MS);
      await sampleGateway(`${WATCHERS} connections closed, after ${SETTLE_MS / 1000} s`);
      const base2 = await run(0);
      const baseFps = (base1.fps + base2.fps) / 2;
      console.log(
        `\nA. one job of ${FRAMES} frames (text detection, 1 worker), start mutation → COMPLETED on NATS; load average ${loadAverage()}`,
      );
      console.log(`  0 subscribers:      ${base1.fps.toFixed(2)} and ${base2.fps.toFixed(2)} frames/s (before and after)`);
      console.log(
        `  ${WATCHERS} subscribers: ${watched.fps.toFixed(2)} frames/s; every subscriber's first event ${ms(watched.subscribeMs)} after the start`,
      );
      console.log(`  fps ratio watched / unwatched: ${(watched.fps / baseFps).toFixed(3)} (target ≥ 0.95)`);
      console.log(
        `  errors or wrong final state: ${watched.errors.length}${watched.errors.length ? ` e.g. ${JSON.stringify(watched.errors[0])}` : ""}`,
      );
      const events = [...watched.events].sort((a, b) => a - b);
      console.log(`  events per subscriber: p50 ${percentile(events, 50)}, min ${events[0]}, max ${events.at(-1)}`);
      for (const [label, xs] of [
        ["task's AnnotationsCommitted", watched.fromCommit],
        ["job's COMPLETED JobProgressed", watched.fromCompleted],
      ] as const) {
        console.log(
          `  final state after the ${label} (n=${xs.length}): p50 ${ms(percentile(xs, 50))}, p95 ${ms(percentile(xs, 95))}, p99 ${ms(percentile(xs, 99))}, max ${ms(xs.at(-1)!)}`,
        );
      }
      console.log(`  p99 / 250 ms budget (from the commit): ${(percentile(watched.fromCommit, 99) / 250).toFixed(2)}`);
      console.log(`  CPU per frame (ms), 0 subscribers (first run) → ${WATCHERS} subscribers:`);
      for (const [name, sec] of watched.cpu) {
        console.log(
          `    ${name.padEnd(20)} ${((base1.cpu.get(name)! / FRAMES) * 1000).toFixed(1).padStart(7)} → ${((sec / FRAMES) * 1000).toFixed(1)}`,
        );
      }
      if (watched.open) {
        const per = (a: Memory, b: Memory) => `RSS ${kb((b.rss - a.rss) / WATCHERS)}, heap ${kb((b.heapUsed - a.heapUsed) / WATCHERS)}`;
        console.log(
          `  memory per subscriber with ${WATCHERS} open: gateway ${per(watched.before.gateway, watched.open.gateway)}; annotation-job ${per(watched.before.job, watched.open.job)}`,
        );
      }

      if (SECTIONS.has("memory")) {
        const finished = await startJob(await newTask("finished", 1));
        await completion(finished);
        for (let c = 1; c <= CYCLES; c++) {
          const sockets = await connectAll(WATCHERS, wsUrl, apiKey);
          const results = await Promise.all(sockets.map((s) => watch(s, finished).done));
          const bad = results.filter((r) => r.error || r.status !== "COMPLETED").length;
          await sampleGateway(`cycle ${c}: ${WATCHERS} connected and subscribed (${bad} errors)`);
          await Promise.all(sockets.map(async (s) => s.dispose()));
          await sleep(SETTLE_MS);
          await sampleGateway(`cycle ${c}: closed, after ${SETTLE_MS / 1000} s`);
        }
        const [baseline] = gatewayMemory;
        const gcNote = `a full GC before each sample${GATEWAY_GC_MS > 0 ? ` and every ${GATEWAY_GC_MS} ms` : ""}`;
        console.log(`\nC. gateway memory (its /metrics) around ${WATCHERS} connections (${gcNote}); load average ${loadAverage()}`);
        for (const { label, m } of gatewayMemory) {
          console.log(
            `  ${label.padEnd(48)} RSS ${mb(m.rss)} (${(m.rss / baseline.m.rss).toFixed(3)} × baseline), heap used ${mb(m.heapUsed)} (${(m.heapUsed / baseline.m.heapUsed).toFixed(3)} ×)`,
          );
        }
      }
    }

    if (SECTIONS.has("fanout")) {
      const perJob = Math.ceil(FANOUT_SUBSCRIBERS / FANOUT_JOBS);
      const taskIds: string[] = [];
      for (let i = 0; i < FANOUT_JOBS; i++) taskIds.push(await newTask(`fanout-${i}`, FANOUT_FRAMES));
      // Jobs hold still while every subscriber joins: the worker is paused (SIGSTOP), its frames wait in JetStream.
      for (const w of workers) w.child.kill("SIGSTOP");
      let jobIds: string[];
      try {
        jobIds = [];
        for (const t of taskIds) jobIds.push(await startJob(t));
      } catch (err) {
        for (const w of workers) w.child.kill("SIGCONT");
        throw err;
      }
      await sleep(2_000);
      const before = { gateway: await memoryOf(gatewayUrl), job: await memoryOf(jobUrl) };
      const t0 = performance.now();
      const sockets = await connectAll(FANOUT_SOCKETS, wsUrl, apiKey);
      const watches: Watch[] = [];
      // Subscribers arrive in batches (each waits for the one before to have its first events), as watchers opening a
      // page over some seconds do, rather than 10,000 subscribe messages in one burst.
      for (let i = 0; i < FANOUT_SUBSCRIBERS; i += FANOUT_BATCH) {
        const batch: Watch[] = [];
        for (let k = i; k < Math.min(i + FANOUT_BATCH, FANOUT_SUBSCRIBERS); k++)
          batch.push(watch(sockets[k % sockets.length], jobIds[k % jobIds.length]));
        watches.push(...batch);
        await Promise.all(batch.map((w) => w.firstAt));
      }
      const firsts = await Promise.all(watches.map((w) => w.firstAt));
      const joinedMs = performance.now() - t0;
      const missingFirst = firsts.filter((f) => Number.isNaN(f)).length;
      await sleep(2_000);
      const open = { gateway: await memoryOf(gatewayUrl), job: await memoryOf(jobUrl) };
      const released = performance.now();
      for (const w of workers) w.child.kill("SIGCONT");
      const results = await Promise.all(watches.map((w) => w.done));
      const finishedMs = performance.now() - released;
      const errors = results.filter((r) => r.error);
      const notCompleted = results.filter((r) => !r.error && r.status !== "COMPLETED");
      await Promise.all(sockets.map(async (s) => s.dispose()));
      const per = (a: Memory, b: Memory) =>
        `RSS +${mb(b.rss - a.rss)} (${kb((b.rss - a.rss) / FANOUT_SUBSCRIBERS)} each), heap +${mb(b.heapUsed - a.heapUsed)} (${kb((b.heapUsed - a.heapUsed) / FANOUT_SUBSCRIBERS)} each)`;
      console.log(
        `\nB. ${FANOUT_SUBSCRIBERS} subscribers across ${FANOUT_JOBS} jobs (${perJob} each, ${FANOUT_FRAMES} frames per job), ${FANOUT_SOCKETS} client sockets; load average ${loadAverage()}`,
      );
      console.log(`  all subscribed (first event each) in ${ms(joinedMs)}; ${missingFirst} without a first event`);
      console.log(`  every job COMPLETED and every stream ended ${ms(finishedMs)} after the worker resumed`);
      console.log(
        `  errors: ${errors.length}${errors.length ? ` e.g. ${errors[0].error}` : ""}; ended without COMPLETED: ${notCompleted.length}`,
      );
      console.log(`  memory with all open, against before: gateway ${per(before.gateway, open.gateway)}`);
      console.log(`                                        annotation-job ${per(before.job, open.job)}`);
    }
    console.log(`\nload average at the end ${loadAverage()}`);
  } finally {
    await client?.close();
    await tap?.close();
    await stack?.stop();
    await nats.cleanup();
    await db.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
