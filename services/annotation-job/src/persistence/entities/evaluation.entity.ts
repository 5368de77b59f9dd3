import { Column, Entity, PrimaryColumn } from "typeorm";
import type { EvaluationResults, EvaluationStatus, LabelThresholdSetting, TilingSetting } from "../../domain/evaluation.js";
import type { FrameFailure } from "../../domain/frame-outcome.js";
import type { LabelMapping } from "../../domain/labels.js";
import { ANNOTATION_JOB_SCHEMA } from "../schema.js";

/** One evaluation of a model against a task's manual annotations (evaluateModel). */
@Entity({ schema: ANNOTATION_JOB_SCHEMA, name: "evaluation" })
export class EvaluationEntity {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ name: "tenant_id", type: "text" })
  tenantId: string;

  @Column({ name: "task_id", type: "text" })
  taskId: string;

  @Column({ name: "model_id", type: "text" })
  modelId: string;

  @Column({ type: "text" })
  status: EvaluationStatus;

  @Column({ name: "frames_total", type: "integer" })
  framesTotal: number;

  @Column({ name: "frames_done", type: "integer", default: 0 })
  framesDone: number;

  @Column({ name: "frames_failed", type: "integer", default: 0 })
  framesFailed: number;

  @Column({ type: "double precision" })
  threshold: number;

  @Column({ name: "label_thresholds", type: "jsonb" })
  labelThresholds: LabelThresholdSetting[];

  /** The resolved mapping (domain LabelMapping). */
  @Column({ type: "jsonb" })
  mapping: LabelMapping[];

  @Column({ type: "jsonb", nullable: true })
  tiling: TilingSetting | null;

  @Column({ name: "convert_masks_to_polygons", type: "boolean" })
  convertMasksToPolygons: boolean;

  /** Per task label metrics once COMPLETED (domain EvaluationResults). */
  @Column({ type: "jsonb", nullable: true })
  results: EvaluationResults | null;

  /** Frames the model could not run on. */
  @Column({ type: "jsonb" })
  failures: FrameFailure[];

  @Column({ name: "failure_code", type: "text", nullable: true })
  failureCode: string | null;

  @Column({ name: "failure_reason", type: "text", nullable: true })
  failureReason: string | null;

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  /** Bumped by every progress write: the heartbeat the interruption sweep looks at. */
  @Column({ name: "updated_at", type: "timestamptz" })
  updatedAt: Date;

  @Column({ name: "finished_at", type: "timestamptz", nullable: true })
  finishedAt: Date | null;
}
