// Frame outcomes one job records per second (issue 13, target 2): the annotation-job service as its own process on a
// fresh database and NATS namespace; FrameInferred events are published straight into NATS as eight workers with a
// model that takes no time would (each publish awaits its ack, as a worker's does), plus some redeliveries. Measured
// in the same run: the batched path (the defaults: OUTCOME_CONCURRENCY=1024, OUTCOME_BATCH_MAX=500) against one
// transaction per frame (OUTCOME_BATCH_MAX=1, OUTCOME_CONCURRENCY=8: the former settings and shape), each (a) on a
// backlog already in the stream when the service starts (its ceiling) and (b) live beside the eight publishers (how
// long after the last frame's publish the commit is sent).
// Run: npm run bench:outcomes -w @prelabel/bench   (FRAMES=10000 BASELINE_FRAMES=300 PUBLISHERS=8 REDELIVERED=0.02)
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Messaging } from "@prelabel/messaging";
import { Contracts, create, FrameInferredSchema } from "@prelabel/proto";
import { createTestDatabase, createTestNats, startDeployable, stopProcesses, type RunningProcess } from "@prelabel/testing";
import { Client } from "pg";
import { loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 10_000);
const BASELINE_FRAMES = Number(process.env.BASELINE_FRAMES ?? 300);
const PUBLISHERS = Number(process.env.PUBLISHERS ?? 8);
/** Share of frames published a second time under another message id (a worker redelivery JetStream keeps). */
const REDELIVERED = Number(process.env.REDELIVERED ?? 0.02);
const TENANT = "bench-tenant";

const PER_FRAME = { OUTCOME_BATCH_MAX: "1", OUTCOME_CONCURRENCY: "8" };
const BATCHED = {};

interface Figures {
  frames: number;
  /** Frames recorded per second: first outcome stored → the job COMMITTING (database clock). */
  recordedPerSecond: number;
  /** Frames the publishers offered per second (live runs). */
  offeredPerSecond?: number;
  /** Last frame's publish acked → CommitAnnotations seen on NATS (live runs). */
  commitAfterLastFrameMs?: number;
  /** annotation-job's CPU (process_cpu_seconds_total) per frame outcome message, from ready to the commit (live runs). */
  cpuMsPerOutcome?: number;
  /** Outcomes per transaction (prelabel_annotation_outcome_batch_size mean) and a batch's mean time, ms. */
  meanBatch: number;
  meanBatchMs: number;
}

/** One series' value in the service's /metrics text. */
function sample(text: string, name: string): number {
  const m = new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text);
  return m ? Number(m[1]) : NaN;
}
const batches = (text: string) => {
  const count = sample(text, "prelabel_annotation_outcome_batch_size_count");
  return {
    meanBatch: sample(text, "prelabel_annotation_outcome_batch_size_sum") / count,
    meanBatchMs: (sample(text, "prelabel_annotation_outcome_batch_seconds_sum") * 1000) / count,
  };
};
const scrape = async (proc: RunningProcess) => (await fetch(`http://127.0.0.1:${proc.port}/metrics`)).text();

async function main(): Promise<void> {
  console.log(`outcomes bench: ${availableParallelism()} cores, load average ${loadAverage()} (1 / 5 / 15 min)`);
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-outcomes-bench-"));
  const pg = new Client({ connectionString: db.url });
  const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "outcomes-bench" });
  const processes: RunningProcess[] = [];
  const commits = new Map<string, number>();
  messaging.subscribeLive(Contracts.commitAnnotations, (m) => commits.set(m.jobId, performance.now()));
  const env = {
    PATH: process.env.PATH ?? "",
    NATS_URL: nats.url,
    NATS_NAMESPACE: nats.namespace,
    DATABASE_URL: db.url,
    LOG_LEVEL: "warn",
    JOB_SWEEP_INTERVAL_MS: "0",
    // e.g. SERVICE_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/outcomes-prof" to profile the service.
    ...(process.env.SERVICE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.SERVICE_NODE_OPTIONS } : {}),
  };
  const service = async (settings: Record<string, string>) => {
    const proc = await startDeployable("annotation-job", { env: { ...env, ...settings }, logDir });
    processes.push(proc);
    return proc;
  };
  const stop = async (proc: RunningProcess) => {
    await stopProcesses([proc]);
    processes.splice(processes.indexOf(proc), 1);
  };

  /** A RUNNING job over `frames` frames, as a start leaves it. */
  const runningJob = async (frames: number) => {
    const id = randomUUID();
    await pg.query(
      `INSERT INTO annotation_job.auto_annotation_job
         (id, tenant_id, task_id, model_id, model_runtime, status, frames_total, threshold, convert_masks_to_polygons,
          clean_old_annotations, mapping, frame_start, frame_stop, frame_range_explicit, created_at, started_at, updated_at)
       VALUES ($1, $2, $3, 'bench-model', 'catalog:bench', 'RUNNING', $4, 0.5, false, false, '[]', 0, $4 - 1, false, now(), now(), now())`,
      [id, TENANT, randomUUID(), frames],
    );
    return id;
  };

  /** Eight workers' publishes: every frame once (and a few twice, under another id), each awaiting its ack. */
  const publish = async (jobId: string, taskId: string, frames: number) => {
    const order = Array.from({ length: frames }, (_, f) => f);
    const again = order.filter((f) => f % Math.max(1, Math.round(1 / REDELIVERED)) === 7).map((f) => -1 - f);
    const queue = [...order, ...again];
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: PUBLISHERS }, async (_, w) => {
        while (next < queue.length) {
          const item = queue[next++];
          const frame = item < 0 ? -1 - item : item;
          await messaging.publish(
            Contracts.frameInferred,
            create(FrameInferredSchema, { jobId, taskId, frame, tenantId: TENANT, inferenceMs: 1, workerId: `bench-worker-${w}` }),
            { msgId: item < 0 ? `${jobId}.${frame}.again` : `${jobId}.${frame}` },
          );
        }
      }),
    );
    return { started, lastAcked: performance.now(), messages: queue.length };
  };

  const committing = async (jobId: string, timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (!commits.has(jobId)) {
      if (Date.now() > deadline) throw new Error(`job ${jobId} was not committed within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const [row] = (
      await pg.query<{ seconds: number; done: number }>(
        `SELECT extract(epoch FROM j.updated_at - (SELECT min(recorded_at) FROM annotation_job.frame_outcome o WHERE o.job_id = j.id))::float8 AS seconds,
                j.frames_done AS done
           FROM annotation_job.auto_annotation_job j WHERE j.id = $1 AND j.status = 'COMMITTING'`,
        [jobId],
      )
    ).rows;
    if (!row) throw new Error(`job ${jobId} is not COMMITTING`);
    return row;
  };

  /** (a) the whole job's outcomes in the stream before the service starts: how fast it works through them. */
  const backlog = async (settings: Record<string, string>, frames: number): Promise<Figures> => {
    const jobId = await runningJob(frames);
    await publish(jobId, randomUUID(), frames);
    const proc = await service(settings);
    const { seconds, done } = await committing(jobId, 300_000);
    const text = await scrape(proc);
    await stop(proc);
    if (done !== frames) throw new Error(`${done} frames counted of ${frames}`);
    return { frames, recordedPerSecond: (frames - 1) / seconds, ...batches(text) };
  };

  /** (b) the service running while the publishers produce. */
  const live = async (settings: Record<string, string>, frames: number): Promise<Figures> => {
    const proc = await service(settings);
    const jobId = await runningJob(frames);
    const cpuBefore = sample(await scrape(proc), "process_cpu_seconds_total");
    const { started, lastAcked, messages } = await publish(jobId, randomUUID(), frames);
    const { seconds, done } = await committing(jobId, 300_000);
    const text = await scrape(proc);
    await stop(proc);
    if (done !== frames) throw new Error(`${done} frames counted of ${frames}`);
    return {
      frames,
      recordedPerSecond: (frames - 1) / seconds,
      offeredPerSecond: frames / ((lastAcked - started) / 1000),
      commitAfterLastFrameMs: commits.get(jobId)! - lastAcked,
      cpuMsPerOutcome: ((sample(text, "process_cpu_seconds_total") - cpuBefore) * 1000) / messages,
      ...batches(text),
    };
  };

  const line = (name: string, f: Figures) =>
    console.log(
      `${name.padEnd(44)} ${f.frames.toString().padStart(6)} frames  ${f.recordedPerSecond.toFixed(0).padStart(6)} outcomes/s` +
        (f.offeredPerSecond === undefined ? "" : `  offered ${f.offeredPerSecond.toFixed(0)}/s`) +
        (f.commitAfterLastFrameMs === undefined ? "" : `  commit ${f.commitAfterLastFrameMs.toFixed(0)} ms after the last frame`) +
        `  batch mean ${f.meanBatch.toFixed(1)} in ${f.meanBatchMs.toFixed(1)} ms` +
        (f.cpuMsPerOutcome === undefined ? "" : `  service CPU ${f.cpuMsPerOutcome.toFixed(2)} ms/outcome`) +
        `  (load ${loadAverage()})`,
    );

  try {
    await pg.connect();
    // The schema comes from the service's own migrations: start it once before inserting jobs.
    await stop(await service(BATCHED));
    const perFrameBacklog = await backlog(PER_FRAME, BASELINE_FRAMES);
    line("one transaction per frame, backlog", perFrameBacklog);
    const batchedBacklog = await backlog(BATCHED, FRAMES);
    line("batched, backlog", batchedBacklog);
    const perFrameLive = await live(PER_FRAME, BASELINE_FRAMES);
    line(`one transaction per frame, live (${PUBLISHERS} workers)`, perFrameLive);
    const batchedLive = await live(BATCHED, FRAMES);
    line(`batched, live (${PUBLISHERS} workers)`, batchedLive);
    console.log(
      `batched / per-frame outcomes/s: backlog ${(batchedBacklog.recordedPerSecond / perFrameBacklog.recordedPerSecond).toFixed(1)}×, ` +
        `live ${(batchedLive.recordedPerSecond / perFrameLive.recordedPerSecond).toFixed(1)}×; ` +
        `batched backlog / 2,000 target ${(batchedBacklog.recordedPerSecond / 2_000).toFixed(2)}; ` +
        `live recorded / offered ${(batchedLive.recordedPerSecond / batchedLive.offeredPerSecond!).toFixed(2)}; ` +
        `service CPU per outcome batched / per-frame ${(batchedLive.cpuMsPerOutcome! / perFrameLive.cpuMsPerOutcome!).toFixed(2)}`,
    );
  } finally {
    await stopProcesses(processes);
    await messaging.close();
    await pg.end().catch(() => undefined);
    await nats.cleanup();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
