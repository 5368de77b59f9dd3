import { randomUUID } from "node:crypto";
import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { ModelDirectory } from "../clients/model-directory.client.js";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import { checkBatchTasks, summarizeBatch, type BatchSummary, type JobBatch } from "../domain/job-batch.js";
import { ActiveJobExistsError, TenantLimitError } from "../domain/job.errors.js";
import type { JobRepository } from "../domain/job.repository.js";
import { isActive } from "../domain/job-status.js";
import type { TenantLimits } from "../domain/tenant-limits.js";
import type { ProgressPublisher } from "../messaging/publishers/job-progress.publisher.js";
import { jobAlreadyRunning, modelNotSupported, tenantLimitExceeded } from "./auto-annotation.errors.js";
import type { AutoAnnotationService, RunRequest, ValidatedRun } from "./auto-annotation.service.js";

/** What startAutoAnnotationBatch asks for: startAutoAnnotation's settings, for several tasks (each task's every frame). */
export interface StartBatchInput extends Omit<RunRequest, "taskId" | "frameRange" | "tracking"> {
  tenantId: string;
  taskIds: string[];
}

/** A batch as its jobs are now. */
export interface BatchView {
  batch: JobBatch;
  /** In the order of its tasks. */
  jobs: AutoAnnotationJob[];
  summary: BatchSummary;
}

export interface AutoAnnotationBatchServiceDeps {
  /** Validation, dispatch and cancel of single runs: a batch's jobs are runs like any other. */
  runs: Pick<AutoAnnotationService, "checkRequestShape" | "validateRun" | "newJob" | "dispatchStarted" | "cancel">;
  jobs: Pick<JobRepository, "insertBatch" | "findBatch" | "markBatchFinished" | "findActiveByTask" | "touch">;
  models: ModelDirectory;
  progress: ProgressPublisher;
  logger: Logger;
  /** Most tasks per batch (BATCH_MAX_TASKS). */
  maxTasks: number;
  /** The tenant's limits, checked for the batch as a whole; omitted or 0: none. */
  limits?: TenantLimits;
  /** Tasks validated at once (each describes its task and lists its frames). */
  validateConcurrency?: number;
  /** Jobs whose frames are queued at once (each job already publishes PUBLISH_CONCURRENCY frames at a time). */
  dispatchConcurrency?: number;
  /**
   * While earlier jobs' frames are queued, the jobs still waiting their turn are touched this often, so the stuck-job
   * sweeper does not take a long batch for a dead dispatch (keep it well under JOB_STALE_AFTER_MS).
   */
  waitingHeartbeatMs?: number;
  now?: () => Date;
}

/**
 * startAutoAnnotationBatch and its batch: every task is validated as a run would be, then every job and the batch row
 * are stored in one transaction (the tenant's limits checked for all of them together), or nothing is. Only then are
 * the jobs' frames queued, job by job; a job whose frames cannot be queued fails alone, as a single start's would.
 */
export class AutoAnnotationBatchService {
  private readonly now: () => Date;

  constructor(private readonly deps: AutoAnnotationBatchServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The tenant's batch (another tenant's is null); records its end the first time every job is found final. */
  async get(tenantId: string, id: string): Promise<BatchView | null> {
    const found = await this.deps.jobs.findBatch(tenantId, id);
    if (!found) return null;
    const summary = summarizeBatch(found.jobs, this.now());
    let batch = found.batch;
    if (summary.finishedAt && !batch.finishedAt) {
      await this.deps.jobs.markBatchFinished(batch.id, summary.finishedAt);
      batch = { ...batch, finishedAt: summary.finishedAt };
    }
    return { batch, jobs: found.jobs, summary };
  }

  /** The ids of the batch's jobs (what its progress listens to); null when it is not the tenant's. */
  async jobIds(tenantId: string, id: string): Promise<string[] | null> {
    const found = await this.deps.jobs.findBatch(tenantId, id);
    return found ? found.jobs.map((j) => j.id) : null;
  }

  async start(input: StartBatchInput): Promise<BatchView> {
    const { tenantId, taskIds, ...settings } = input;
    const problem = checkBatchTasks(taskIds, this.deps.maxTasks);
    if (problem) {
      const { message, ...details } = problem;
      throw new AppError(AnnotationJobErrorCode.InvalidBatch, message, { ...details, path: "taskIds" });
    }

    // The input's own ranges (threshold, per-class values, tiling…) are the same for every task: refused as such.
    this.deps.runs.checkRequestShape({ ...settings, taskId: taskIds[0] });
    // So is the model: an unknown or unsupported one is reported as such, not as a task's fault.
    const model = await this.deps.models.describeModel(tenantId, settings.modelId);
    if (model.unsupportedReason) throw modelNotSupported(model.id, model.unsupportedReason);

    const runs = await this.validateAll(tenantId, taskIds, settings);
    const now = this.now();
    const batch: JobBatch = { id: randomUUID(), tenantId, modelId: settings.modelId, taskIds, createdAt: now, finishedAt: null };
    const jobs = runs.map((run) => this.deps.runs.newJob(tenantId, run, now, batch.id));
    try {
      await this.deps.jobs.insertBatch(batch, jobs, this.deps.limits);
    } catch (err) {
      if (err instanceof ActiveJobExistsError) throw inTask(jobAlreadyRunning(err.taskId, undefined, err), err.taskId, taskIds);
      if (err instanceof TenantLimitError) throw tenantLimitExceeded(err);
      throw err;
    }
    for (const job of jobs) this.deps.progress.publish(job);
    this.deps.logger.info({ batchId: batch.id, tenantId, modelId: batch.modelId, jobs: jobs.length }, "auto-annotation batch stored");

    const waiting = new Set(jobs.map((j) => j.id));
    const heartbeat = setInterval(() => this.touchWaiting(waiting), this.deps.waitingHeartbeatMs ?? 30_000);
    heartbeat.unref();
    try {
      await forEachLimited(jobs, this.deps.dispatchConcurrency ?? 2, async (job, i) => {
        waiting.delete(job.id);
        await this.deps.runs.dispatchStarted(job, runs[i].frames);
      });
    } finally {
      clearInterval(heartbeat);
    }
    const view = await this.get(tenantId, batch.id);
    if (!view) throw new Error(`batch ${batch.id} vanished after it was stored`);
    this.deps.logger.info({ batchId: batch.id, status: view.summary.status }, "auto-annotation batch started");
    return view;
  }

  /**
   * Cancels every active job of the batch (one that is already committing finishes). A cancel whose side effects could
   * not be sent leaves that job CANCELLING; the error says so, and cancelling the batch again re-sends them.
   */
  async cancel(tenantId: string, batchId: string): Promise<BatchView> {
    const found = await this.deps.jobs.findBatch(tenantId, batchId);
    if (!found) throw new AppError(ErrorCode.NotFound, `Auto-annotation batch ${batchId} was not found.`, { batchId });
    const cancellable = found.jobs.filter((j) => isActive(j.status) && j.status !== "COMMITTING");
    if (cancellable.length === 0) {
      const { status } = summarizeBatch(found.jobs, this.now());
      const why = status === "RUNNING" ? "its remaining jobs are already committing their results" : `it is ${status}`;
      throw new AppError(AnnotationJobErrorCode.JobNotActive, `Batch ${batchId} cannot be cancelled: ${why}.`, { batchId, status });
    }
    const unsent: string[] = [];
    for (const job of cancellable) {
      try {
        await this.deps.runs.cancel(tenantId, job.id);
      } catch (err) {
        // Committing or ended since it was read: nothing to cancel. Anything else: say so after the others.
        if (err instanceof AppError && err.code === AnnotationJobErrorCode.JobNotActive) continue;
        this.deps.logger.warn({ err, batchId, jobId: job.id }, "could not cancel a job of the batch");
        unsent.push(job.id);
      }
    }
    if (unsent.length > 0) {
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        `The cancel of ${unsent.length} job(s) of batch ${batchId} could not be sent; call cancelAutoAnnotationBatch again.`,
        { batchId, jobIds: unsent },
      );
    }
    this.deps.logger.info({ batchId, jobs: cancellable.length }, "auto-annotation batch cancelling");
    const view = await this.get(tenantId, batchId);
    if (!view) throw new AppError(ErrorCode.NotFound, `Auto-annotation batch ${batchId} was not found.`, { batchId });
    return view;
  }

  /** Bumps the QUEUED jobs still waiting for their frames to be queued (touch changes nothing else). */
  private touchWaiting(waiting: ReadonlySet<string>): void {
    for (const id of waiting) {
      this.deps.jobs.touch(id).catch((err: unknown) => this.deps.logger.warn({ err, jobId: id }, "batch heartbeat failed"));
    }
  }

  /**
   * Every task validated as its run would be (no active job, task described, mapping resolved, frames listed), a few
   * at a time; the first failure in the order of the tasks is the batch's, naming its task. Once one failed, no
   * further task is started on.
   */
  private async validateAll(
    tenantId: string,
    taskIds: readonly string[],
    settings: Omit<StartBatchInput, "tenantId" | "taskIds">,
  ): Promise<ValidatedRun[]> {
    const results: ValidatedRun[] = [];
    const failures = new Map<number, unknown>();
    await forEachLimited(taskIds, this.deps.validateConcurrency ?? 4, async (taskId, i) => {
      if (failures.size > 0) return;
      try {
        const active = await this.deps.jobs.findActiveByTask(tenantId, taskId);
        if (active) throw jobAlreadyRunning(taskId, active);
        results[i] = await this.deps.runs.validateRun(tenantId, { ...settings, taskId }, { kind: "range" });
      } catch (err) {
        failures.set(i, err);
      }
    });
    if (failures.size > 0) {
      const first = Math.min(...failures.keys());
      throw inTask(failures.get(first), taskIds[first], taskIds);
    }
    return results;
  }
}

/** The error a task's validation raised, naming the task (`details.taskId`, `details.path` = taskIds[i]). */
function inTask(err: unknown, taskId: string, taskIds: readonly string[]): unknown {
  if (!(err instanceof AppError)) return err;
  const path = `taskIds[${taskIds.indexOf(taskId)}]`;
  const message = err.message.includes(`Task ${taskId}`) ? err.message : `Task ${taskId} (${path}): ${err.message}`;
  return new AppError(err.code, message, { ...err.details, taskId, path }, { cause: err });
}

/** Runs `work` over `items`, at most `limit` at once, in order of start. */
async function forEachLimited<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
