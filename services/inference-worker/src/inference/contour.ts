import type { BinaryMask } from "./binary-mask.js";
import type { Point } from "./polygon.js";

// Clockwise on screen (y grows downwards): east, south, west, north.
const DX = [1, 0, -1, 0] as const;
const DY = [0, 1, 0, -1] as const;
const EAST = 0;

/**
 * Outer boundary of the 8-connected component that contains the first set pixel (raster order).
 *
 * The trace walks the pixel *edges* (marching squares on the lattice of pixel corners) rather than
 * pixel centres, so vertices are integer corner coordinates and the polygon encloses exactly the
 * component's pixels (holes aside): its shoelace area equals the pixel count, and scaling corners
 * maps pixel edges of a resized map straight onto pixel edges of the original image.
 *
 * Only corners where the direction changes are returned, clockwise on screen, starting at the
 * top-left corner of the first pixel. An empty mask gives [].
 */
export function traceOuterContour(mask: BinaryMask): Point[] {
  const { width, height, data } = mask;
  const first = data.findIndex((v) => v !== 0);
  if (first < 0) return [];
  const sx = first % width;
  const sy = (first - sx) / width;

  const set = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && data[y * width + x] !== 0;
  // An edge leaving corner (x, y) in direction d is on the boundary when the pixel on its right
  // is set and the one on its left is not (foreground kept on the right: clockwise trace).
  const isBoundary = (x: number, y: number, d: number): boolean => {
    switch (d) {
      case 0:
        return set(x, y) && !set(x, y - 1);
      case 1:
        return set(x - 1, y) && !set(x, y);
      case 2:
        return set(x - 1, y - 1) && !set(x - 1, y);
      default:
        return set(x, y - 1) && !set(x - 1, y - 1);
    }
  };

  const points: Point[] = [];
  let x = sx;
  let y = sy;
  let d: number = EAST;
  // Each boundary edge is walked once; more steps than edges in the grid means a bug, not a big mask.
  const maxSteps = 2 * (width + 1) * (height + 1) + 4;
  for (let step = 0; ; step++) {
    if (step > maxSteps) throw new Error("traceOuterContour did not close; mask or tracer is inconsistent");
    x += DX[d];
    y += DY[d];
    // Left turn first: at a diagonal (saddle) corner this joins pixels that touch only at a corner,
    // matching the 8-connectivity used to label components.
    const left = (d + 3) % 4;
    const right = (d + 1) % 4;
    const next = isBoundary(x, y, left) ? left : isBoundary(x, y, d) ? d : right;
    if (next !== d) points.push({ x, y });
    d = next;
    if (x === sx && y === sy && d === EAST) break;
  }
  return points;
}
