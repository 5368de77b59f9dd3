import type { MaskRle } from "../staged-shape.js";

/**
 * COCO's run-length masks and CVAT's, the one services/task keeps (proto's MaskRle):
 * - COCO: runs over the whole image (`size` = [height, width]) in column-major order, the first run background;
 *   `counts` either a list of numbers or pycocotools' compressed string (each count as 5-bit groups in printable
 *   characters from '0', a continuation bit 0x20, a sign bit 0x10 on the last group, counts after the second
 *   stored as the difference to the count two before).
 * - CVAT: runs over the inclusive box left..right × top..bottom in row-major order, the first run background.
 */

/** Decodes pycocotools' compressed `counts` string (rleFrString). Throws on a character outside its alphabet. */
export function decodeCocoCounts(s: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < s.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= s.length) throw new Error("the compressed counts end inside a number");
      const c = s.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`character ${JSON.stringify(s[p])} at ${p} is not in the compressed counts' alphabet`);
      x |= (c & 0x1f) << (5 * k);
      more = (c & 0x20) !== 0;
      p += 1;
      k += 1;
      if (!more && c & 0x10) x |= -1 << (5 * k);
      if (k > 6) throw new Error(`a count at ${p} is longer than 32 bits`);
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** Encodes counts as pycocotools' compressed string (rleToString); the writers' side, and the readers' tests. */
export function encodeCocoCounts(counts: readonly number[]): string {
  let s = "";
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      x >>= 5;
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      s += String.fromCharCode(c + 48);
    }
  }
  return s;
}

/**
 * COCO's column-major image-wide runs as CVAT's row-major box runs. The box is the foreground's bounding box,
 * found from the runs alone; only the box is rasterised (never the whole image). Null for an empty mask.
 * Throws when the runs are negative or do not add up to height × width.
 */
export function cocoRleToMask(counts: readonly number[], height: number, width: number): MaskRle | null {
  const total = height * width;
  let sum = 0;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (!Number.isInteger(n) || n < 0) throw new Error(`run ${i} is ${n}, not a count`);
    if (i % 2 === 1 && n > 0) {
      const first = sum;
      const last = sum + n - 1;
      const x0 = Math.floor(first / height);
      const x1 = Math.floor(last / height);
      left = Math.min(left, x0);
      right = Math.max(right, x1);
      if (x0 === x1) {
        top = Math.min(top, first % height);
        bottom = Math.max(bottom, last % height);
      } else {
        // Spanning columns: its first column runs to the bottom row, its last starts at the top row.
        top = 0;
        bottom = height - 1;
      }
    }
    sum += n;
  }
  if (sum !== total) throw new Error(`the runs cover ${sum} pixels, not height × width = ${total}`);
  if (left === Infinity) return null;
  const w = right - left + 1;
  const h = bottom - top + 1;
  const box = new Uint8Array(w * h);
  let at = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    if (i % 2 === 1) {
      for (let p = at; p < at + n; p++) {
        const x = Math.floor(p / height);
        const y = p % height;
        box[(y - top) * w + (x - left)] = 1;
      }
    }
    at += n;
  }
  return { counts: runsOf(box), left, top, right, bottom };
}

/** Row-major runs of a 0/1 raster, starting with a background run (0 when it starts with foreground). */
export function runsOf(pixels: Uint8Array): number[] {
  const runs: number[] = [];
  let current = 0;
  let length = 0;
  for (const p of pixels) {
    const v = p ? 1 : 0;
    if (v === current) length += 1;
    else {
      runs.push(length);
      current = v;
      length = 1;
    }
  }
  runs.push(length);
  return runs;
}

/** CVAT's box runs as COCO's image-wide column-major runs (the writers' side; the readers' tests). */
export function maskToCocoRle(mask: MaskRle, height: number, width: number): number[] {
  const w = mask.right - mask.left + 1;
  const image = new Uint8Array(height * width);
  let at = 0;
  mask.counts.forEach((n, i) => {
    if (i % 2 === 1) {
      for (let p = at; p < at + n; p++) {
        const x = mask.left + (p % w);
        const y = mask.top + Math.floor(p / w);
        if (x < width && y < height) image[x * height + y] = 1;
      }
    }
    at += n;
  });
  return runsOf(image);
}

/** Foreground pixels of a CVAT mask. */
export function maskArea(mask: MaskRle): number {
  return mask.counts.reduce((sum, n, i) => (i % 2 === 1 ? sum + n : sum), 0);
}
