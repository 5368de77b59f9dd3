import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { MaskRle } from "../staged-shape.js";
import { boxOfPoints, cvatMaskToCocoRle, maskArea, maskBox, polygonArea } from "./export-geometry.js";

/** Independent decoders: each format's runs to a full-image bitmap (row-major), pixel by pixel. */
function decodeCvat(mask: MaskRle, width: number, height: number): Uint8Array {
  const image = new Uint8Array(width * height);
  const boxWidth = mask.right - mask.left + 1;
  let at = 0;
  mask.counts.forEach((run, i) => {
    for (let k = 0; k < run; k++, at++) {
      const x = mask.left + (at % boxWidth);
      const y = mask.top + Math.floor(at / boxWidth);
      if (i % 2 === 1 && x >= 0 && y >= 0 && x < width && y < height) image[y * width + x] = 1;
    }
  });
  return image;
}

function decodeCoco(counts: number[], width: number, height: number): Uint8Array {
  const image = new Uint8Array(width * height);
  let at = 0;
  counts.forEach((run, i) => {
    for (let k = 0; k < run; k++, at++) {
      // Column-major: pixel `at` is column floor(at / height), row at % height.
      if (i % 2 === 1) image[(at % height) * width + Math.floor(at / height)] = 1;
    }
  });
  return image;
}

describe("CVAT mask → COCO RLE", () => {
  it("gives COCO's column-major runs over the image, background first, summing to width × height", () => {
    const mask = { counts: [1, 3, 2], left: 2, top: 1, right: 4, bottom: 2 };
    const rle = cvatMaskToCocoRle(mask, 6, 4);
    assert.deepEqual(rle.size, [4, 6]);
    // By hand: columns 0-1 background (8), column 2 rows 0-1 bg (10) then row 2; columns 3 and 4 row 1; column 5 bg.
    assert.deepEqual(rle.counts, [10, 1, 2, 1, 3, 1, 6]);
    assert.equal(
      rle.counts.reduce((a, b) => a + b, 0),
      24,
    );
    assert.deepEqual(decodeCoco(rle.counts, 6, 4), decodeCvat(mask, 6, 4));
  });

  it("matches pixel by pixel for random masks, at the image's edges and clipped outside it", () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const width = 1 + Math.floor(rand() * 12);
      const height = 1 + Math.floor(rand() * 12);
      const left = Math.floor(rand() * (width + 2)) - 1;
      const top = Math.floor(rand() * (height + 2)) - 1;
      const right = left + Math.floor(rand() * 5);
      const bottom = top + Math.floor(rand() * 5);
      const pixels = (right - left + 1) * (bottom - top + 1);
      const counts: number[] = [];
      let left_ = pixels;
      while (left_ > 0) {
        const run = Math.min(left_, Math.floor(rand() * 4));
        counts.push(run);
        left_ -= run;
      }
      const mask = { counts, left, top, right, bottom };
      const rle = cvatMaskToCocoRle(mask, width, height);
      assert.equal(
        rle.counts.reduce((a, b) => a + b, 0),
        width * height,
      );
      assert.ok(
        rle.counts.slice(1).every((c) => c > 0),
        "no empty runs after the first",
      );
      assert.deepEqual(decodeCoco(rle.counts, width, height), decodeCvat(mask, width, height), JSON.stringify({ mask, width, height }));
    }
  });

  it("starts with a 0 run when the first pixel is foreground", () => {
    const rle = cvatMaskToCocoRle({ counts: [0, 1], left: 0, top: 0, right: 0, bottom: 0 }, 2, 2);
    assert.deepEqual(rle.counts, [0, 1, 3]);
  });
});

describe("export geometry", () => {
  it("boxes points, measures polygons and masks", () => {
    assert.deepEqual(boxOfPoints([3, 4, 1, 8, 5, 6]), [1, 4, 4, 4]);
    assert.deepEqual(boxOfPoints([]), [0, 0, 0, 0]);
    assert.equal(polygonArea([0, 0, 10, 0, 10, 10, 0, 10]), 100);
    assert.equal(polygonArea([0, 10, 10, 10, 10, 0, 0, 0]), 100);
    assert.equal(maskArea({ counts: [1, 3, 2, 4], left: 0, top: 0, right: 9, bottom: 0 }), 7);
    assert.deepEqual(maskBox({ counts: [], left: 2, top: 1, right: 4, bottom: 2 }), [2, 1, 3, 2]);
  });
});
