import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countSetPixels } from "./binary-mask.js";
import { dbPostprocess, type ProbabilityMap } from "./db-postprocess.js";
import { decodeMaskRle } from "./mask-rle.js";
import { polygonArea } from "./polygon.js";

function map(width: number, height: number, fills: Array<{ x: number; y: number; w: number; h: number; p: number }>): ProbabilityMap {
  const data = new Float32Array(width * height).fill(0.05);
  for (const { x, y, w, h, p } of fills) {
    for (let yy = y; yy < y + h; yy++) for (let xx = x; xx < x + w; xx++) data[yy * width + xx] = p;
  }
  return { width, height, data };
}

const toPoints = (flat: number[]) => Array.from({ length: flat.length / 2 }, (_, i) => ({ x: flat[2 * i], y: flat[2 * i + 1] }));

describe("dbPostprocess", () => {
  const text = { x: 20, y: 20, w: 50, h: 10, p: 0.9 };

  it("turns a probability blob into one region, unclipped by area·1.5/perimeter", () => {
    const regions = dbPostprocess(map(100, 60, [text]), { scoreThreshold: 0.5, returnMasks: false, imageWidth: 100, imageHeight: 60 });
    assert.equal(regions.length, 1);
    const [region] = regions;
    assert.ok(Math.abs(region.score - 0.9) < 1e-6);
    // area 500, perimeter 120 → d = 6.25 → 6 px on every side.
    assert.deepEqual(region.box, [14, 14, 76, 36]);
    assert.ok(region.polygon.length >= 6 && region.polygon.length % 2 === 0);
    const area = polygonArea(toPoints(region.polygon));
    assert.ok(area > 500 && area <= 62 * 22, `polygon area ${area}`);
    assert.equal(region.mask, undefined);
  });

  it("scales box, polygon and mask to the original image", () => {
    const [region] = dbPostprocess(map(100, 60, [text]), { scoreThreshold: 0.5, returnMasks: true, imageWidth: 200, imageHeight: 120 });
    assert.deepEqual(region.box, [28, 28, 152, 72]);
    for (const p of toPoints(region.polygon)) {
      assert.ok(p.x >= 28 && p.x <= 152 && p.y >= 28 && p.y <= 72, `vertex ${p.x},${p.y} outside the box`);
    }
    assert.ok(region.mask);
    const mask = decodeMaskRle(region.mask);
    assert.deepEqual([region.mask.left, region.mask.top, region.mask.right + 1, region.mask.bottom + 1], region.box);
    const pixels = countSetPixels(mask);
    const polygon = polygonArea(toPoints(region.polygon));
    assert.ok(pixels > 4 * 500, `mask has ${pixels} px`);
    assert.ok(Math.abs(pixels - polygon) / polygon < 0.05, `mask ${pixels} px vs polygon ${polygon}`);
  });

  it("drops regions below the score threshold and components thinner than 3 px", () => {
    const probability = map(100, 60, [
      text,
      { x: 20, y: 45, w: 40, h: 8, p: 0.4 }, // weak
      { x: 80, y: 5, w: 2, h: 30, p: 0.95 }, // 2 px thin
    ]);
    const strict = dbPostprocess(probability, { scoreThreshold: 0.5, returnMasks: false, imageWidth: 100, imageHeight: 60 });
    assert.equal(strict.length, 1);
    const lenient = dbPostprocess(probability, { scoreThreshold: 0.3, returnMasks: false, imageWidth: 100, imageHeight: 60 });
    assert.equal(lenient.length, 2);
    assert.ok(lenient[0].score > lenient[1].score, "sorted by score, best first");
  });

  it("ignores probabilities at or below the 0.3 bitmap threshold", () => {
    const regions = dbPostprocess(map(50, 50, [{ x: 5, y: 5, w: 30, h: 10, p: 0.3 }]), {
      scoreThreshold: 0,
      returnMasks: false,
      imageWidth: 50,
      imageHeight: 50,
    });
    assert.equal(regions.length, 0);
  });

  it("clamps regions that unclip past the image edge", () => {
    const [region] = dbPostprocess(map(60, 40, [{ x: 0, y: 0, w: 30, h: 8, p: 0.8 }]), {
      scoreThreshold: 0.5,
      returnMasks: true,
      imageWidth: 120,
      imageHeight: 80,
    });
    assert.equal(region.box[0], 0);
    assert.equal(region.box[1], 0);
    for (const p of toPoints(region.polygon)) assert.ok(p.x >= 0 && p.y >= 0 && p.x <= 120 && p.y <= 80);
    assert.ok(region.mask && region.mask.left === 0 && region.mask.top === 0);
  });
});
