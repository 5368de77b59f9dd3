import { AppError } from "@prelabel/service-kit";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { TenantLimitError } from "../domain/job.errors.js";
import type { LabelMapping } from "../domain/labels.js";
import type { ThresholdProblem } from "../domain/label-thresholds.js";
import type { TilingProblem, TilingRequest } from "../domain/tiling.js";
import type { TrackingProblem, TrackingRequest } from "../domain/tracking.js";

/** TENANT_JOB_LIMIT or TENANT_FRAME_QUOTA, saying what to do about it. */
export function tenantLimitExceeded(err: TenantLimitError): AppError {
  const l = err.limit;
  if (l.kind === "concurrentJobs" && l.requestedJobs > 1) {
    return new AppError(
      AnnotationJobErrorCode.TenantJobLimit,
      `Starting ${l.requestedJobs} auto-annotation jobs would exceed the ${l.limit} your organisation may run at once (${l.active} running); start a smaller batch or wait for jobs to finish.`,
      { limit: l.limit, active: l.active, requested: l.requestedJobs },
      { cause: err },
    );
  }
  if (l.kind === "concurrentJobs") {
    return new AppError(
      AnnotationJobErrorCode.TenantJobLimit,
      `Your organisation already runs ${l.active} auto-annotation job(s), the most it may run at once (${l.limit}); wait for one to finish or cancel one.`,
      { limit: l.limit, active: l.active },
      { cause: err },
    );
  }
  const message =
    l.requested > l.limit
      ? `This start has ${l.requested} frames, more than your organisation may annotate per hour (${l.limit}); start it on fewer frames or tasks.`
      : `Starting ${l.requested} frames would exceed your organisation's ${l.limit} frames per hour (${l.used} used in the last hour)` +
        (l.retryAfterSeconds !== null ? `; try again in ${l.retryAfterSeconds} s or with a smaller frameRange.` : ".");
  return new AppError(
    AnnotationJobErrorCode.TenantFrameQuota,
    message,
    { limit: l.limit, used: l.used, requested: l.requested, retryAfterSeconds: l.retryAfterSeconds },
    { cause: err },
  );
}

/** MODEL_NOT_SUPPORTED: the registry lists the model, but no job can run it; the reason is the registry's. */
export function modelNotSupported(modelId: string, reason: string): AppError {
  return new AppError(AnnotationJobErrorCode.ModelNotSupported, `Model ${modelId} cannot run auto-annotation jobs: ${reason}`, {
    modelId,
    reason,
  });
}

/** JOB_ALREADY_RUNNING, naming the active job when it is known. */
export function jobAlreadyRunning(taskId: string, active?: AutoAnnotationJob, cause?: unknown): AppError {
  return new AppError(
    AnnotationJobErrorCode.JobAlreadyRunning,
    active
      ? `Task ${taskId} already has an active auto-annotation job (${active.id}, ${active.status}); wait for it or cancel it.`
      : `Task ${taskId} already has an active auto-annotation job; wait for it or cancel it.`,
    { taskId, ...(active ? { jobId: active.id, status: active.status } : {}) },
    cause ? { cause } : undefined,
  );
}

/** INVALID_TRACKING: every out-of-range setting, each with its field. */
export function invalidTracking(problems: readonly TrackingProblem[], tracking: TrackingRequest | null | undefined): AppError {
  return new AppError(AnnotationJobErrorCode.InvalidTracking, `Invalid tracking settings. ${problems.map((p) => p.message).join(" ")}`, {
    problems,
    tracking: tracking ?? null,
  });
}

/** TRACKING_NOT_APPLICABLE: tracking needs a mapped label whose shapes are rectangles, polygons or skeletons. */
export function trackingNotApplicable(mapping: readonly LabelMapping[]): AppError {
  return new AppError(
    AnnotationJobErrorCode.TrackingNotApplicable,
    "Tracking links RECTANGLE, POLYGON and SKELETON shapes across frames, and no mapped label produces one; start without tracking, or map a label of one of those types.",
    { mapping: mapping.map((m) => ({ modelLabel: m.modelLabel, taskLabel: m.taskLabel, taskLabelType: m.taskLabelType })) },
  );
}

/** INVALID_THRESHOLD for per-class thresholds or reviewBelow: every problem, each with its path in the request. */
export function invalidThresholds(
  problems: readonly ThresholdProblem[],
  request: { thresholds?: readonly { label: string; threshold: number }[] | null; reviewBelow?: number | null },
): AppError {
  return new AppError(
    AnnotationJobErrorCode.InvalidThreshold,
    `Invalid thresholds. ${problems.map((p) => `${p.path}: ${p.message}`).join(" ")}`,
    {
      problems,
      thresholds: request.thresholds ?? null,
      reviewBelow: request.reviewBelow ?? null,
    },
  );
}

/** INVALID_TILING: every out-of-range setting, each with its path. */
export function invalidTiling(problems: readonly TilingProblem[], tiling: TilingRequest | null | undefined): AppError {
  return new AppError(AnnotationJobErrorCode.InvalidTiling, `Invalid tiling settings. ${problems.map((p) => p.message).join(" ")}`, {
    problems,
    tiling: tiling ?? null,
  });
}

/** TILING_NOT_APPLICABLE: the model cannot use tiles (a hub model, or a classification model). */
export function tilingNotApplicable(modelId: string, reason: string): AppError {
  return new AppError(
    AnnotationJobErrorCode.TilingNotApplicable,
    `Tiling cannot be used with model ${modelId}: ${reason}; start without tiling.`,
    {
      modelId,
      reason,
    },
  );
}
