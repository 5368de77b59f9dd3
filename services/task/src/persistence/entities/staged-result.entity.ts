import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";
import type { StagedShape } from "../../domain/staged-shape.js";

/** One frame's inferred shapes for a job, held until the job commits or is discarded. */
@Entity({ name: "staged_result" })
export class StagedResultEntity {
  @PrimaryColumn({ name: "job_id", type: "text" })
  jobId: string;

  @PrimaryColumn({ type: "integer" })
  frame: number;

  @Column({ name: "task_id", type: "uuid" })
  taskId: string;

  @Column({ type: "jsonb" })
  shapes: StagedShape[];

  @CreateDateColumn({ name: "staged_at", type: "timestamptz" })
  stagedAt: Date;
}
