import { Column, Entity, PrimaryColumn } from "typeorm";
import type { JobStatus } from "../../domain/job-status.js";
import type { LabelThreshold } from "../../domain/label-thresholds.js";
import type { LabelMapping } from "../../domain/labels.js";
import type { JobTiling } from "../../domain/tiling.js";
import type { JobTracking } from "../../domain/tracking.js";
import { ANNOTATION_JOB_SCHEMA } from "../schema.js";

/** One automatic annotation run of a model over (a range of) a task's frames. */
@Entity({ schema: ANNOTATION_JOB_SCHEMA, name: "auto_annotation_job" })
export class AutoAnnotationJobEntity {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  /** The tenant that started it; every read, write and message of the job is scoped to it. */
  @Column({ name: "tenant_id", type: "text" })
  tenantId: string;

  @Column({ name: "task_id", type: "text" })
  taskId: string;

  @Column({ name: "model_id", type: "text" })
  modelId: string;

  @Column({ name: "model_runtime", type: "text" })
  modelRuntime: string;

  @Column({ type: "text" })
  status: JobStatus;

  @Column({ name: "frames_total", type: "integer" })
  framesTotal: number;

  @Column({ name: "frames_done", type: "integer", default: 0 })
  framesDone: number;

  @Column({ name: "frames_failed", type: "integer", default: 0 })
  framesFailed: number;

  @Column({ name: "dropped_attribute_values", type: "integer", default: 0 })
  droppedAttributeValues: number;

  @Column({ name: "unmapped_detections", type: "integer", default: 0 })
  unmappedDetections: number;

  @Column({ type: "double precision", nullable: true })
  fps: number | null;

  @Column({ name: "eta_seconds", type: "double precision", nullable: true })
  etaSeconds: number | null;

  @Column({ type: "double precision" })
  threshold: number;

  @Column({ name: "convert_masks_to_polygons", type: "boolean" })
  convertMasksToPolygons: boolean;

  @Column({ name: "clean_old_annotations", type: "boolean" })
  cleanOldAnnotations: boolean;

  /** Tracking settings (domain JobTracking); null when the job does not track. */
  @Column({ type: "jsonb", nullable: true })
  tracking: JobTracking | null;

  /** Tracks the commit wrote (AnnotationsCommitted.track_count). */
  @Column({ name: "track_count", type: "integer", default: 0 })
  trackCount: number;

  /** Per-class thresholds (domain LabelThreshold[]); empty for every job before them. */
  @Column({ name: "label_thresholds", type: "jsonb", default: () => "'[]'::jsonb" })
  labelThresholds: LabelThreshold[];

  /** Tiling settings (domain JobTiling); null: whole frames only. */
  @Column({ type: "jsonb", nullable: true })
  tiling: JobTiling | null;

  /** Results scoring below it are committed flagged needs_review; null: none are. */
  @Column({ name: "review_below", type: "real", nullable: true })
  reviewBelow: number | null;

  /** Annotations the commit flagged needs_review (AnnotationsCommitted.review_count). */
  @Column({ name: "review_count", type: "integer", default: 0 })
  needsReviewCount: number;

  /** The resolved mapping, task attribute specs included (domain LabelMapping). */
  @Column({ type: "jsonb" })
  mapping: LabelMapping[];

  /** The frames the job covers, inclusive (the whole task when no range was asked for). */
  @Column({ name: "frame_start", type: "integer" })
  frameStart: number;

  @Column({ name: "frame_stop", type: "integer" })
  frameStop: number;

  /** Whether the client asked for a range (the API shows `frameRange` only then). */
  @Column({ name: "frame_range_explicit", type: "boolean" })
  frameRangeExplicit: boolean;

  /** Why the job FAILED (operator-facing; never SQL text). */
  @Column({ name: "failure_reason", type: "text", nullable: true })
  failureReason: string | null;

  /** A JobFailureCode when the job FAILED (domain/job-failure.ts). */
  @Column({ name: "failure_code", type: "text", nullable: true })
  failureCode: string | null;

  /** How many times the stuck-job sweeper re-sent the job's commit or discard. */
  @Column({ name: "redrive_count", type: "integer", default: 0 })
  redriveCount: number;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  @Column({ name: "started_at", type: "timestamptz", nullable: true })
  startedAt: Date | null;

  @Column({ name: "finished_at", type: "timestamptz", nullable: true })
  finishedAt: Date | null;

  /** When annotation-job learnt that the task was deleted; null while it exists. */
  @Column({ name: "task_deleted_at", type: "timestamptz", nullable: true })
  taskDeletedAt: Date | null;

  /** The batch it was started in (job_batch); null for a job started alone. */
  @Column({ name: "batch_id", type: "uuid", nullable: true })
  batchId: string | null;

  /** Bumped by every change and by dispatch progress: the sweeper's heartbeat. */
  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;
}
