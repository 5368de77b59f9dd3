import type { Box } from "../detection-model.js";

/**
 * Square windows of side `side` (capped at the frame's shorter side, so every tile is all image)
 * covering a width × height frame, neighbours overlapping by at least `minOverlap` of the side,
 * spread evenly so the last tile ends on the frame's edge. Row-major order.
 */
export function overlappingSquareTiles(width: number, height: number, side: number, minOverlap: number): Box[] {
  if (!(side > 0) || !(minOverlap >= 0 && minOverlap < 1)) throw new RangeError(`bad tiling: side ${side}, overlap ${minOverlap}`);
  const s = Math.min(side, width, height);
  const xs = axisStarts(width, s, minOverlap);
  const ys = axisStarts(height, s, minOverlap);
  const tiles: Box[] = [];
  for (const y of ys) for (const x of xs) tiles.push([x, y, x + s, y + s]);
  return tiles;
}

function axisStarts(length: number, side: number, minOverlap: number): number[] {
  if (length <= side) return [0];
  const stride = side * (1 - minOverlap);
  const count = Math.ceil((length - side) / stride) + 1;
  const step = (length - side) / (count - 1);
  return Array.from({ length: count }, (_, i) => i * step);
}

/**
 * Whether `box` reaches within `margin` of an edge of `tile` that lies inside the frame. Such a box is
 * likely cut by the tile; the overlap guarantees a neighbouring tile (or the whole-frame pass) sees
 * the object whole, so tiled detectors drop these instead of merging half objects.
 */
export function touchesInnerEdge(box: Box, tile: Box, frameWidth: number, frameHeight: number, margin: number): boolean {
  return (
    (tile[0] > 0 && box[0] <= tile[0] + margin) ||
    (tile[1] > 0 && box[1] <= tile[1] + margin) ||
    (tile[2] < frameWidth && box[2] >= tile[2] - margin) ||
    (tile[3] < frameHeight && box[3] >= tile[3] - margin)
  );
}
