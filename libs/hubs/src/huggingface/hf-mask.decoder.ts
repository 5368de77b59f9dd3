import sharp from "sharp";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubBox, HubPlacedMask } from "../hub.types.js";

export interface DecodedMask {
  readonly box: HubBox;
  readonly mask: HubPlacedMask;
}

/**
 * An HF segmentation mask (base64 black-and-white PNG of the input's size) as a binary mask cut to its
 * bounding box; undefined when no pixel is set. A mask of another size is stretched to the input (nearest).
 */
export async function decodeHfMask(base64: string, width: number, height: number): Promise<DecodedMask | undefined> {
  let raw: { data: Buffer; info: sharp.OutputInfo };
  try {
    const png = Buffer.from(base64, "base64");
    if (png.length === 0) throw new Error("empty mask");
    let pipeline = sharp(png).removeAlpha().greyscale();
    const meta = await sharp(png).metadata();
    if (meta.width !== width || meta.height !== height) pipeline = pipeline.resize(width, height, { fit: "fill", kernel: "nearest" });
    raw = await pipeline.raw().toBuffer({ resolveWithObject: true });
  } catch (err) {
    throw new HubError(
      HubErrorCode.BadResponse,
      "Hugging Face sent a segmentation mask that is not a readable image",
      { hub: "huggingface" },
      undefined,
      {
        cause: err,
      },
    );
  }
  const { data, info } = raw;
  const channels = info.channels;
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * channels] > 127) {
        if (x < left) left = x;
        if (x > right) right = x;
        if (y < top) top = y;
        if (y > bottom) bottom = y;
      }
    }
  }
  if (right < 0) return undefined;
  const w = right - left + 1;
  const h = bottom - top + 1;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out[y * w + x] = data[((top + y) * width + left + x) * channels] > 127 ? 1 : 0;
  }
  return { box: [left, top, right + 1, bottom + 1], mask: { left, top, width: w, height: h, data: out } };
}
