import { facePhotosDir } from "@prelabel/testing";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { DecodedImage } from "./decoded-image.js";
import type { Box } from "./detection-model.js";
import { decodeFrame } from "./image-decoder.js";

/** Where `npm run build` writes the converted catalog models (this package's models/build). */
const BUILD_DIR = join(__dirname, "..", "..", "..", "models", "build");

/**
 * Fails (never skips) when a converted artifact is missing: the real-model specs exist to prove the
 * built models work, so their absence is an error with the fix in the message.
 */
export function requireBuiltModels(names: readonly string[]): void {
  const missing = names.filter((n) => !existsSync(join(BUILD_DIR, `${n}.onnx`)));
  if (missing.length) {
    throw new Error(
      `converted model(s) ${missing.join(", ")} missing from ${BUILD_DIR}: run \`npm run build\` ` +
        `(it converts @vladmandic/human's TF.js models into models/build) before these specs`,
    );
  }
}

/** face-api's demo photo sampleN.jpg (N = 1..6; 1920 px wide group photos of 3 to 5 people), decoded. */
export async function samplePhoto(n: number): Promise<DecodedImage> {
  return decodeFrame(readFileSync(join(facePhotosDir(), `sample${n}.jpg`)), { maxPixels: 50_000_000 });
}

/** The raw JPEG bytes of sampleN.jpg. */
export function samplePhotoBytes(n: number): Buffer {
  return readFileSync(join(facePhotosDir(), `sample${n}.jpg`));
}

export function insideFrame(box: Box, image: DecodedImage): boolean {
  return box[0] >= 0 && box[1] >= 0 && box[2] <= image.width && box[3] <= image.height && box[0] < box[2] && box[1] < box[3];
}
