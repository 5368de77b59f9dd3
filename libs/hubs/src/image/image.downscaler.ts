import sharp from "sharp";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { ProbedImage } from "./image.probe.js";

export interface FittedImage extends ProbedImage {
  /** Original pixels per sent pixel along each axis (1 when the image was sent as is). */
  readonly scaleX: number;
  readonly scaleY: number;
}

/**
 * A copy of `image` whose encoded size (as measured by `sizeOf`, e.g. base64 length) is at most `maxBytes`:
 * the original when it fits, otherwise a smaller JPEG. The scale factors map predictions back.
 */
export async function fitUnderBytes(image: ProbedImage, maxBytes: number, sizeOf: (bytes: Buffer) => number): Promise<FittedImage> {
  if (sizeOf(image.bytes) <= maxBytes) return { ...image, scaleX: 1, scaleY: 1 };
  // Encoded size grows roughly with area, so start from the square root of the ratio, with a margin.
  let scale = Math.min(0.95, Math.sqrt(maxBytes / sizeOf(image.bytes)) * 0.9);
  for (let tries = 0; tries < 8; tries++) {
    const width = Math.max(1, Math.floor(image.width * scale));
    const height = Math.max(1, Math.floor(image.height * scale));
    const bytes = await sharp(image.bytes).resize(width, height, { fit: "fill" }).jpeg({ quality: 90 }).toBuffer();
    if (sizeOf(bytes) <= maxBytes) {
      return { bytes, width, height, mime: "image/jpeg", scaleX: image.width / width, scaleY: image.height / height };
    }
    scale *= 0.7;
  }
  throw new HubError(HubErrorCode.PayloadTooLarge, `The image cannot be made smaller than ${maxBytes} bytes for upload`);
}
