import type { DecodedImage } from "../decoded-image.js";
import type { DetectOptions, Detection } from "../detection-model.js";
import { cropTile, tileDetectionToFrame, tileGrid, type TilingSpec } from "./tile-grid.js";
import { mergeTilePasses, type TilePass } from "./tile-merge.js";

/** Any model run on decoded frames (catalog, uploaded ONNX, Nuclio). */
export interface FrameDetector {
  detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]>;
}

/**
 * Small objects: the model runs on the whole frame and on each tile of `tiling` (one after another: a runner
 * runs one frame at a time), the tiles' detections are moved to frame pixels and everything is merged class-wise
 * (mergeTilePasses). Only the whole-frame pass gets the stored bytes (`encoded`): a tile is other pixels.
 */
export async function detectTiled(
  model: FrameDetector,
  image: DecodedImage,
  options: DetectOptions,
  tiling: TilingSpec,
): Promise<Detection[]> {
  const tiles = tileGrid(image.width, image.height, tiling.tileSize, tiling.overlap);
  const whole = await model.detect(image, options);
  if (!tiles.length) return whole;
  const { encoded: _encoded, ...tileOptions } = options;
  const passes: TilePass[] = [{ detections: whole }];
  for (const tile of tiles) {
    options.signal?.throwIfAborted();
    const found = await model.detect(cropTile(image, tile), tileOptions);
    passes.push({ tile, detections: found.map((d) => tileDetectionToFrame(d, tile[0], tile[1])) });
  }
  return mergeTilePasses(passes, { merge: tiling.merge, frameWidth: image.width, frameHeight: image.height });
}
