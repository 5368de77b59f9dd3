import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countSetPixels } from "./binary-mask.js";
import { maskToPolygon, rasterizePolygon } from "./mask-polygon.js";
import { polygonArea } from "./polygon.js";

const toPoints = (flat: number[]) => Array.from({ length: flat.length / 2 }, (_, i) => ({ x: flat[2 * i], y: flat[2 * i + 1] }));

describe("maskToPolygon", () => {
  it("outlines the largest component in frame pixels, its area the pixel count", () => {
    // 10×6 mask placed at (100, 50): a 4×3 block at (2, 1) and a lone speck at (9, 5).
    const data = new Uint8Array(60);
    for (let y = 1; y < 4; y++) for (let x = 2; x < 6; x++) data[y * 10 + x] = 1;
    data[5 * 10 + 9] = 1;
    const polygon = maskToPolygon({ left: 100, top: 50, width: 10, height: 6, data });
    assert.ok(polygon);
    assert.deepEqual(
      toPoints(polygon)
        .map((p) => `${p.x},${p.y}`)
        .sort(),
      ["102,51", "106,51", "106,54", "102,54"].sort(),
      "the block's four corners, the speck left out",
    );
    assert.equal(polygonArea(toPoints(polygon)), 12);
  });

  it("gives null for an empty mask", () => {
    assert.equal(maskToPolygon({ left: 0, top: 0, width: 3, height: 3, data: new Uint8Array(9) }), null);
  });
});

describe("rasterizePolygon", () => {
  it("sets the pixels whose centres lie inside, cut to the polygon's box", () => {
    const mask = rasterizePolygon([2, 1, 6, 1, 6, 4, 2, 4], 20, 20);
    assert.ok(mask);
    assert.deepEqual([mask.left, mask.top, mask.width, mask.height], [2, 1, 4, 3]);
    assert.equal(countSetPixels(mask), 12);
  });

  it("fills a triangle by the even-odd rule and clips to the frame", () => {
    const mask = rasterizePolygon([-10, 0, 10, 0, -10, 20], 8, 8);
    assert.ok(mask);
    assert.deepEqual([mask.left, mask.top, mask.width, mask.height], [0, 0, 8, 8]);
    // Row y (centre y + 0.5): inside while x + 0.5 < 10 − (y + 0.5) → x ≤ 8 − y, cut at 8 columns.
    for (let y = 0; y < 8; y++) {
      const row: number = [...mask.data.subarray(y * 8, y * 8 + 8)].reduce((a, b) => a + b, 0);
      assert.equal(row, Math.min(8, 9 - y), `row ${y}`);
    }
  });

  it("round-trips with maskToPolygon on an axis-aligned shape", () => {
    const square = [3, 3, 9, 3, 9, 7, 3, 7];
    const mask = rasterizePolygon(square, 16, 16)!;
    assert.equal(polygonArea(toPoints(maskToPolygon(mask)!)), 24);
  });

  it("gives null for degenerate or off-frame polygons", () => {
    assert.equal(rasterizePolygon([0, 0, 5, 5], 10, 10), null);
    assert.equal(rasterizePolygon([20, 20, 30, 20, 30, 30], 10, 10), null);
  });
});
