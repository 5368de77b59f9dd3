import { Column, Entity, PrimaryColumn } from "typeorm";
import type { AnnotationSource, ShapeType } from "../../domain/label-types.js";
import type { AttributeValue, MaskRle } from "../../domain/staged-shape.js";

/** A shape on a frame; a skeleton's elements are rows of their own pointing at it through `parentId`. */
@Entity({ name: "annotation" })
export class AnnotationEntity {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  /** Insertion order (identity column), the tie-breaker of annotation pages. */
  @Column({ type: "bigint", insert: false, update: false })
  seq: string;

  @Column({ name: "task_id", type: "uuid" })
  taskId: string;

  @Column({ name: "parent_id", type: "uuid", nullable: true })
  parentId: string | null;

  @Column({ type: "integer" })
  frame: number;

  @Column({ name: "label_id", type: "uuid" })
  labelId: string;

  @Column({ type: "varchar", length: 16 })
  type: ShapeType;

  @Column({ type: "real", array: true, default: () => "'{}'" })
  points: number[];

  @Column({ type: "jsonb", nullable: true })
  mask: MaskRle | null;

  @Column({ type: "real", nullable: true })
  score: number | null;

  @Column({ type: "varchar", length: 8 })
  source: AnnotationSource;

  @Column({ name: "job_id", type: "text", nullable: true })
  jobId: string | null;

  @Column({ type: "jsonb", default: () => "'[]'::jsonb" })
  attributes: AttributeValue[];

  @Column({ type: "boolean", default: false })
  occluded: boolean;

  @Column({ type: "boolean", default: false })
  outside: boolean;

  /** 1 when written, +1 per saveAnnotations update: the optimistic-concurrency token of a single annotation. */
  @Column({ type: "integer", default: 1 })
  version: number;

  /** A job's result scored below its run's review_below (a skeleton's elements follow it): listed by Task.reviewQueue. */
  @Column({ name: "needs_review", type: "boolean", default: false })
  needsReview: boolean;
}
