import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The folder of @vladmandic/face-api's demo photos (sample1.jpg … sample6.jpg: 1920-px photos of groups of
 * people), from the dev dependency. Its exports map hides the folder, so walk up from the package's entry.
 */
export function facePhotosDir(): string {
  let dir = dirname(require.resolve("@vladmandic/face-api"));
  while (!existsSync(join(dir, "demo", "sample1.jpg"))) {
    if (dirname(dir) === dir) throw new Error("@vladmandic/face-api demo photos not found: run npm ci");
    dir = dirname(dir);
  }
  return join(dir, "demo");
}
