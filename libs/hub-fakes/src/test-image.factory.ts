import { randomBytes } from "node:crypto";
import sharp from "sharp";

/** A plain image of the given size, for requests whose pixels do not matter. */
export function solidImage(width: number, height: number, format: "png" | "jpeg" = "png"): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 90, g: 140, b: 200 } } });
  return (format === "png" ? image.png() : image.jpeg({ quality: 90 })).toBuffer();
}

/** Random pixels as an uncompressible PNG: a big upload from a modest size (about 3 bytes per pixel). */
export function noiseImage(width: number, height: number): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } })
    .png({ compressionLevel: 0 })
    .toBuffer();
}

/** Width and height of an encoded image, or undefined when it is not one. */
export async function imageSize(bytes: Buffer): Promise<{ width: number; height: number } | undefined> {
  try {
    const meta = await sharp(bytes).metadata();
    return meta.width && meta.height ? { width: meta.width, height: meta.height } : undefined;
  } catch {
    return undefined;
  }
}

/** A black-and-white PNG of `width`×`height` with the relative rectangle set (HF's mask encoding). */
export async function rectangleMaskPng(width: number, height: number, rel: readonly [number, number, number, number]): Promise<string> {
  const data = Buffer.alloc(width * height);
  const [x1, y1, x2, y2] = [
    Math.round(rel[0] * width),
    Math.round(rel[1] * height),
    Math.round(rel[2] * width),
    Math.round(rel[3] * height),
  ];
  for (let y = y1; y < y2; y++) data.fill(255, y * width + x1, y * width + x2);
  const png = await sharp(data, { raw: { width, height, channels: 1 } })
    .png()
    .toBuffer();
  return png.toString("base64");
}
