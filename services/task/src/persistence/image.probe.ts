import sharp from "sharp";
import type { ImageProbe } from "../domain/frame-source.js";

/**
 * Reads an image's displayed size (EXIF orientation applied) from its header without decoding
 * the pixels. Null when the bytes are not a readable image or declare more than `maxPixels`:
 * such frames are still accepted, and auto-annotation reports them as failed frames.
 */
export const probeImage: ImageProbe = async (bytes, maxPixels) => {
  try {
    const meta = await sharp(bytes, { limitInputPixels: Math.max(1, Math.floor(maxPixels)), failOn: "error" }).metadata();
    const oriented = (meta as { autoOrient?: { width?: number; height?: number } }).autoOrient;
    const width = oriented?.width ?? meta.width;
    const height = oriented?.height ?? meta.height;
    if (!width || !height) return null;
    return { width, height };
  } catch {
    return null;
  }
};
