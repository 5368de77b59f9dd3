import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, type Logger } from "@prelabel/service-kit";
import { queuedJob, type AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { JobBatch } from "../domain/job-batch.js";
import { TenantLimitError } from "../domain/job.errors.js";
import type { ModelDescription } from "../domain/labels.js";
import { AutoAnnotationBatchService, type AutoAnnotationBatchServiceDeps } from "./auto-annotation-batch.service.js";
import type { ValidatedRun } from "./auto-annotation.service.js";

const silent = { warn() {}, info() {}, error() {}, debug() {}, child: () => silent } as unknown as Logger;
const model: ModelDescription = { id: "m", name: "m", runtime: "onnx", defaultThreshold: 0.5, returnsMasks: false, labels: [] };
const T = "tenant-a";

/** A batch service over fakes: `failing` tasks fail validation with their error; the store keeps what is inserted. */
function setup(options: { failing?: Record<string, AppError>; validateDelayMs?: Record<string, number>; limitBreach?: boolean } = {}) {
  const validated: string[] = [];
  const inserted: { batch: JobBatch; jobs: AutoAnnotationJob[] }[] = [];
  const touched: string[] = [];
  const dispatched: string[] = [];
  const cancelled: string[] = [];
  let releaseDispatch: (() => void) | undefined;
  const dispatchGate = { hold: false };
  const jobsById = new Map<string, AutoAnnotationJob>();
  const runs: AutoAnnotationBatchServiceDeps["runs"] = {
    checkRequestShape: () => undefined,
    validateRun: async (_tenant, request) => {
      const delay = options.validateDelayMs?.[request.taskId] ?? 0;
      if (delay) await new Promise((r) => setTimeout(r, delay));
      validated.push(request.taskId);
      const failure = options.failing?.[request.taskId];
      if (failure) throw failure;
      const frames = [{ index: 0, objectName: "o" }];
      return { task: { id: request.taskId }, model, frames, range: { start: 0, stop: 0, explicit: false } } as unknown as ValidatedRun;
    },
    newJob: (tenantId, run, now, batchId) =>
      queuedJob(
        {
          id: `job-${run.task.id}`,
          tenantId,
          taskId: run.task.id,
          modelId: "m",
          modelRuntime: "onnx",
          framesTotal: 1,
          threshold: 0.5,
          convertMasksToPolygons: false,
          cleanOldAnnotations: false,
          tracking: null,
          labelThresholds: [],
          tiling: null,
          reviewBelow: null,
          mapping: [],
          frameStart: 0,
          frameStop: 0,
          frameRangeExplicit: false,
          batchId,
        },
        now,
      ),
    dispatchStarted: async (job) => {
      dispatched.push(job.id);
      if (dispatchGate.hold) await new Promise<void>((r) => (releaseDispatch = r));
      const failed = job.taskId === "fails-dispatch";
      const next = { ...job, status: failed ? ("FAILED" as const) : ("RUNNING" as const) };
      jobsById.set(job.id, next);
      return { job: next, queued: !failed };
    },
    cancel: async (_tenant, jobId) => {
      const job = jobsById.get(jobId)!;
      if (job.status === "COMMITTING") throw new AppError("JOB_NOT_ACTIVE", "committing");
      cancelled.push(jobId);
      const next = { ...job, status: "CANCELLING" as const };
      jobsById.set(jobId, next);
      return next;
    },
  };
  const jobs: AutoAnnotationBatchServiceDeps["jobs"] = {
    findActiveByTask: async () => null,
    insertBatch: async (batch, list) => {
      if (options.limitBreach) throw new TenantLimitError({ kind: "concurrentJobs", limit: 1, active: 0, requestedJobs: list.length });
      inserted.push({ batch, jobs: [...list] });
      for (const j of list) jobsById.set(j.id, j);
    },
    findBatch: async (tenantId, id) => {
      const found = inserted.find((i) => i.batch.id === id && i.batch.tenantId === tenantId);
      return found ? { batch: found.batch, jobs: found.jobs.map((j) => jobsById.get(j.id)!) } : null;
    },
    markBatchFinished: async () => undefined,
    touch: async (id) => void touched.push(id),
  };
  const service = new AutoAnnotationBatchService({
    runs,
    jobs,
    models: { describeModel: async () => model },
    progress: { publish: () => undefined },
    logger: silent,
    maxTasks: 10,
    waitingHeartbeatMs: 5,
    dispatchConcurrency: 1,
  });
  return {
    service,
    validated,
    inserted,
    touched,
    dispatched,
    cancelled,
    jobsById,
    dispatchGate,
    release: () => releaseDispatch?.(),
  };
}

describe("AutoAnnotationBatchService", () => {
  it("reports the failure of the first task in the order given, naming it, and stores nothing", async () => {
    const f = setup({
      failing: {
        b: new AppError("INVALID_MAPPING", "Invalid label mapping.", { problems: [] }),
        c: new AppError("NOT_FOUND", "Task c was not found."),
      },
      // b answers last: still, b (taskIds[1]) is the batch's error, not c.
      validateDelayMs: { b: 30 },
    });
    await assert.rejects(
      f.service.start({ tenantId: T, taskIds: ["a", "b", "c", "d"], modelId: "m" }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === "INVALID_MAPPING" &&
        e.message === "Task b (taskIds[1]): Invalid label mapping." &&
        e.details?.taskId === "b" &&
        e.details.path === "taskIds[1]",
    );
    assert.deepEqual(f.inserted, []);
    assert.deepEqual(f.dispatched, []);
  });

  it("keeps a message that already names the task", async () => {
    const f = setup({ failing: { x: new AppError("NOT_FOUND", "Task x was not found.") } });
    await assert.rejects(
      f.service.start({ tenantId: T, taskIds: ["x"], modelId: "m" }),
      (e: unknown) => e instanceof AppError && e.message === "Task x was not found." && e.details?.taskId === "x",
    );
  });

  it("maps a tenant limit breach of the batch to TENANT_JOB_LIMIT, dispatching nothing", async () => {
    const f = setup({ limitBreach: true });
    await assert.rejects(
      f.service.start({ tenantId: T, taskIds: ["a", "b"], modelId: "m" }),
      (e: unknown) => e instanceof AppError && e.code === "TENANT_JOB_LIMIT" && e.details?.requested === 2,
    );
    assert.deepEqual(f.dispatched, []);
  });

  it("stores every job under one batch, then queues each; one job's failed dispatch does not stop the others", async () => {
    const f = setup();
    const view = await f.service.start({ tenantId: T, taskIds: ["a", "fails-dispatch", "c"], modelId: "m" });
    assert.equal(f.inserted.length, 1);
    assert.deepEqual(
      f.inserted[0].jobs.map((j) => [j.taskId, j.batchId]),
      [
        ["a", view.batch.id],
        ["fails-dispatch", view.batch.id],
        ["c", view.batch.id],
      ],
    );
    assert.deepEqual(f.dispatched, ["job-a", "job-fails-dispatch", "job-c"]);
    assert.deepEqual(
      view.jobs.map((j) => j.status),
      ["RUNNING", "FAILED", "RUNNING"],
    );
    assert.equal(view.summary.status, "RUNNING");
  });

  it("keeps the jobs waiting for their turn alive (touched), not the one being queued", async () => {
    const f = setup();
    f.dispatchGate.hold = true;
    const starting = f.service.start({ tenantId: T, taskIds: ["a", "b", "c"], modelId: "m" });
    // job-a is being queued (held); b and c wait and are touched by the heartbeat.
    for (let i = 0; i < 100 && !(f.touched.includes("job-b") && f.touched.includes("job-c")); i++)
      await new Promise((r) => setTimeout(r, 5));
    assert.ok(f.touched.includes("job-b") && f.touched.includes("job-c"), `touched ${JSON.stringify(f.touched)}`);
    assert.ok(!f.touched.includes("job-a"), "the job being queued has its own heartbeat");
    f.dispatchGate.hold = false;
    f.release();
    for (let i = 0; i < 100 && f.dispatched.length < 3; i++) {
      f.release();
      await new Promise((r) => setTimeout(r, 5));
    }
    await starting;
    const after = f.touched.length;
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(f.touched.length, after, "the heartbeat stops with the dispatch");
  });

  it("cancel: every cancellable job; a job committing meanwhile is skipped; another tenant's batch is NOT_FOUND", async () => {
    const f = setup();
    const view = await f.service.start({ tenantId: T, taskIds: ["a", "b", "c"], modelId: "m" });
    f.jobsById.set("job-b", { ...f.jobsById.get("job-b")!, status: "COMMITTING" });
    const after = await f.service.cancel(T, view.batch.id);
    assert.deepEqual(f.cancelled, ["job-a", "job-c"]);
    assert.deepEqual(
      after.jobs.map((j) => j.status),
      ["CANCELLING", "COMMITTING", "CANCELLING"],
    );
    await assert.rejects(f.service.cancel("tenant-b", view.batch.id), (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND");
    // Nothing left to cancel: JOB_NOT_ACTIVE.
    for (const id of ["job-a", "job-c"]) f.jobsById.set(id, { ...f.jobsById.get(id)!, status: "CANCELLED" });
    await assert.rejects(f.service.cancel(T, view.batch.id), (e: unknown) => e instanceof AppError && e.code === "JOB_NOT_ACTIVE");
  });
});
