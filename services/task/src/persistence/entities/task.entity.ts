import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from "typeorm";

@Entity({ name: "task" })
export class TaskEntity {
  @PrimaryGeneratedColumn("uuid")
  id: string;

  /** The owning tenant; every read and write filters on it (self-hosted: "default"). No default: inserts name it. */
  @Column({ name: "tenant_id", type: "text" })
  tenantId: string;

  @Column({ type: "text" })
  name: string;

  /** Number of frames; frames are indexed 0..size-1. */
  @Column({ type: "integer", default: 0 })
  size: number;

  /** Changes to the task's annotations so far: every saveAnnotations, job commit and import adds one. */
  @Column({ name: "annotations_version", type: "integer", default: 0 })
  annotationsVersion: number;

  /** Millisecond precision, so a cursor built from a JS Date finds the row again. */
  @CreateDateColumn({ name: "created_at", type: "timestamptz", precision: 3 })
  createdAt: Date;
}
