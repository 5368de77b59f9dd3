import { TaskErrors } from "./task.errors.js";

/** A frame's pixels as a browser shows them: EXIF-rotated, fit inside a square, re-encoded, inline as a data URL. */
export interface FrameImage {
  /** `data:<mimeType>;base64,…` */
  dataUrl: string;
  width: number;
  height: number;
  mimeType: "image/jpeg" | "image/png";
}

/** Renders stored frame bytes to a FrameImage no larger than maxSize on either side; null when they are not a readable image. */
export type FrameImageRenderer = (bytes: Uint8Array, maxSize: number) => Promise<FrameImage | null>;

export interface FrameImageLimits {
  /** Renders one GraphQL operation may ask for; the rest are refused with TOO_MANY_FRAME_IMAGES. */
  maxPerOperation: number;
  /** Renders (object read and encode) running at once in this process; the rest wait. */
  maxConcurrent: number;
}

export const DEFAULT_FRAME_IMAGE_LIMITS: Readonly<FrameImageLimits> = { maxPerOperation: 100, maxConcurrent: 2 };

export const MIN_FRAME_IMAGE_SIZE = 16;
export const MAX_FRAME_IMAGE_SIZE = 2048;

/** Frame.image's default maxSize (part of the schema). */
export const DEFAULT_FRAME_IMAGE_SIZE = 256;

/**
 * The size rendered ahead when frames are added: the web console's thumbnail grid asks for this one
 * (console/src/features/task/task.api.ts, THUMBNAIL_SIZE), so a task page's first view finds it kept.
 */
export const THUMBNAIL_FRAME_IMAGE_SIZE = 160;

/**
 * Renders up to this maxSize are kept (task.frame_image) and served from there afterwards: the grid's thumbnails and
 * other small sizes a console asks for again and again. Larger ones (the viewer's full frame) are rendered each time:
 * kept, they would store a second copy of most frames.
 */
export const MAX_CACHED_FRAME_IMAGE_SIZE = 512;

/** Which render of which frame: the key of a kept image. */
export interface FrameImageKey {
  taskId: string;
  index: number;
  maxSize: number;
}

/** Where renders are kept: reached only with a frame the caller already holds (so through its tenant's task). */
export interface FrameImageCache {
  /** The kept render, or null. Calls made in the same tick may be answered by one query. */
  find(key: FrameImageKey): Promise<FrameImage | null>;
  /** Keeps a render; a no-op when one is there already or the frame is gone. */
  save(key: FrameImageKey, image: FrameImage): Promise<void>;
  /** The indexes among `indexes` of the task with no kept render at maxSize. */
  missing(taskId: string, indexes: readonly number[], maxSize: number): Promise<number[]>;
}

/** `maxSize` as asked; outside [16, 2048] is a client error. */
export function frameImageSize(maxSize: number): number {
  if (!Number.isInteger(maxSize) || maxSize < MIN_FRAME_IMAGE_SIZE || maxSize > MAX_FRAME_IMAGE_SIZE) {
    throw TaskErrors.badImageSize(MIN_FRAME_IMAGE_SIZE, MAX_FRAME_IMAGE_SIZE);
  }
  return maxSize;
}

/** One operation's allowance of renders: each `take` spends one, past the limit it fails with TOO_MANY_FRAME_IMAGES. */
export class FrameImageBudget {
  private used = 0;

  constructor(readonly max: number) {}

  take(): void {
    if (this.used >= this.max) throw TaskErrors.tooManyFrameImages(this.max);
    this.used++;
  }
}
