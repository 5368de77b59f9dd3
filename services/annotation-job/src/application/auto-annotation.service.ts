import { randomUUID } from "node:crypto";
import { AppError, ErrorCode, type Logger } from "@prelabel/service-kit";
import type { ModelDirectory } from "../clients/model-directory.client.js";
import type { TaskDirectory } from "../clients/task-directory.client.js";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";
import { queuedJob, type AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { FrameFailure } from "../domain/frame-outcome.js";
import { checkFrameRangeShape, resolveFrameRange, type FrameRange } from "../domain/frame-range.js";
import { JobFailureCode } from "../domain/job-failure.js";
import { ActiveJobExistsError, TenantLimitError } from "../domain/job.errors.js";
import type { JobRepository } from "../domain/job.repository.js";
import { nextStatus } from "../domain/job-status.js";
import { describeNoSuggestion, mappableModelLabels, resolveMapping, suggestMapping } from "../domain/label-mapping.js";
import type { LabelMapping, LabelMappingRequest, ModelDescription, TaskDescription, TaskFrame } from "../domain/labels.js";
import type { TenantLimits } from "../domain/tenant-limits.js";
import {
  checkThresholdValues,
  resolveLabelThresholds,
  THRESHOLDS_WITH_TRACKING,
  type LabelThreshold,
  type LabelThresholdRequest,
} from "../domain/label-thresholds.js";
import { isValidThreshold, resolveThreshold } from "../domain/threshold.js";
import { resolveTiling, tilingApplicable, type JobTiling, type TilingRequest } from "../domain/tiling.js";
import { mappingCanTrack, resolveTracking, type JobTracking, type TrackingRequest } from "../domain/tracking.js";
import type { AnnotationCommands } from "../messaging/publishers/annotation-commands.publisher.js";
import type { CancelMarks } from "../messaging/publishers/cancel-mark.publisher.js";
import type { FrameDispatch } from "../messaging/publishers/frame-dispatch.publisher.js";
import type { ProgressPublisher } from "../messaging/publishers/job-progress.publisher.js";
import {
  invalidThresholds,
  invalidTiling,
  invalidTracking,
  jobAlreadyRunning,
  modelNotSupported,
  tenantLimitExceeded,
  tilingNotApplicable,
  trackingNotApplicable,
} from "./auto-annotation.errors.js";

/** What a run asks for (startAutoAnnotation's input; previews, evaluations and batches ask the same). */
export interface RunRequest {
  taskId: string;
  modelId: string;
  /** Omitted (or null): the suggested mapping. */
  mapping?: LabelMappingRequest[] | null;
  /** Omitted (or null): the model's default threshold. */
  threshold?: number | null;
  /** Per-class thresholds, each task label by id or name; omitted, null or empty: the threshold for every label. */
  thresholds?: LabelThresholdRequest[] | null;
  convertMasksToPolygons?: boolean | null;
  cleanOldAnnotations?: boolean | null;
  /** Inclusive; omitted: every frame of the task. Ignored when the frames are given by index. */
  frameRange?: FrameRange | null;
  /** Omitted, null or disabled: no tracking (every shape is a per-frame annotation). */
  tracking?: TrackingRequest | null;
  /** Omitted (or null): the model sees whole frames only. */
  tiling?: TilingRequest | null;
  /** Results scoring below it are committed flagged needsReview; omitted (or null): none are. */
  reviewBelow?: number | null;
}

export interface StartJobInput extends RunRequest {
  /** The caller's tenant: the task and the model must be visible to it, and the job becomes its own. */
  tenantId: string;
}

/**
 * Which frames validateRun lists: the request's frameRange (a run), given indexes (a preview or an evaluation; each
 * must be in the task, the range becomes their min..max), or none (only the labels and options are validated).
 */
export type RunFrames = { kind: "range" } | { kind: "indexes"; indexes: readonly number[] } | { kind: "none" };

/** A request that passed every check but the active-job one: what a run (or a preview, an evaluation) works with. */
export interface ValidatedRun {
  task: TaskDescription;
  model: ModelDescription;
  /** The run's threshold (the input's, or the model's default). */
  threshold: number;
  /** Resolved per-class thresholds (task label ids). */
  labelThresholds: LabelThreshold[];
  mapping: LabelMapping[];
  tracking: JobTracking | null;
  tiling: JobTiling | null;
  reviewBelow: number | null;
  convertMasksToPolygons: boolean;
  cleanOldAnnotations: boolean;
  /** Inclusive; `explicit` when the client asked for a range (or gave indexes). */
  range: FrameRange & { explicit: boolean };
  /** The frames to run, ascending (empty for `{ kind: "none" }`). */
  frames: TaskFrame[];
}

/** The persistence the service needs (JobRepository; a fake in unit tests). */
export type JobStore = Pick<
  JobRepository,
  "findById" | "findActiveByTask" | "listByTask" | "failures" | "insert" | "transaction" | "touch"
>;

/** Task.autoAnnotationJobs(first): its default and largest page. */
export const DEFAULT_JOBS_PER_TASK = 50;
export const MAX_JOBS_PER_TASK = 500;

export interface AutoAnnotationServiceDeps {
  jobs: JobStore;
  tasks: TaskDirectory;
  models: ModelDirectory;
  dispatch: FrameDispatch;
  annotations: AnnotationCommands;
  cancelMarks: CancelMarks;
  progress: ProgressPublisher;
  logger: Logger;
  /** Per-tenant limits on starting jobs; omitted or 0: none. */
  limits?: TenantLimits;
  now?: () => Date;
  /**
   * While a job's frames are being queued, its row is touched at most this often (and only as frames
   * go out), so the stuck-job sweeper tells a long dispatch from a dead one. Keep it well under JOB_STALE_AFTER_MS.
   */
  dispatchHeartbeatMs?: number;
}

/** Starting, cancelling and reading jobs: what the GraphQL API does. */
export class AutoAnnotationService {
  private readonly now: () => Date;

  constructor(private readonly deps: AutoAnnotationServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /** The tenant's job; another tenant's is null, as if it did not exist. */
  get(tenantId: string, id: string): Promise<AutoAnnotationJob | null> {
    return this.deps.jobs.findById(tenantId, id);
  }

  /** A task's newest `first` jobs (default 50, at most 500: the list a client can ask for is bounded). */
  async listByTask(tenantId: string, taskId: string, first: number = DEFAULT_JOBS_PER_TASK): Promise<AutoAnnotationJob[]> {
    if (!Number.isInteger(first) || first < 0 || first > MAX_JOBS_PER_TASK) {
      throw new AppError(ErrorCode.BadUserInput, `first must be between 0 and ${MAX_JOBS_PER_TASK}`, { first, max: MAX_JOBS_PER_TASK });
    }
    return this.deps.jobs.listByTask(tenantId, taskId, first);
  }

  failures(jobId: string): Promise<FrameFailure[]> {
    return this.deps.jobs.failures(jobId);
  }

  /** The mapping a start without `mapping` would use (empty when nothing matches). Needs the labels only, never the frames. */
  async suggestMapping(tenantId: string, taskId: string, modelId: string): Promise<LabelMapping[]> {
    const { task, model } = await this.describe(tenantId, taskId, modelId);
    return suggestMapping(mappableModelLabels(model.labels, task.labels), task.labels);
  }

  /**
   * Every check a start makes except the active-job one, in the same order: the input alone first (no other service
   * is asked), then the task and the model (described without frames), the mapping and options against them, and last
   * the frames (listed page by page). Throws the typed error of the first failing step; stores and sends nothing.
   */
  async validateRun(tenantId: string, request: RunRequest, frames: RunFrames): Promise<ValidatedRun> {
    this.checkRequestShape(request);
    const { task, model } = await this.describe(tenantId, request.taskId, request.modelId);
    if (model.unsupportedReason) throw modelNotSupported(model.id, model.unsupportedReason);

    const threshold = resolveThreshold(request.threshold, model.defaultThreshold);
    if (!threshold.ok) {
      throw new AppError(AnnotationJobErrorCode.InvalidThreshold, threshold.message, { threshold: request.threshold ?? null });
    }

    const range = frames.kind === "indexes" ? indexesRange(frames.indexes, task.size) : resolveFrameRange(request.frameRange, task.size);
    if (!range.ok) {
      throw new AppError(range.code, range.message, {
        taskSize: task.size,
        ...(frames.kind === "indexes"
          ? { frames: "bad" in range ? range.bad : [] }
          : request.frameRange
            ? { frameRange: request.frameRange }
            : {}),
      });
    }
    const mapping = this.mappingFor(request.mapping, model, task);
    const tracking = resolveTracking(request.tracking, threshold.value);
    if (!tracking.ok) throw invalidTracking(tracking.problems, request.tracking);
    const convertMasksToPolygons = request.convertMasksToPolygons ?? false;
    if (tracking.value && !mappingCanTrack(mapping, model.labels, convertMasksToPolygons)) throw trackingNotApplicable(mapping);

    const labelThresholds = resolveLabelThresholds(request.thresholds, task.labels);
    if (!labelThresholds.ok) throw invalidThresholds(labelThresholds.problems, request);
    if (tracking.value && labelThresholds.value.length > 0) throw invalidThresholds([THRESHOLDS_WITH_TRACKING], request);
    const tiling = resolveTiling(request.tiling);
    if (!tiling.ok) throw invalidTiling(tiling.problems, request.tiling);
    if (tiling.value) {
      const applicable = tilingApplicable(model.runtime, mapping, model.labels);
      if (!applicable.ok) throw tilingNotApplicable(model.id, applicable.reason);
    }

    const base = {
      task,
      model,
      threshold: threshold.value,
      labelThresholds: labelThresholds.value,
      mapping,
      tracking: tracking.value,
      tiling: tiling.value,
      reviewBelow: request.reviewBelow ?? null,
      convertMasksToPolygons,
      cleanOldAnnotations: request.cleanOldAnnotations ?? false,
      range: { ...range.range, explicit: range.explicit },
    };
    if (frames.kind === "none") return { ...base, frames: [] };

    // Last: the only check that may take several requests (a page per 2,000 frames).
    if (frames.kind === "indexes") {
      const wanted = new Set(frames.indexes);
      const listed = await this.listFramesOf(
        tenantId,
        request.taskId,
        [...wanted].sort((a, b) => a - b),
      );
      const found = new Set(listed.map((f) => f.index));
      const missing = [...wanted].filter((i) => !found.has(i)).sort((a, b) => a - b);
      if (missing.length > 0) {
        const message = `The task has no frame ${missing.join(", ")}.`;
        throw new AppError(AnnotationJobErrorCode.InvalidFrameRange, message, { taskSize: task.size, frames: missing });
      }
      return { ...base, frames: listed };
    }
    const listed = framesIn(await this.deps.tasks.listFrames(tenantId, request.taskId, range.range), range.range);
    if (listed.length === 0) {
      const message = `The task has no frames in ${range.range.start}..${range.range.stop}.`;
      throw new AppError(AnnotationJobErrorCode.TaskEmpty, message, { frameRange: range.range });
    }
    return { ...base, frames: listed };
  }

  /**
   * Validates everything before anything runs (validateRun), stores the job QUEUED (the partial unique index
   * turns a racing second start into JOB_ALREADY_RUNNING), publishes one InferFrame per frame,
   * then marks it RUNNING.
   */
  async start(input: StartJobInput): Promise<AutoAnnotationJob> {
    // Cheap checks on the input alone come first, before even the active-job check: they need no other service.
    this.checkRequestShape(input);
    const { tenantId } = input;
    await this.ensureNoActiveJob(tenantId, input.taskId);
    const run = await this.validateRun(tenantId, input, { kind: "range" });
    const job = this.newJob(tenantId, run, this.now());
    try {
      await this.deps.jobs.insert(job, this.deps.limits);
    } catch (err) {
      if (err instanceof ActiveJobExistsError) throw jobAlreadyRunning(input.taskId, undefined, err);
      if (err instanceof TenantLimitError) throw tenantLimitExceeded(err);
      throw err;
    }
    this.deps.progress.publish(job);

    const { job: started, queued } = await this.dispatchStarted(job, run.frames);
    if (!queued) {
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        "The job's frames could not be queued; the job was marked FAILED. Try again shortly.",
        { jobId: job.id },
      );
    }
    return started;
  }

  /** The QUEUED job a validated run becomes (one of a batch's with `batchId`). */
  newJob(tenantId: string, run: ValidatedRun, now: Date, batchId: string | null = null): AutoAnnotationJob {
    return queuedJob(
      {
        id: randomUUID(),
        tenantId,
        taskId: run.task.id,
        modelId: run.model.id,
        modelRuntime: run.model.runtime,
        framesTotal: run.frames.length,
        threshold: run.threshold,
        convertMasksToPolygons: run.convertMasksToPolygons,
        cleanOldAnnotations: run.cleanOldAnnotations,
        tracking: run.tracking,
        labelThresholds: run.labelThresholds,
        tiling: run.tiling,
        reviewBelow: run.reviewBelow,
        mapping: run.mapping,
        frameStart: run.range.start,
        frameStop: run.range.stop,
        frameRangeExplicit: run.range.explicit,
        batchId,
      },
      now,
    );
  }

  /**
   * Publishes one InferFrame per frame of a stored job, then marks it RUNNING (one cancelled meanwhile stays
   * CANCELLING). Never throws for a failed publish: the job is then FAILED (DISPATCH_FAILED) and `queued` false.
   */
  async dispatchStarted(job: AutoAnnotationJob, frames: readonly TaskFrame[]): Promise<{ job: AutoAnnotationJob; queued: boolean }> {
    try {
      await this.deps.dispatch.inferFrames(job, [...frames], this.dispatchHeartbeat(job.id));
    } catch (err) {
      const failed = await this.failDispatch(job.id, err);
      return { job: failed ?? job, queued: false };
    }

    const started = await this.deps.jobs.transaction(async (tx) => {
      const locked = await tx.lockJob(job.id);
      if (!locked) return job;
      const next = nextStatus(locked.status, "dispatched");
      // Cancelled while its frames were being queued: it stays CANCELLING.
      if (!next) return locked;
      const now = this.now();
      return tx.transition(locked, next, { startedAt: now }, now);
    });
    this.deps.progress.publish(started);
    this.deps.logger.info(
      { jobId: started.id, tenantId: started.tenantId, taskId: started.taskId, modelId: started.modelId, frames: frames.length },
      "auto-annotation job started",
    );
    return { job: started, queued: true };
  }

  /**
   * QUEUED/RUNNING → CANCELLING, then the cancel mark (workers skip the job's frames) and
   * DiscardAnnotations (the task drops what it staged). A CANCELLING job may be cancelled again,
   * which re-sends both (de-duplicated downstream): the way to recover from a failed send.
   */
  async cancel(tenantId: string, jobId: string): Promise<AutoAnnotationJob> {
    const job = await this.deps.jobs.transaction(async (tx) => {
      const locked = await tx.lockJob(jobId);
      // Another tenant's job is not found, exactly like a job that does not exist.
      if (!locked || locked.tenantId !== tenantId)
        throw new AppError(ErrorCode.NotFound, `Auto-annotation job ${jobId} was not found.`, { jobId });
      const next = nextStatus(locked.status, "cancelRequested");
      if (!next) {
        const why = locked.status === "COMMITTING" ? "its results are already being committed" : `it is ${locked.status}`;
        const details = { jobId, status: locked.status };
        throw new AppError(AnnotationJobErrorCode.JobNotActive, `Job ${jobId} cannot be cancelled: ${why}.`, details);
      }
      return locked.status === next ? locked : tx.transition(locked, next, {}, this.now());
    });
    try {
      await this.deps.cancelMarks.markCancelled(job.id);
      await this.deps.annotations.discard(job);
    } catch (err) {
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        "The job is CANCELLING but the cancel could not be sent to the workers and the task; call cancelAutoAnnotation again.",
        { jobId: job.id },
        { cause: err },
      );
    } finally {
      this.deps.progress.publish(job);
    }
    this.deps.logger.info({ jobId: job.id, taskId: job.taskId }, "auto-annotation job cancelling");
    return job;
  }

  /** Touches the job as frames are published, at most once per heartbeat interval, one touch at a time. */
  private dispatchHeartbeat(jobId: string): () => void {
    const every = this.deps.dispatchHeartbeatMs ?? 30_000;
    let last = Date.now();
    let touching = false;
    return () => {
      if (touching || Date.now() - last < every) return;
      touching = true;
      last = Date.now();
      this.deps.jobs
        .touch(jobId)
        .catch((err: unknown) => this.deps.logger.warn({ err, jobId }, "dispatch heartbeat failed"))
        .finally(() => (touching = false));
    };
  }

  /** The checks on the request alone (ranges and shapes), so a bad value is refused before any other service is asked. */
  checkRequestShape(request: RunRequest): void {
    if (request.threshold !== null && request.threshold !== undefined && !isValidThreshold(request.threshold)) {
      throw new AppError(
        AnnotationJobErrorCode.InvalidThreshold,
        `threshold must be greater than 0 and at most 1 (got ${String(request.threshold)}).`,
        { threshold: request.threshold },
      );
    }
    const thresholdProblems = checkThresholdValues(request.thresholds, request.reviewBelow);
    if (thresholdProblems.length) throw invalidThresholds(thresholdProblems, request);
    // The ranges do not depend on the threshold (only lowScore does, and it is not asked for).
    const trackingShape = resolveTracking(request.tracking, 1);
    if (!trackingShape.ok) throw invalidTracking(trackingShape.problems, request.tracking);
    const tiling = resolveTiling(request.tiling);
    if (!tiling.ok) throw invalidTiling(tiling.problems, request.tiling);
    const shape = checkFrameRangeShape(request.frameRange);
    if (shape && !shape.ok) throw new AppError(AnnotationJobErrorCode.InvalidFrameRange, shape.message, { frameRange: request.frameRange });
  }

  /** The frames of these (sorted, distinct) indexes: one listing per cluster of nearby indexes, not one per index. */
  private async listFramesOf(tenantId: string, taskId: string, indexes: readonly number[]): Promise<TaskFrame[]> {
    const ranges: FrameRange[] = [];
    for (const i of indexes) {
      const last = ranges[ranges.length - 1];
      // Indexes closer than a listing page share one listing.
      if (last && i - last.stop <= FRAME_LISTING_GAP) last.stop = i;
      else ranges.push({ start: i, stop: i });
    }
    const wanted = new Set(indexes);
    const pages = await Promise.all(ranges.map((r) => this.deps.tasks.listFrames(tenantId, taskId, r)));
    return pages.flatMap((page, k) => framesIn(page, ranges[k])).filter((f) => wanted.has(f.index));
  }

  private async ensureNoActiveJob(tenantId: string, taskId: string): Promise<void> {
    const active = await this.deps.jobs.findActiveByTask(tenantId, taskId);
    if (active) throw jobAlreadyRunning(taskId, active);
  }

  /** Describes both (the task without its frames); when both fail, the task's error is the one reported. */
  private async describe(tenantId: string, taskId: string, modelId: string): Promise<{ task: TaskDescription; model: ModelDescription }> {
    const [task, model] = await Promise.allSettled([
      this.deps.tasks.describeTask(tenantId, taskId),
      this.deps.models.describeModel(tenantId, modelId),
    ]);
    if (task.status === "rejected") throw task.reason;
    if (model.status === "rejected") throw model.reason;
    return { task: task.value, model: model.value };
  }

  private mappingFor(requested: LabelMappingRequest[] | null | undefined, model: ModelDescription, task: TaskDescription): LabelMapping[] {
    const modelLabels = mappableModelLabels(model.labels, task.labels);
    const labels = {
      modelLabels: modelLabels.map((l) => ({ name: l.name, type: l.type })),
      taskLabels: task.labels.map((l) => ({ id: l.id, name: l.name, type: l.type })),
    };
    if (requested === null || requested === undefined) {
      const suggested = suggestMapping(modelLabels, task.labels);
      if (suggested.length === 0) {
        const message = describeNoSuggestion(modelLabels, task.labels);
        throw new AppError(AnnotationJobErrorCode.InvalidMapping, message, { problems: [], ...labels });
      }
      return suggested;
    }
    const resolved = resolveMapping(requested, modelLabels, task.labels);
    if (!resolved.ok) {
      const summary = resolved.problems.map((p) => `${p.path}: ${p.message}`).join(" ");
      const details = { problems: resolved.problems, ...labels };
      throw new AppError(AnnotationJobErrorCode.InvalidMapping, `Invalid label mapping. ${summary}`, details);
    }
    return resolved.mapping;
  }

  /** Frames could not all be queued: FAILED, and whatever was queued is skipped and discarded. */
  private async failDispatch(jobId: string, cause: unknown): Promise<AutoAnnotationJob | null> {
    const log = this.deps.logger;
    log.error({ err: cause, jobId }, "could not queue the job's frames");
    try {
      const failed = await this.deps.jobs.transaction(async (tx) => {
        const locked = await tx.lockJob(jobId);
        const next = locked && nextStatus(locked.status, "dispatchFailed");
        if (!locked || !next) return locked;
        const now = this.now();
        return tx.transition(
          locked,
          next,
          { finishedAt: now, failureCode: JobFailureCode.DISPATCH_FAILED, failureReason: "frames could not be queued" },
          now,
        );
      });
      if (!failed) return null;
      this.deps.progress.publish(failed);
      await this.deps.cancelMarks.markCancelled(jobId);
      await this.deps.annotations.discard(failed);
      return failed;
    } catch (err) {
      log.error({ err, jobId }, "could not clean up after a failed dispatch");
      return null;
    }
  }
}

/** Indexes at most this far apart are listed in one request (the task service pages at 2,000 frames). */
const FRAME_LISTING_GAP = 2_000;

/** The range given frame indexes span; each must be a frame index of the task. */
function indexesRange(
  indexes: readonly number[],
  size: number,
): { ok: true; range: FrameRange; explicit: true } | { ok: false; code: AnnotationJobErrorCode; message: string; bad: number[] } {
  if (size <= 0) {
    return {
      ok: false,
      code: AnnotationJobErrorCode.TaskEmpty,
      message: "The task has no frames: upload images before annotating.",
      bad: [],
    };
  }
  if (indexes.length === 0) return { ok: false, code: AnnotationJobErrorCode.InvalidFrameRange, message: "No frame was given.", bad: [] };
  const bad = indexes.filter((i) => !Number.isInteger(i) || i < 0 || i >= size);
  if (bad.length > 0) {
    const message = `Frame ${bad.join(", ")} is outside the task, whose frames are 0..${size - 1}.`;
    return { ok: false, code: AnnotationJobErrorCode.InvalidFrameRange, message, bad };
  }
  return { ok: true, range: { start: Math.min(...indexes), stop: Math.max(...indexes) }, explicit: true };
}

function framesIn(frames: readonly TaskFrame[], range: FrameRange): TaskFrame[] {
  const byIndex = new Map<number, TaskFrame>();
  for (const f of frames) if (f.index >= range.start && f.index <= range.stop && !byIndex.has(f.index)) byIndex.set(f.index, f);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}
