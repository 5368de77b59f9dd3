import { Column, CreateDateColumn, Entity, PrimaryColumn } from "typeorm";

/** A job whose staged results became annotations; the counts let a redelivered commit re-announce it. */
@Entity({ name: "applied_job" })
export class AppliedJobEntity {
  @PrimaryColumn({ name: "job_id", type: "text" })
  jobId: string;

  @Column({ name: "task_id", type: "uuid" })
  taskId: string;

  @Column({ name: "annotation_count", type: "integer" })
  annotationCount: number;

  @Column({ name: "removed_count", type: "integer" })
  removedCount: number;

  @Column({ name: "track_count", type: "integer", default: 0 })
  trackCount: number;

  @Column({ name: "review_count", type: "integer", default: 0 })
  reviewCount: number;

  @CreateDateColumn({ name: "applied_at", type: "timestamptz" })
  appliedAt: Date;
}
