import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PlacedMask } from "./binary-mask.js";
import { decodeMaskRle, encodeMaskRle } from "./mask-rle.js";

function placed(left: number, top: number, rows: string[]): PlacedMask {
  const width = rows[0].length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === "#" ? 1 : 0)));
  return { left, top, width, height: rows.length, data };
}

/** Deterministic pseudo-random generator (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("CVAT mask RLE", () => {
  it("encodes a hand-computed example: first run is background, box inclusive", () => {
    // Row-major pixels 0 1 1 | 1 0 0 | 0 0 1 → runs 1×0, 3×1, 4×0, 1×1.
    const rle = encodeMaskRle(placed(10, 20, [".##", "#..", "..#"]));
    assert.deepEqual(rle, { counts: [1, 3, 4, 1], left: 10, top: 20, right: 12, bottom: 22 });
  });

  it("starts with a zero-length background run when the first pixel is set", () => {
    const rle = encodeMaskRle(placed(0, 0, ["#.", "##"]));
    assert.deepEqual(rle.counts, [0, 1, 1, 2]);
  });

  it("shrinks the box to the set pixels", () => {
    const rle = encodeMaskRle(placed(5, 5, ["....", ".#..", ".##.", "...."]));
    assert.deepEqual(rle, { counts: [0, 1, 1, 2], left: 6, top: 6, right: 7, bottom: 7 });
  });

  it("round-trips random masks exactly", () => {
    const next = random(42);
    for (let trial = 0; trial < 50; trial++) {
      const width = 1 + Math.floor(next() * 30);
      const height = 1 + Math.floor(next() * 30);
      const density = next();
      const data = new Uint8Array(width * height).map(() => (next() < density ? 1 : 0));
      // Pin the corners so the tight box is the whole mask and the comparison is direct.
      data[0] = data[width * height - 1] = 1;
      data[width - 1] = data[(height - 1) * width] = 1;
      const mask: PlacedMask = { left: trial, top: 2 * trial, width, height, data };
      const decoded = decodeMaskRle(encodeMaskRle(mask));
      assert.deepEqual(decoded, mask, `trial ${trial}`);
    }
  });

  it("decodes the hand-computed example back", () => {
    const decoded = decodeMaskRle({ counts: [1, 3, 4, 1], left: 10, top: 20, right: 12, bottom: 22 });
    assert.deepEqual([...decoded.data], [0, 1, 1, 1, 0, 0, 0, 0, 1]);
    assert.equal(decoded.width, 3);
    assert.equal(decoded.height, 3);
  });

  it("rejects runs that do not cover the box exactly, and empty masks", () => {
    assert.throws(() => decodeMaskRle({ counts: [1, 3], left: 0, top: 0, right: 2, bottom: 2 }), RangeError);
    assert.throws(() => decodeMaskRle({ counts: [5, 5], left: 0, top: 0, right: 2, bottom: 2 }), RangeError);
    assert.throws(() => decodeMaskRle({ counts: [1, 1], left: 2, top: 0, right: 1, bottom: 0 }), RangeError);
    assert.throws(() => encodeMaskRle(placed(0, 0, ["..", ".."])), RangeError);
  });
});
