// Committing a job's staged results (issue 13, target 3): 10,000 frames with 3 shapes each (two rectangles and a
// 12-point polygon) staged for a task, then CommitAnnotations sent to the task service running as its own process on
// a fresh database and NATS namespace. Measured: the commit's transaction (prelabel_task_commit_seconds, read from the
// service's /metrics) and CommitAnnotations sent → AnnotationsCommitted seen on NATS; a first job into an empty task,
// then a second with cleanOldAnnotations, which removes the earlier rows in the same transaction. Baseline in the same
// run, on the same database, right after each commit: a plain INSERT … SELECT copying the 30,000 annotation rows it
// wrote (the floor for writing those rows with their indexes and foreign keys; on a machine shared with other work the
// pair moves together, so their ratio is the steadier figure).
// Also staging (the task--stage-results consumer): STAGE_FRAMES FrameInferred events published by eight publishers,
// until all are staged: frames/s against the rate offered, and the task's CPU per staged frame.
// REVIEW_BELOW (unset: none) sends the commits a review_below, so the shapes scoring under it (0.5, 0.6, 0.7, … by
// shape) are flagged needs_review: the flagged commit against the plain copy of the same rows, flags included.
// Run: npm run bench:commit -w @prelabel/bench   (FRAMES=10000 SHAPES=3 STAGE_FRAMES=3000; REVIEW_BELOW=0.65)
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { Messaging } from "@prelabel/messaging";
import { CommitAnnotationsSchema, Contracts, create, FrameInferredSchema, ShapeType } from "@prelabel/proto";
import { createTestDatabase, createTestNats, startDeployable, stopProcesses, type RunningProcess } from "@prelabel/testing";
import { Client } from "pg";
import { loadAverage } from "./process-cpu.meter.js";

const FRAMES = Number(process.env.FRAMES ?? 10_000);
const SHAPES = Number(process.env.SHAPES ?? 3);
/** Frames published as FrameInferred (SHAPES rectangles each) for the staging figure, by eight publishers. */
const STAGE_FRAMES = Number(process.env.STAGE_FRAMES ?? 3_000);
/** The commits' review_below (unset: nothing flagged). */
const REVIEW_BELOW = process.env.REVIEW_BELOW ? Number(process.env.REVIEW_BELOW) : undefined;
const TENANT = "bench-tenant";

function sample(text: string, name: string): number {
  const m = new RegExp(`^${name} ([0-9.e+-]+)$`, "m").exec(text);
  return m ? Number(m[1]) : NaN;
}

async function main(): Promise<void> {
  console.log(`commit bench: ${availableParallelism()} cores, load average ${loadAverage()} (1 / 5 / 15 min)`);
  const db = await createTestDatabase();
  const nats = await createTestNats();
  const logDir = mkdtempSync(join(tmpdir(), "prelabel-commit-bench-"));
  const pg = new Client({ connectionString: db.url });
  const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "commit-bench" });
  const committed = new Map<string, { at: number; annotationCount: number; removedCount: number; reviewCount: number }>();
  messaging.subscribeLive(Contracts.annotationsCommitted, (m) =>
    committed.set(m.jobId, {
      at: performance.now(),
      annotationCount: m.annotationCount,
      removedCount: m.removedCount,
      reviewCount: m.reviewCount,
    }),
  );
  let task: RunningProcess | undefined;
  const env = { PATH: process.env.PATH ?? "", NATS_URL: nats.url, NATS_NAMESPACE: nats.namespace, DATABASE_URL: db.url, LOG_LEVEL: "warn" };

  const metricsOf = async (proc: RunningProcess) => (await fetch(`http://127.0.0.1:${proc.port}/metrics`)).text();
  const commitSeconds = async (proc: RunningProcess) =>
    sample(await metricsOf(proc), 'prelabel_task_commit_seconds_sum\\{outcome="applied"\\}');

  /** STAGE_FRAMES results through the stage-results consumer, as eight workers publish them. */
  const staging = async (taskId: string, labelId: string) => {
    const jobId = randomUUID();
    const cpuBefore = sample(await metricsOf(task!), "process_cpu_seconds_total");
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < STAGE_FRAMES) {
          const frame = next++;
          const shapes = Array.from({ length: SHAPES }, (_, s) => ({
            labelId,
            type: ShapeType.RECTANGLE,
            points: [s * 10, frame % 640, s * 10 + 40, (frame % 640) + 60],
            score: 0.9,
          }));
          await messaging.publish(
            Contracts.frameInferred,
            create(FrameInferredSchema, { jobId, taskId, frame, tenantId: TENANT, workerId: "bench", shapes }),
            { msgId: `${jobId}.${frame}` },
          );
        }
      }),
    );
    const offeredSeconds = (performance.now() - started) / 1000;
    for (;;) {
      const { rows } = await pg.query<{ n: number }>(`SELECT count(*)::int AS n FROM "task"."staged_result" WHERE "job_id" = $1`, [jobId]);
      if (rows[0].n >= STAGE_FRAMES) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = sample(await metricsOf(task!), "process_cpu_seconds_total") - cpuBefore;
    await pg.query(`DELETE FROM "task"."staged_result" WHERE "job_id" = $1`, [jobId]);
    return {
      perSecond: STAGE_FRAMES / seconds,
      offeredPerSecond: STAGE_FRAMES / offeredSeconds,
      cpuMsPerFrame: (cpu * 1000) / STAGE_FRAMES,
    };
  };

  /** FRAMES frames of SHAPES shapes each, staged for `jobId` as the stage-results consumer stores them. */
  const stage = async (jobId: string, taskId: string, labels: { car: string; road: string }, frames = FRAMES) => {
    await pg.query(
      `INSERT INTO "task"."staged_result" ("job_id", "frame", "task_id", "shapes")
       SELECT $1, f, $2, (
         SELECT jsonb_agg(jsonb_build_object(
           'labelId', CASE WHEN s % 3 = 2 THEN $4 ELSE $3 END,
           'type', CASE WHEN s % 3 = 2 THEN 'POLYGON' ELSE 'RECTANGLE' END,
           'points', CASE WHEN s % 3 = 2
                          THEN jsonb_build_array(10.5, 20.25, 30, 20, 40.75, 35, 38, 50.5, 22, 55, 12.125, 40)
                          ELSE jsonb_build_array(s * 10 + 0.5, f % 640 + 0.25, s * 10 + 40.75, f % 640 + 60) END,
           'mask', NULL, 'score', 0.5 + s / 10.0, 'attributes', '[]'::jsonb, 'elements', '[]'::jsonb,
           'occluded', false, 'outside', false))
           FROM generate_series(0, $5 - 1) s)
         FROM generate_series(0, $6 - 1) f`,
      [jobId, taskId, labels.car, labels.road, SHAPES, frames],
    );
  };

  const commit = async (jobId: string, taskId: string, clean: boolean, frames = FRAMES) => {
    const sent = performance.now();
    const before = await commitSeconds(task!);
    await messaging.publish(
      Contracts.commitAnnotations,
      create(CommitAnnotationsSchema, {
        jobId,
        tenantId: TENANT,
        taskId,
        cleanOldAnnotations: clean,
        succeededFrames: Array.from({ length: frames }, (_, f) => f),
        frameStart: 0,
        frameStop: frames - 1,
        ...(REVIEW_BELOW !== undefined ? { reviewBelow: REVIEW_BELOW } : {}),
      }),
      { msgId: `commit.${jobId}` },
    );
    const deadline = Date.now() + 120_000;
    while (!committed.has(jobId)) {
      if (Date.now() > deadline) throw new Error(`job ${jobId} was not committed within 120 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const event = committed.get(jobId)!;
    // The histogram's sum moves when the commit handler returns, just before the event is published.
    const seconds = (await commitSeconds(task!)) - (Number.isNaN(before) ? 0 : before);
    return { transactionMs: seconds * 1000, roundTripMs: event.at - sent, ...event };
  };

  /** The floor: the job's rows copied with one plain INSERT … SELECT (new ids), in a transaction of its own; ms. */
  const copyFloor = async (jobId: string) => {
    await pg.query("BEGIN");
    const started = performance.now();
    await pg.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "mask", "score", "source", "job_id", "attributes", "occluded", "outside", "needs_review")
       SELECT gen_random_uuid(), "task_id", NULL, "frame", "label_id", "type", "points", "mask", "score", "source", $2, "attributes", "occluded", "outside", "needs_review"
         FROM "task"."annotation" WHERE "job_id" = $1 ORDER BY "seq"`,
      [jobId, `copy-of-${jobId}`],
    );
    await pg.query("COMMIT");
    return performance.now() - started;
  };

  /**
   * The former commit's shape, replayed here over the same database: the staged JSON read into this process, the rows
   * planned in JavaScript (new ids; these shapes have no elements), INSERTs of 500 rows, the staged rows deleted; ms.
   */
  const formerPath = async (jobId: string, taskId: string) => {
    await pg.query("BEGIN");
    const started = performance.now();
    const staged = await pg.query<{ frame: number; shapes: { labelId: string; type: string; points: number[]; score: number | null }[] }>(
      `SELECT "frame", "shapes" FROM "task"."staged_result" WHERE "job_id" = $1 AND "frame" = ANY($2::int[])`,
      [jobId, Array.from({ length: FRAMES }, (_, f) => f)],
    );
    const rows = staged.rows
      .sort((a, b) => a.frame - b.frame)
      .flatMap((f) =>
        f.shapes.map((shape) => [randomUUID(), taskId, f.frame, shape.labelId, shape.type, shape.points, shape.score, jobId]),
      );
    for (let i = 0; i < rows.length; i += 500) {
      const chunk = rows.slice(i, i + 500);
      await pg.query(
        `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "score", "job_id", "source") VALUES ` +
          chunk.map((_, r) => `(${Array.from({ length: 8 }, (_, c) => `$${r * 8 + c + 1}`).join(", ")}, 'AUTO')`).join(", "),
        chunk.flat(),
      );
    }
    await pg.query(`DELETE FROM "task"."staged_result" WHERE "job_id" = $1`, [jobId]);
    await pg.query("COMMIT");
    return performance.now() - started;
  };

  try {
    await pg.connect();
    task = await startDeployable("task", { env, logDir });
    const taskId = randomUUID();
    const [car, road] = [randomUUID(), randomUUID()];
    await pg.query(`INSERT INTO "task"."task" ("id", "name", "size", "tenant_id") VALUES ($1, 'commit bench', $2, $3)`, [
      taskId,
      FRAMES,
      TENANT,
    ]);
    await pg.query(
      `INSERT INTO "task"."label" ("id", "task_id", "position", "name", "type") VALUES ($1, $3, 0, 'car', 'RECTANGLE'), ($2, $3, 1, 'road', 'POLYGON')`,
      [car, road, taskId],
    );
    const shapes = FRAMES * SHAPES;

    if (STAGE_FRAMES > 0) {
      const staged = await staging(taskId, car);
      console.log(
        `staging:                     ${STAGE_FRAMES} frames of ${SHAPES} shapes: ${staged.perSecond.toFixed(0)} frames/s staged, ` +
          `${staged.offeredPerSecond.toFixed(0)}/s offered (ratio ${(staged.perSecond / staged.offeredPerSecond).toFixed(2)}); ` +
          `task CPU ${staged.cpuMsPerFrame.toFixed(2)} ms per staged frame (load ${loadAverage()})`,
      );
    }

    // Untimed: a small job first, so the timed ones find the service's pool, statements and caches warm.
    const warmUp = randomUUID();
    await stage(warmUp, taskId, { car, road }, Math.min(FRAMES, 100));
    await commit(warmUp, taskId, false, Math.min(FRAMES, 100));

    const first = randomUUID();
    await stage(first, taskId, { car, road });
    const fresh = await commit(first, taskId, false);
    if (fresh.annotationCount !== shapes) throw new Error(`committed ${fresh.annotationCount} annotations, not ${shapes}`);
    const flagged =
      REVIEW_BELOW === undefined
        ? 0
        : FRAMES * Array.from({ length: SHAPES }, (_, s) => 0.5 + s / 10).filter((v) => v < REVIEW_BELOW).length;
    if (fresh.reviewCount !== flagged) throw new Error(`flagged ${fresh.reviewCount} annotations, not ${flagged}`);
    console.log(
      `commit, empty task:          ${FRAMES} frames / ${shapes} shapes (${flagged} flagged needs_review): transaction ${fresh.transactionMs.toFixed(0)} ms, ` +
        `CommitAnnotations → AnnotationsCommitted ${fresh.roundTripMs.toFixed(0)} ms (load ${loadAverage()})`,
    );

    const floorAfterFresh = await copyFloor(first);
    console.log(`plain INSERT … SELECT copy:   ${shapes} rows: ${floorAfterFresh.toFixed(0)} ms (load ${loadAverage()})`);

    const second = randomUUID();
    await stage(second, taskId, { car, road });
    const cleaning = await commit(second, taskId, true);
    if (cleaning.removedCount !== 2 * shapes + Math.min(FRAMES, 100) * SHAPES)
      throw new Error(`removed ${cleaning.removedCount} annotations, not ${shapes}`);
    console.log(
      `commit, cleaning the first:  ${FRAMES} frames / ${shapes} shapes, ${cleaning.removedCount} removed (the first's, its copy's and the warm-up's): transaction ` +
        `${cleaning.transactionMs.toFixed(0)} ms, CommitAnnotations → AnnotationsCommitted ${cleaning.roundTripMs.toFixed(0)} ms (load ${loadAverage()})`,
    );

    const floorAfterCleaning = await copyFloor(second);
    console.log(`plain INSERT … SELECT copy:   ${shapes} rows: ${floorAfterCleaning.toFixed(0)} ms (load ${loadAverage()})`);
    const third = randomUUID();
    await stage(third, taskId, { car, road });
    const former = await formerPath(third, taskId);
    console.log(
      `former path, replayed:       ${FRAMES} frames / ${shapes} shapes (JSON read, planned in JavaScript, 500-row INSERTs): ${former.toFixed(0)} ms (load ${loadAverage()})`,
    );
    const floorAfterFormer = await copyFloor(third);
    console.log(`plain INSERT … SELECT copy:   ${shapes} rows: ${floorAfterFormer.toFixed(0)} ms (load ${loadAverage()})`);
    console.log(
      `commit transaction / 1 s target: ${(fresh.transactionMs / 1000).toFixed(2)} (empty task), ${(cleaning.transactionMs / 1000).toFixed(2)} (cleaning); ` +
        `/ the plain copy right after it: ${(fresh.transactionMs / floorAfterFresh).toFixed(2)} (empty task), ` +
        `${(cleaning.transactionMs / floorAfterCleaning).toFixed(2)} (cleaning), the former path ${(former / floorAfterFormer).toFixed(2)}`,
    );
  } finally {
    if (task) await stopProcesses([task]);
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
