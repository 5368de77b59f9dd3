import { Column, Entity, PrimaryColumn } from "typeorm";

@Entity({ name: "frame" })
export class FrameEntity {
  @PrimaryColumn({ name: "task_id", type: "uuid" })
  taskId: string;

  @PrimaryColumn({ type: "integer" })
  index: number;

  /** The file name it was uploaded or imported as. */
  @Column({ type: "text" })
  name: string;

  /** Content address in the `frames` object store: `sha256-<hex>`. */
  @Column({ name: "object_name", type: "varchar", length: 80 })
  objectName: string;

  /** Null when the bytes are not a readable image. */
  @Column({ type: "integer", nullable: true })
  width: number | null;

  @Column({ type: "integer", nullable: true })
  height: number | null;

  @Column({ name: "size_bytes", type: "integer" })
  sizeBytes: number;

  /** A video task's frame: its presentation time in the video, in seconds; null for images. */
  @Column({ name: "timestamp_seconds", type: "double precision", nullable: true })
  timestampSeconds: number | null;
}
