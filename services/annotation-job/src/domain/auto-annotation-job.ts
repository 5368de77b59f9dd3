import type { JobStatus } from "./job-status.js";
import type { LabelThreshold } from "./label-thresholds.js";
import type { LabelMapping } from "./labels.js";
import type { JobTiling } from "./tiling.js";
import type { JobTracking } from "./tracking.js";

/** One automatic annotation run of a model over (a range of) a task's frames. */
export interface AutoAnnotationJob {
  readonly id: string;
  /** The tenant that started it; every read, write and message of the job is scoped to it. */
  readonly tenantId: string;
  readonly taskId: string;
  readonly modelId: string;
  readonly modelRuntime: string;
  /** Changes only as job-status.ts allows. */
  readonly status: JobStatus;
  readonly framesTotal: number;
  /** Frames annotated, and frames that could not be: counted from the stored frame outcomes. */
  readonly framesDone: number;
  readonly framesFailed: number;
  /** Attribute values the model returned that the task attribute does not accept (the worker dropped them). */
  readonly droppedAttributeValues: number;
  /** Detections whose model label the mapping does not name (the worker dropped and counted them). */
  readonly unmappedDetections: number;
  /** Throughput and time left (progress.ts); null while unknown. */
  readonly fps: number | null;
  readonly etaSeconds: number | null;
  readonly threshold: number;
  readonly convertMasksToPolygons: boolean;
  readonly cleanOldAnnotations: boolean;
  /** Multi-object tracking settings (tracking.ts); null when the job does not track. */
  readonly tracking: JobTracking | null;
  /** Tracks the commit wrote (0 until then, and without tracking). */
  readonly trackCount: number;
  /** Per-class thresholds (label-thresholds.ts); empty: `threshold` for every label. */
  readonly labelThresholds: LabelThreshold[];
  /** Tiling (tiling.ts); null: the model sees whole frames only. */
  readonly tiling: JobTiling | null;
  /** Results scoring below it are committed flagged needsReview; null: none are. */
  readonly reviewBelow: number | null;
  /** Annotations the commit flagged needsReview (AnnotationsCommitted.review_count; 0 until then). */
  readonly needsReviewCount: number;
  /** The resolved mapping, task attribute specs included. */
  readonly mapping: LabelMapping[];
  /** The frames the job covers, inclusive (the whole task when no range was asked for). */
  readonly frameStart: number;
  readonly frameStop: number;
  /** Whether the client asked for a range (the API shows `frameRange` only then). */
  readonly frameRangeExplicit: boolean;
  /** Why the job FAILED (operator-facing; never SQL text). */
  readonly failureReason: string | null;
  /** A JobFailureCode when the job FAILED (job-failure.ts). */
  readonly failureCode: string | null;
  /** How many times the stuck-job sweeper re-sent the job's commit or discard. */
  readonly redriveCount: number;
  readonly createdAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
  /** When annotation-job learnt that the task was deleted; null while it exists. */
  readonly taskDeletedAt: Date | null;
  /** The batch it was started in (job-batch.ts); null for a job started alone. */
  readonly batchId: string | null;
  /** Bumped by every change and by dispatch progress: the stuck-job sweeper's heartbeat. */
  readonly updatedAt: Date;
}

/** What a start decides about a job; everything else is the state every job starts in. */
export type NewJob = Pick<
  AutoAnnotationJob,
  | "id"
  | "tenantId"
  | "taskId"
  | "modelId"
  | "modelRuntime"
  | "framesTotal"
  | "threshold"
  | "convertMasksToPolygons"
  | "cleanOldAnnotations"
  | "tracking"
  | "labelThresholds"
  | "tiling"
  | "reviewBelow"
  | "mapping"
  | "frameStart"
  | "frameStop"
  | "frameRangeExplicit"
>;

/** What a change may set; `updatedAt` is set by every change. The job's identity, owner, task and batch never change. */
export type JobPatch = Partial<Omit<AutoAnnotationJob, "id" | "tenantId" | "taskId" | "batchId" | "createdAt" | "updatedAt">>;

/** A job as it is stored when started: QUEUED, nothing settled, nothing failed, created (and last changed) `now`. */
export function queuedJob(job: NewJob & { batchId?: string | null }, now: Date): AutoAnnotationJob {
  return {
    ...job,
    batchId: job.batchId ?? null,
    status: "QUEUED",
    framesDone: 0,
    framesFailed: 0,
    droppedAttributeValues: 0,
    unmappedDetections: 0,
    trackCount: 0,
    needsReviewCount: 0,
    fps: null,
    etaSeconds: null,
    failureReason: null,
    failureCode: null,
    redriveCount: 0,
    createdAt: now,
    startedAt: null,
    finishedAt: null,
    taskDeletedAt: null,
    updatedAt: now,
  };
}

/** Whether `frame` is one of the job's frames (an outcome for any other is not the job's). */
export function coversFrame(job: Pick<AutoAnnotationJob, "frameStart" | "frameStop">, frame: number): boolean {
  return frame >= job.frameStart && frame <= job.frameStop;
}
