/** One file to add as a frame, read on demand: its name and bytes; PAYLOAD_TOO_LARGE past `maxBytes`. */
export type FileSource = (maxBytes: number) => Promise<{ name: string; bytes: Uint8Array }>;

export interface ImageSize {
  width: number;
  height: number;
}

/**
 * Reads an image's displayed size from its header (persistence/image.probe.ts, with sharp). Null when the bytes are
 * not a readable image or declare more than `maxPixels`: such frames are still accepted, and auto-annotation reports
 * them as failed frames.
 */
export type ImageProbe = (bytes: Uint8Array, maxPixels: number) => Promise<ImageSize | null>;
