import { Column, Entity, PrimaryColumn } from "typeorm";

/** A video task's source video (one row per video task; none for an image task). */
@Entity({ name: "task_video" })
export class TaskVideoEntity {
  @PrimaryColumn({ name: "task_id", type: "uuid" })
  taskId: string;

  @Column({ name: "file_name", type: "text" })
  fileName: string;

  @Column({ type: "text" })
  container: string;

  @Column({ type: "text" })
  codec: string;

  /** Displayed size (after rotation). */
  @Column({ type: "integer" })
  width: number;

  @Column({ type: "integer" })
  height: number;

  @Column({ type: "double precision" })
  fps: number;

  @Column({ name: "duration_seconds", type: "double precision" })
  durationSeconds: number;

  @Column({ type: "smallint" })
  rotation: number;

  @Column({ name: "source_frame_count", type: "integer" })
  sourceFrameCount: number;

  @Column({ name: "start_frame", type: "integer" })
  startFrame: number;

  @Column({ name: "stop_frame", type: "integer" })
  stopFrame: number;

  @Column({ name: "frame_step", type: "integer" })
  frameStep: number;
}
