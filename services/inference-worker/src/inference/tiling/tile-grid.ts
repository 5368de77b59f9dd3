import type { DecodedImage } from "../decoded-image.js";
import type { Box, Detection } from "../detection-model.js";

/** How a frame is tiled: square tiles of `tileSize` px overlapping by `overlap` (a fraction of the tile), merged by `merge`. */
export interface TilingSpec {
  readonly tileSize: number;
  /** [0, 0.5]: neighbouring tiles share this fraction of the tile. */
  readonly overlap: number;
  readonly merge: "nms" | "wbf";
}

/**
 * The tiles of a width × height frame, row-major: tileSize × tileSize windows every tileSize × (1 − overlap) px,
 * the last one on each axis shifted inward so it ends on the frame's edge (it then overlaps its neighbour more).
 * Along an axis shorter than a tile the tile spans that axis; a frame that fits in one tile has no tiles (the
 * whole-frame pass already sees it at that scale).
 */
export function tileGrid(width: number, height: number, tileSize: number, overlap: number): Box[] {
  if (!(Number.isInteger(tileSize) && tileSize > 0) || !(overlap >= 0 && overlap < 1))
    throw new RangeError(`bad tiling: tile ${tileSize} px, overlap ${overlap}`);
  if (width <= tileSize && height <= tileSize) return [];
  const xs = axisStarts(width, tileSize, overlap);
  const ys = axisStarts(height, tileSize, overlap);
  const tiles: Box[] = [];
  for (const y of ys) for (const x of xs) tiles.push([x, y, Math.min(width, x + tileSize), Math.min(height, y + tileSize)]);
  return tiles;
}

function axisStarts(length: number, tile: number, overlap: number): number[] {
  if (length <= tile) return [0];
  // Whole pixels: tiles are cut out of the decoded frame.
  const stride = Math.max(1, Math.floor(tile * (1 - overlap)));
  const starts: number[] = [];
  for (let x = 0; x + tile < length; x += stride) starts.push(x);
  starts.push(length - tile);
  return starts;
}

/** The pixels of `tile` (integer edges inside the frame) as an image of their own. */
export function cropTile(image: DecodedImage, tile: Box): DecodedImage {
  const [x1, y1, x2, y2] = tile;
  const width = x2 - x1;
  const height = y2 - y1;
  const data = new Uint8Array(width * height * 3);
  const rowBytes = width * 3;
  for (let y = 0; y < height; y++) {
    const from = ((y1 + y) * image.width + x1) * 3;
    data.set(image.data.subarray(from, from + rowBytes), y * rowBytes);
  }
  return { width, height, data };
}

/**
 * A detection made on a tile, in the frame's pixels: box, polygon, points, keypoints and the mask's RLE box
 * moved by the tile's offset (the RLE runs are relative to that box, so they stay as they are).
 */
export function tileDetectionToFrame(d: Detection, dx: number, dy: number): Detection {
  const shift = (flat: number[]) => flat.map((v, i) => v + (i % 2 === 0 ? dx : dy));
  const moved: Detection = { ...d, box: [d.box[0] + dx, d.box[1] + dy, d.box[2] + dx, d.box[3] + dy] };
  if (d.polygon) moved.polygon = shift(d.polygon);
  if (d.points) moved.points = shift(d.points);
  if (d.keypoints) moved.keypoints = d.keypoints.map((k) => ({ ...k, x: k.x + dx, y: k.y + dy }));
  if (d.mask)
    moved.mask = { ...d.mask, left: d.mask.left + dx, top: d.mask.top + dy, right: d.mask.right + dx, bottom: d.mask.bottom + dy };
  return moved;
}
