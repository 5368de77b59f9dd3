import type { MaskRle } from "../staged-shape.js";

/** `[x, y, width, height]`, COCO's box, of flat `[x1, y1, x2, y2, …]` points; all zero without points. */
export function boxOfPoints(points: readonly number[]): [number, number, number, number] {
  if (points.length < 2) return [0, 0, 0, 0];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    minX = Math.min(minX, points[i]);
    maxX = Math.max(maxX, points[i]);
    minY = Math.min(minY, points[i + 1]);
    maxY = Math.max(maxY, points[i + 1]);
  }
  return [minX, minY, maxX - minX, maxY - minY];
}

/** A simple polygon's area (shoelace), whatever its winding. */
export function polygonArea(points: readonly number[]): number {
  const n = Math.floor(points.length / 2);
  let twice = 0;
  for (let i = 0; i < n; i++) {
    const j = (i + 1) % n;
    twice += points[2 * i] * points[2 * j + 1] - points[2 * j] * points[2 * i + 1];
  }
  return Math.abs(twice) / 2;
}

/** Foreground pixels of a CVAT mask (its odd runs). */
export function maskArea(mask: MaskRle): number {
  let area = 0;
  for (let i = 1; i < mask.counts.length; i += 2) area += mask.counts[i];
  return area;
}

/** A CVAT mask's box as COCO's `[x, y, width, height]` (the inclusive box left..right × top..bottom). */
export function maskBox(mask: MaskRle): [number, number, number, number] {
  return [mask.left, mask.top, mask.right - mask.left + 1, mask.bottom - mask.top + 1];
}

/** COCO's uncompressed RLE: run lengths over the whole image in column-major order, the first run background. */
export interface CocoRle {
  counts: number[];
  /** `[height, width]`, as COCO orders it. */
  size: [number, number];
}

/**
 * CVAT's mask (runs over its box, row-major, first run background) → COCO's uncompressed RLE over the image
 * (column-major, first run background). Columns outside the box are one background run each, so a small mask on a large
 * image costs its box's pixels plus one step per column. Mask pixels outside the image are dropped.
 */
export function cvatMaskToCocoRle(mask: MaskRle, width: number, height: number): CocoRle {
  const boxWidth = mask.right - mask.left + 1;
  const boxHeight = mask.bottom - mask.top + 1;
  const bits = new Uint8Array(Math.max(0, boxWidth * boxHeight));
  let at = 0;
  mask.counts.forEach((run, i) => {
    if (i % 2 === 1) bits.fill(1, at, Math.min(bits.length, at + run));
    at += run;
  });
  const counts: number[] = [];
  let value = 0;
  let run = 0;
  const push = (v: number, length: number) => {
    if (length <= 0) return;
    if (v === value) run += length;
    else {
      counts.push(run);
      value = v;
      run = length;
    }
  };
  for (let x = 0; x < width; x++) {
    const bx = x - mask.left;
    if (bx < 0 || bx >= boxWidth) {
      push(0, height);
      continue;
    }
    const top = Math.max(0, Math.min(height, mask.top));
    push(0, top);
    for (let y = top; y < Math.min(height, mask.bottom + 1); y++) push(bits[(y - mask.top) * boxWidth + bx], 1);
    push(0, height - Math.max(top, Math.min(height, mask.bottom + 1)));
  }
  counts.push(run);
  return { counts, size: [height, width] };
}
