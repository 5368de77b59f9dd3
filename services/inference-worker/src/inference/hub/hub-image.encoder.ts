import sharp from "sharp";
import type { DecodedImage } from "../decoded-image.js";

// Formats both hubs read as they are; anything else (TIFF, AVIF…) is re-encoded.
const SENDABLE = new Set(["jpeg", "png", "webp"]);

/**
 * The bytes to send a hub for a frame: the stored bytes when the hub sees exactly the pixels the worker
 * decoded (a format it reads, no EXIF rotation, same size), so nothing is re-compressed; otherwise the
 * decoded pixels as a JPEG (quality 90). Predictions then come back in the decoded frame's pixels either way.
 */
export async function hubImageBytes(image: DecodedImage, stored?: Uint8Array): Promise<Uint8Array> {
  if (stored && stored.byteLength > 0) {
    try {
      const meta = await sharp(Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength)).metadata();
      if (
        meta.format &&
        SENDABLE.has(meta.format) &&
        (meta.orientation ?? 1) === 1 &&
        meta.width === image.width &&
        meta.height === image.height
      ) {
        return stored;
      }
    } catch {
      // Unreadable header: fall through to the decoded pixels, which did decode.
    }
  }
  const jpeg = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), {
    raw: { width: image.width, height: image.height, channels: 3 },
  })
    .jpeg({ quality: 90 })
    .toBuffer();
  return new Uint8Array(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength);
}
