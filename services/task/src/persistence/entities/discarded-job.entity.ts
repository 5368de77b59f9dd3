import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** A job whose staged results were dropped; later results for it are ignored. */
@Entity({ name: "discarded_job" })
export class DiscardedJobEntity {
  @PrimaryColumn({ name: "job_id", type: "text" })
  jobId: string;

  @Column({ name: "task_id", type: "uuid" })
  taskId: string;

  @CreateDateColumn({ name: "discarded_at", type: "timestamptz" })
  discardedAt: Date;
}
