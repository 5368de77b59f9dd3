import sharp from "sharp";
import type { FrameImageRenderer } from "../domain/frame-image.js";

// As the worker decodes (inference-worker's image-decoder.ts): raster formats only, so libvips never interprets
// untrusted markup (SVG, PDF) from a frame's bytes.
const RASTER_FORMATS = new Set(["jpeg", "png", "webp", "tiff", "gif", "avif", "heif", "jp2"]);

/**
 * Renders frame bytes with sharp as the worker sees them (EXIF orientation applied, first page of a GIF/TIFF), fit
 * inside maxSize × maxSize without enlarging: PNG when the source has alpha, else JPEG. Null when the bytes are not a
 * readable raster image or declare more than `maxPixels` (the decompression-bomb guard the import probe uses).
 */
export function sharpFrameImageRenderer(maxPixels: number): FrameImageRenderer {
  const limitInputPixels = Math.max(1, Math.floor(maxPixels));
  return async (bytes, maxSize) => {
    const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      const meta = await sharp(input, { limitInputPixels }).metadata();
      if (!meta.format || !RASTER_FORMATS.has(meta.format) || !meta.width || !meta.height) return null;
      const pipeline = sharp(input, { limitInputPixels, failOn: "error" })
        .rotate()
        .resize(maxSize, maxSize, { fit: "inside", withoutEnlargement: true });
      const mimeType = meta.hasAlpha ? "image/png" : "image/jpeg";
      const { data, info } = await (meta.hasAlpha ? pipeline.png() : pipeline.jpeg({ quality: 82 })).toBuffer({
        resolveWithObject: true,
      });
      return { dataUrl: `data:${mimeType};base64,${data.toString("base64")}`, width: info.width, height: info.height, mimeType };
    } catch {
      // Unknown, damaged or truncated bytes, or over the pixel limit: not a picture we can show.
      return null;
    }
  };
}
