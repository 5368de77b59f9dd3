/** A task as read back; its labels and frames are read apart. */
export interface Task {
  id: string;
  /** The owning tenant: every read and write is scoped to it. */
  tenantId: string;
  name: string;
  /** Number of frames; frames are indexed 0..size-1. */
  size: number;
  /** Changes to the task's annotations so far (saves, job commits, imports): saveAnnotations' `expectedVersion`. */
  annotationsVersion: number;
  createdAt: Date;
}

/** A stored frame; its bytes are the frames bucket's object `objectName` (see frame-object.ts). */
export interface Frame {
  taskId: string;
  index: number;
  /** The file name it was uploaded or imported as. */
  name: string;
  objectName: string;
  /** Null when the bytes are not a readable image. */
  width: number | null;
  height: number | null;
  sizeBytes: number;
  /** A video task's frame: its presentation time in the video, in seconds. Null (or absent) for images. */
  timestampSeconds?: number | null;
}

/** A frame about to be appended: its task and index are given when the rows go in, under the task's lock. */
export type NewFrame = Omit<Frame, "taskId" | "index">;
