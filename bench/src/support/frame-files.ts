import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

/** Writes `count` small PNGs (64×48, 16 colours) into `dir`, named so that they sort in order (for importFrames). */
export async function writeFrames(dir: string, count: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const variants = await Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background: { r: (i * 53) % 256, g: (i * 97) % 256, b: (i * 151) % 256 } } })
        .png()
        .toBuffer(),
    ),
  );
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `f${String(i).padStart(6, "0")}.png`), variants[i % variants.length]);
}
