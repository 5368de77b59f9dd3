import type { Box } from "../detection-model.js";

export function boxArea(b: Box): number {
  return Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
}

/** Intersection over union; 0 for empty boxes. */
export function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  const union = boxArea(a) + boxArea(b) - inter;
  return union > 0 ? inter / union : 0;
}

/** The part of `b` inside a width × height frame. */
export function clipBox(b: Box, width: number, height: number): Box {
  return [
    Math.min(width, Math.max(0, b[0])),
    Math.min(height, Math.max(0, b[1])),
    Math.min(width, Math.max(0, b[2])),
    Math.min(height, Math.max(0, b[3])),
  ];
}

/**
 * The square centred on `b` whose side is `factor` × its longer side: human's enlargeBox then
 * squarifyBox (the face crop, 1.4×) and our person crop for MoveNet (1.2×).
 */
export function squareAround(b: Box, factor: number): Box {
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  const half = (Math.max(b[2] - b[0], b[3] - b[1]) * factor) / 2;
  return [cx - half, cy - half, cx + half, cy + half];
}

/** `b` scaled by `factor` about its centre (each side separately). */
export function scaleAround(b: Box, factor: number): Box {
  const cx = (b[0] + b[2]) / 2;
  const cy = (b[1] + b[3]) / 2;
  const hw = ((b[2] - b[0]) * factor) / 2;
  const hh = ((b[3] - b[1]) * factor) / 2;
  return [cx - hw, cy - hh, cx + hw, cy + hh];
}

/** Maps a box from a window's own pixel units (a side of `units`) to the frame the window sits in. */
export function windowToFrame(b: Box, window: Box, unitsX: number, unitsY: number): Box {
  const sx = (window[2] - window[0]) / unitsX;
  const sy = (window[3] - window[1]) / unitsY;
  return [window[0] + b[0] * sx, window[1] + b[1] * sy, window[0] + b[2] * sx, window[1] + b[3] * sy];
}
