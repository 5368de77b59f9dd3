import { Column, Entity, PrimaryColumn } from "typeorm";
import { ANNOTATION_JOB_SCHEMA } from "../schema.js";

/** One startAutoAnnotationBatch: its jobs (auto_annotation_job.batch_id) hold everything else. */
@Entity({ schema: ANNOTATION_JOB_SCHEMA, name: "job_batch" })
export class JobBatchEntity {
  @PrimaryColumn({ type: "uuid" })
  id: string;

  @Column({ name: "tenant_id", type: "text" })
  tenantId: string;

  @Column({ name: "model_id", type: "text" })
  modelId: string;

  /** The tasks in the order they were asked for (the batch lists its jobs in this order). */
  @Column({ name: "task_ids", type: "text", array: true })
  taskIds: string[];

  @Column({ name: "created_at", type: "timestamptz" })
  createdAt: Date;

  /** When the last job ended; stored the first time a read finds every job final. */
  @Column({ name: "finished_at", type: "timestamptz", nullable: true })
  finishedAt: Date | null;
}
