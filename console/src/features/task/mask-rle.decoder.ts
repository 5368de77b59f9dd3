import type { MaskRle } from "./task.api.js";

/** Masks larger than this many pixels (box area) are refused rather than decoded in the browser. */
export const MAX_MASK_PIXELS = 50_000_000;

export interface DecodedMask {
  left: number;
  top: number;
  width: number;
  height: number;
  /** Row-major, width × height, 1 = foreground. */
  data: Uint8Array;
}

export class MaskRleError extends Error {
  override readonly name = "MaskRleError";
  constructor(
    readonly code: "MASK_BOX_INVALID" | "MASK_TOO_LARGE" | "MASK_COUNTS_INVALID" | "MASK_COUNTS_MISMATCH",
    message: string,
  ) {
    super(message);
  }
}

/**
 * CVAT's mask RLE: `counts` alternate background and foreground run lengths, background first, row-major over the
 * inclusive box left..right × top..bottom. The runs must cover the box exactly.
 */
export function decodeMaskRle(mask: MaskRle): DecodedMask {
  const { counts, left, top, right, bottom } = mask;
  const width = right - left + 1;
  const height = bottom - top + 1;
  if (![left, top, right, bottom].every(Number.isInteger) || width <= 0 || height <= 0) {
    throw new MaskRleError("MASK_BOX_INVALID", `Mask box ${left},${top}..${right},${bottom} is empty or not integral`);
  }
  const area = width * height;
  if (area > MAX_MASK_PIXELS) throw new MaskRleError("MASK_TOO_LARGE", `Mask box of ${area} pixels is over ${MAX_MASK_PIXELS}`);
  const data = new Uint8Array(area);
  let offset = 0;
  for (let i = 0; i < counts.length; i++) {
    const run = counts[i];
    if (!Number.isInteger(run) || run < 0) throw new MaskRleError("MASK_COUNTS_INVALID", `Run ${i} is ${run}`);
    if (offset + run > area) {
      throw new MaskRleError("MASK_COUNTS_MISMATCH", `Runs cover more than the box's ${area} pixels`);
    }
    if (i % 2 === 1) data.fill(1, offset, offset + run);
    offset += run;
  }
  if (offset !== area) throw new MaskRleError("MASK_COUNTS_MISMATCH", `Runs cover ${offset} of the box's ${area} pixels`);
  return { left, top, width, height, data };
}

/** A horizontal foreground run in frame pixels. */
export interface MaskRun {
  x: number;
  y: number;
  length: number;
}

/** The mask's foreground as horizontal runs, one row at a time (a run in `counts` may wrap rows). */
export function maskRuns(mask: DecodedMask): MaskRun[] {
  const runs: MaskRun[] = [];
  for (let row = 0; row < mask.height; row++) {
    const base = row * mask.width;
    let start = -1;
    for (let col = 0; col <= mask.width; col++) {
      const on = col < mask.width && mask.data[base + col] === 1;
      if (on && start < 0) start = col;
      else if (!on && start >= 0) {
        runs.push({ x: mask.left + start, y: mask.top + row, length: col - start });
        start = -1;
      }
    }
  }
  return runs;
}

/** One SVG path for the whole mask: a 1-pixel-high rectangle per run, so it stays a single element per shape. */
export function maskToPath(mask: DecodedMask): string {
  return maskRuns(mask)
    .map(({ x, y, length }) => `M${x} ${y}h${length}v1h${-length}z`)
    .join("");
}
