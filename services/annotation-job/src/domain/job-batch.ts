import type { AutoAnnotationJob } from "./auto-annotation-job.js";
import { isTerminal } from "./job-status.js";
import { estimateProgress } from "./progress.js";

/** One startAutoAnnotationBatch: one job per task, started all together or not at all. */
export interface JobBatch {
  readonly id: string;
  /** Every job of the batch is this tenant's. */
  readonly tenantId: string;
  readonly modelId: string;
  /** The tasks in the order they were asked for; the batch's jobs are listed in this order. */
  readonly taskIds: readonly string[];
  readonly createdAt: Date;
  /** When its last job ended; null while one is active (or until a read noticed). */
  readonly finishedAt: Date | null;
}

/**
 * RUNNING while any job is active; then COMPLETED when every job completed, PARTIAL when some did and others failed
 * or were cancelled, CANCELLED when every job was cancelled, FAILED when none completed and at least one failed.
 */
export const BatchStatuses = ["RUNNING", "COMPLETED", "PARTIAL", "FAILED", "CANCELLED"] as const;
export type BatchStatus = (typeof BatchStatuses)[number];

/** Refusals of a batch's task list before anything else is looked at. */
export type BatchTasksProblem =
  | { reason: "EMPTY"; message: string }
  | { reason: "TOO_MANY"; message: string; max: number; count: number }
  | { reason: "DUPLICATE"; message: string; taskIds: string[] };

/** 1..max distinct task ids (an id twice would be two jobs on one task: the second could never start). */
export function checkBatchTasks(taskIds: readonly string[], max: number): BatchTasksProblem | undefined {
  if (taskIds.length === 0) return { reason: "EMPTY", message: "A batch needs at least one task." };
  if (taskIds.length > max) {
    return { reason: "TOO_MANY", message: `A batch has at most ${max} tasks (got ${taskIds.length}).`, max, count: taskIds.length };
  }
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const id of taskIds) (seen.has(id) ? repeated : seen).add(id);
  if (repeated.size > 0) {
    const ids = [...repeated];
    return { reason: "DUPLICATE", message: `Each task may appear once in a batch; repeated: ${ids.join(", ")}.`, taskIds: ids };
  }
  return undefined;
}

export function batchStatus(jobs: readonly Pick<AutoAnnotationJob, "status">[]): BatchStatus {
  if (jobs.some((j) => !isTerminal(j.status))) return "RUNNING";
  const completed = jobs.filter((j) => j.status === "COMPLETED").length;
  if (completed === jobs.length) return "COMPLETED";
  if (completed > 0) return "PARTIAL";
  return jobs.every((j) => j.status === "CANCELLED") ? "CANCELLED" : "FAILED";
}

export interface BatchSummary {
  status: BatchStatus;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  /** Results of its jobs committed flagged needsReview. */
  needsReviewCount: number;
  /** Frames settled per second over the batch, since its first job started; null before the first frame settled. */
  fps: number | null;
  /** Seconds until the active jobs' frames are settled at that pace; 0 once the batch is final; null while unknown. */
  etaSeconds: number | null;
  /** When the last job ended; null while any job is active. */
  finishedAt: Date | null;
}

type SummedJob = Pick<
  AutoAnnotationJob,
  "status" | "framesTotal" | "framesDone" | "framesFailed" | "needsReviewCount" | "startedAt" | "finishedAt"
>;

/**
 * The batch as its jobs are: counts summed, status as batchStatus. Its jobs share the workers and run side by side, so
 * the pace is the batch's settled frames over the time since its first job started (until its last job ended, once
 * final); only active jobs' unsettled frames are still to come (a cancelled or failed job's never will).
 */
export function summarizeBatch(jobs: readonly SummedJob[], now: Date): BatchSummary {
  const status = batchStatus(jobs);
  let framesTotal = 0;
  let framesDone = 0;
  let framesFailed = 0;
  let needsReviewCount = 0;
  let toCome = 0;
  let firstStart: Date | null = null;
  let lastEnd: Date | null = null;
  for (const j of jobs) {
    framesTotal += j.framesTotal;
    framesDone += j.framesDone;
    framesFailed += j.framesFailed;
    needsReviewCount += j.needsReviewCount;
    if (!isTerminal(j.status)) toCome += Math.max(0, j.framesTotal - j.framesDone - j.framesFailed);
    if (j.startedAt && (!firstStart || j.startedAt < firstStart)) firstStart = j.startedAt;
    if (j.finishedAt && (!lastEnd || j.finishedAt > lastEnd)) lastEnd = j.finishedAt;
  }
  const final = status !== "RUNNING";
  const settled = framesDone + framesFailed;
  // estimateProgress over the batch as if it were one job whose frames still to come are the active jobs'.
  const { fps, etaSeconds } = estimateProgress({
    startedAt: firstStart,
    framesTotal: settled + toCome,
    framesDone,
    framesFailed,
    now: final && lastEnd ? lastEnd : now,
  });
  return {
    status,
    framesTotal,
    framesDone,
    framesFailed,
    needsReviewCount,
    fps,
    etaSeconds: final ? 0 : etaSeconds,
    finishedAt: final ? lastEnd : null,
  };
}

/** Orders a batch's jobs as its tasks were asked for. */
export function inTaskOrder<J extends Pick<AutoAnnotationJob, "taskId">>(taskIds: readonly string[], jobs: readonly J[]): J[] {
  const position = new Map(taskIds.map((id, i) => [id, i]));
  return [...jobs].sort((a, b) => (position.get(a.taskId) ?? Infinity) - (position.get(b.taskId) ?? Infinity));
}
