import type { PlacedMask } from "./binary-mask.js";
import type { MaskRle } from "./detection-model.js";

/**
 * Encodes a placed mask in CVAT's RLE over the tight bounding box of its set pixels
 * (box inclusive, row-major, first run = background, possibly 0).
 * Throws RangeError for an empty mask: CVAT has no representation for it.
 */
export function encodeMaskRle(mask: PlacedMask): MaskRle {
  const { width, height, data } = mask;
  let minX = width;
  let minY = height;
  let maxX = -1;
  let maxY = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!data[y * width + x]) continue;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  if (maxX < 0) throw new RangeError("cannot encode an empty mask as RLE");

  const counts: number[] = [];
  let current = 0;
  let run = 0;
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const value = data[y * width + x] ? 1 : 0;
      if (value === current) {
        run++;
      } else {
        counts.push(run);
        current = value;
        run = 1;
      }
    }
  }
  counts.push(run);
  return {
    counts,
    left: mask.left + minX,
    top: mask.top + minY,
    right: mask.left + maxX,
    bottom: mask.top + maxY,
  };
}

/** Expands CVAT RLE back to a placed mask covering exactly its box. Throws RangeError on inconsistent input. */
export function decodeMaskRle(rle: MaskRle): PlacedMask {
  const width = rle.right - rle.left + 1;
  const height = rle.bottom - rle.top + 1;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new RangeError(`invalid RLE box ${rle.left},${rle.top},${rle.right},${rle.bottom}`);
  }
  const data = new Uint8Array(width * height);
  let offset = 0;
  let value = 0;
  for (const run of rle.counts) {
    if (!Number.isInteger(run) || run < 0 || offset + run > data.length) {
      throw new RangeError(`RLE runs overflow the ${width}x${height} box`);
    }
    if (value) data.fill(1, offset, offset + run);
    offset += run;
    value ^= 1;
  }
  if (offset !== data.length) throw new RangeError(`RLE runs cover ${offset} of ${data.length} pixels`);
  return { left: rle.left, top: rle.top, width, height, data };
}
