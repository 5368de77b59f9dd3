import sharp from "sharp";
import { HubError, HubErrorCode } from "../hub.errors.js";

export interface ProbedImage {
  readonly bytes: Buffer;
  readonly width: number;
  readonly height: number;
  /** MIME type of the encoded bytes, e.g. image/jpeg. */
  readonly mime: string;
}

const mimeByFormat: Record<string, string> = {
  jpeg: "image/jpeg",
  png: "image/png",
  webp: "image/webp",
  gif: "image/gif",
  tiff: "image/tiff",
  avif: "image/avif",
  heif: "image/heif",
  bmp: "image/bmp",
};

/** Size and type of an encoded image (header only); an undecodable one is HUB_BAD_REQUEST, nothing is sent. */
export async function probeImage(bytes: Uint8Array): Promise<ProbedImage> {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  try {
    const meta = await sharp(buffer).metadata();
    if (!meta.width || !meta.height || !meta.format) throw new Error("no size");
    return { bytes: buffer, width: meta.width, height: meta.height, mime: mimeByFormat[meta.format] ?? "application/octet-stream" };
  } catch (err) {
    throw new HubError(HubErrorCode.BadRequest, "The image cannot be decoded, so it was not sent", {}, undefined, { cause: err });
  }
}
