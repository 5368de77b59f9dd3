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
