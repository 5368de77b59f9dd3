import sharp from "sharp";
import type { DecodedImage } from "./decoded-image.js";
import { FrameDecodeError, FrameDecodeErrorCode } from "./inference.errors.js";

const RASTER_FORMATS = new Set(["jpeg", "png", "webp", "tiff", "gif", "avif", "heif", "jp2"]);

export interface FrameDecodeLimits {
  /** Largest width × height accepted, checked from the header before any pixel is decoded. */
  readonly maxPixels: number;
}

/**
 * Decodes untrusted frame bytes (JPEG, PNG, WebP, TIFF, GIF first frame, AVIF…) to 8-bit RGB with
 * EXIF orientation applied and alpha dropped (not flattened: PP-OCR and friends were trained on
 * cv2.imread output, which also just drops it).
 *
 * Fails with FrameDecodeError:
 * - EMPTY_IMAGE: no bytes.
 * - NOT_AN_IMAGE: no decoder recognises the bytes.
 * - IMAGE_TOO_LARGE: the header declares more than `maxPixels` pixels (decompression-bomb guard).
 * - CORRUPT_IMAGE: recognised, but the header or pixel data is damaged or truncated.
 */
export async function decodeFrame(bytes: Uint8Array, limits: FrameDecodeLimits): Promise<DecodedImage> {
  if (!Number.isInteger(limits.maxPixels) || limits.maxPixels <= 0) {
    throw new RangeError(`maxPixels must be a positive integer, got ${limits.maxPixels}`);
  }
  if (bytes.byteLength === 0) {
    throw new FrameDecodeError(FrameDecodeErrorCode.EMPTY_IMAGE, "frame has 0 bytes");
  }
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  // Header only: no pixels are decoded here. sharp's own pixel limit is lifted for this call so the
  // error can name the declared size; the explicit check below is the gate.
  let width: number;
  let height: number;
  try {
    const metadata = await sharp(input, { limitInputPixels: false }).metadata();
    if (!metadata.width || !metadata.height) {
      throw new FrameDecodeError(FrameDecodeErrorCode.CORRUPT_IMAGE, `${metadata.format} header has no dimensions`);
    }
    // Frames are raster photos; vector and document formats (SVG, PDF) would make libvips interpret untrusted markup.
    if (!metadata.format || !RASTER_FORMATS.has(metadata.format)) {
      throw new FrameDecodeError(FrameDecodeErrorCode.NOT_AN_IMAGE, `${metadata.format ?? "unknown"} is not a raster image format`);
    }
    width = metadata.width;
    height = metadata.height;
  } catch (error) {
    if (error instanceof FrameDecodeError) throw error;
    throw classifySharpError(error);
  }
  if (width * height > limits.maxPixels) {
    throw new FrameDecodeError(
      FrameDecodeErrorCode.IMAGE_TOO_LARGE,
      `frame declares ${width}x${height} = ${width * height} pixels, limit is ${limits.maxPixels}`,
    );
  }

  try {
    const { data, info } = await sharp(input, {
      // "error" rejects truncated or undecodable pixel data (sharp's "none" would return grey fill)
      // but, unlike the default "warning", still accepts the many camera JPEGs that raise mere warnings.
      failOn: "error",
      // Belt and braces with the header check above, in case a decoder reports other dimensions.
      limitInputPixels: limits.maxPixels,
    })
      .rotate()
      .removeAlpha()
      .toColourspace("srgb")
      .raw({ depth: "uchar" })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) {
      throw new FrameDecodeError(FrameDecodeErrorCode.CORRUPT_IMAGE, `decoded to ${info.channels} channels, expected 3`);
    }
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    if (error instanceof FrameDecodeError) throw error;
    throw classifySharpError(error);
  }
}

// sharp reports everything as plain Errors; these message fragments are the stable part of libvips'/sharp's wording.
function classifySharpError(error: unknown): FrameDecodeError {
  const message = error instanceof Error ? error.message : String(error);
  if (/unsupported image format/i.test(message)) {
    return new FrameDecodeError(FrameDecodeErrorCode.NOT_AN_IMAGE, "bytes are not in a supported image format", { cause: error });
  }
  if (/exceeds pixel limit/i.test(message)) {
    return new FrameDecodeError(FrameDecodeErrorCode.IMAGE_TOO_LARGE, "frame exceeds the pixel limit", { cause: error });
  }
  return new FrameDecodeError(FrameDecodeErrorCode.CORRUPT_IMAGE, `frame could not be decoded: ${message}`, { cause: error });
}
