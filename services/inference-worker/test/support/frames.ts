import { createHash } from "node:crypto";
import type { Messaging } from "@prelabel/messaging";
import { Buckets } from "@prelabel/proto";
import sharp from "sharp";

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

/** The object name task stores a frame under, and InferFrame carries: `sha256-<hex>`. */
export const frameObjectName = (bytes: Uint8Array) => `sha256-${sha256Hex(bytes)}`;

/** Stores a frame as task does, in the frames bucket (Buckets.frames); returns its object name. */
export async function storeFrame(client: Messaging, bytes: Uint8Array): Promise<string> {
  const name = frameObjectName(bytes);
  await (await client.objectStore(Buckets.frames)).putBlob({ name }, bytes);
  return name;
}

/** A plain grey PNG frame (the stand-in models answer whatever the pixels). */
export const greyFramePng = async (width = 200, height = 100): Promise<Uint8Array> =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: "#808080" } })
      .png()
      .toBuffer(),
  );

/** An SVG page of black text lines on white (rasterise it with sharp for a frame the text model finds lines in). */
export function textSvg(width: number, height: number, lines: { y: number; size: number; text: string }[]): Buffer {
  const x = Math.round(width * 0.05);
  const texts = lines.map((l) => `<text x="${x}" y="${l.y}" font-family="DejaVu Sans" font-size="${l.size}" fill="#111">${l.text}</text>`);
  const page = `<rect width="100%" height="100%" fill="#fff"/>${texts.join("")}`;
  return Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${page}</svg>`);
}
