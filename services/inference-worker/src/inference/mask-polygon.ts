import type { PlacedMask } from "./binary-mask.js";
import { componentMask, labelComponents } from "./connected-components.js";
import { traceOuterContour } from "./contour.js";
import { simplifyOutline } from "./polygon-simplify.js";

/**
 * The outline of a placed mask's largest 8-connected component as a flat x, y polygon in frame pixels
 * (pixel-edge coordinates, as `Box`), simplified as text detection's outlines are. One polygon per mask:
 * CVAT polygons have no holes or parts, so smaller specks are left to the MASK form. Null when the mask is
 * empty or its outline has fewer than 3 vertices.
 */
export function maskToPolygon(mask: PlacedMask): number[] | null {
  const labelled = labelComponents(mask);
  let largest = labelled.components[0];
  for (const c of labelled.components) if (largest && c.area > largest.area) largest = c;
  if (!largest) return null;
  const component = componentMask(labelled, largest);
  const outline = simplifyOutline(traceOuterContour(component));
  if (outline.length < 3) return null;
  return outline.flatMap((p) => [p.x + mask.left + component.left, p.y + mask.top + component.top]);
}

/**
 * Rasterises a flat x, y polygon (frame pixels, pixel-edge coordinates) into a mask cut to its box and to
 * the frame: a pixel is set when its centre lies inside (even-odd rule, as CVAT draws polygons). Null when
 * no pixel centre is inside.
 */
export function rasterizePolygon(points: readonly number[], frameWidth: number, frameHeight: number): PlacedMask | null {
  const n = Math.floor(points.length / 2);
  if (n < 3) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, points[2 * i]);
    maxX = Math.max(maxX, points[2 * i]);
    minY = Math.min(minY, points[2 * i + 1]);
    maxY = Math.max(maxY, points[2 * i + 1]);
  }
  const left = Math.max(0, Math.floor(minX));
  const top = Math.max(0, Math.floor(minY));
  const right = Math.min(frameWidth, Math.ceil(maxX));
  const bottom = Math.min(frameHeight, Math.ceil(maxY));
  if (!(right > left && bottom > top)) return null;
  const width = right - left;
  const height = bottom - top;
  const data = new Uint8Array(width * height);
  const crossings: number[] = [];
  let any = false;
  for (let row = 0; row < height; row++) {
    const y = top + row + 0.5;
    crossings.length = 0;
    for (let i = 0, j = n - 1; i < n; j = i++) {
      const yi = points[2 * i + 1];
      const yj = points[2 * j + 1];
      // Half-open on y so a vertex shared by two edges is counted once.
      if (yi <= y === yj <= y) continue;
      const xi = points[2 * i];
      const xj = points[2 * j];
      crossings.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
    }
    crossings.sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      // Pixel columns whose centre x + 0.5 lies in [from, to).
      const from = Math.max(left, Math.ceil(crossings[k] - 0.5));
      const to = Math.min(right, Math.ceil(crossings[k + 1] - 0.5));
      if (to > from) {
        data.fill(1, row * width + (from - left), row * width + (to - left));
        any = true;
      }
    }
  }
  return any ? { left, top, width, height, data } : null;
}
