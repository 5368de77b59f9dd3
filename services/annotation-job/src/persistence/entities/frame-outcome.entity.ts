import { Column, Entity, PrimaryColumn } from "typeorm";
import { ANNOTATION_JOB_SCHEMA } from "../schema.js";

/** What became of one frame of one job; the (job, frame) key makes each outcome count once. */
@Entity({ schema: ANNOTATION_JOB_SCHEMA, name: "frame_outcome" })
export class FrameOutcomeEntity {
  @PrimaryColumn({ name: "job_id", type: "uuid" })
  jobId: string;

  @PrimaryColumn({ type: "integer" })
  frame: number;

  @Column({ type: "boolean" })
  succeeded: boolean;

  /** FrameFailed's stable code (CORRUPT_IMAGE, INFERENCE_ERROR, …); null when succeeded. */
  @Column({ type: "text", nullable: true })
  code: string | null;

  @Column({ type: "text", nullable: true })
  reason: string | null;

  @Column({ name: "shape_count", type: "integer", default: 0 })
  shapeCount: number;

  @Column({ name: "dropped_attribute_values", type: "integer", default: 0 })
  droppedAttributeValues: number;

  @Column({ name: "unmapped_detections", type: "integer", default: 0 })
  unmappedDetections: number;

  @Column({ name: "inference_ms", type: "real", nullable: true })
  inferenceMs: number | null;

  @Column({ name: "worker_id", type: "text", nullable: true })
  workerId: string | null;

  @Column({ name: "recorded_at", type: "timestamptz" })
  recordedAt: Date;
}
