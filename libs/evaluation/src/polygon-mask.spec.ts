import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { columnRuns, maskArea, maskIntersection, rasterizePolygon } from "./polygon-mask.js";

// A pixel (column x, row y) is in the mask when its centre (x + .5, y + .5) is inside the polygon (pycocotools' rule);
// the areas below count those centres by hand and were also checked against maskApi.c's rleFrPoly.

describe("rasterizePolygon", () => {
  it("covers the 10 × 20 pixels of an integer rectangle, one run per column", () => {
    const mask = rasterizePolygon([10, 10, 20, 10, 20, 30, 10, 30]);
    assert.equal(maskArea(mask), 200);
    assert.deepEqual(mask.bounds, [10, 10, 20, 30]);
    for (let column = 10; column < 20; column++) assert.deepEqual(columnRuns(mask, column), [10, 30]);
    assert.deepEqual(columnRuns(mask, 9), []);
    assert.deepEqual(columnRuns(mask, 20), []);
  });

  it("takes the pixels whose centres are inside a fractional rectangle (11 columns × 20 rows)", () => {
    // x from 10.2 to 20.6: centres 10.5 … 20.5 (11); y from 10.2 to 30.4: centres 10.5 … 29.5 (20).
    assert.equal(maskArea(rasterizePolygon([10.2, 10.2, 20.6, 10.2, 20.6, 30.4, 10.2, 30.4])), 220);
  });

  it("fills a concave L-shape (100 − 25 = 75 pixels) whichever way its outline turns", () => {
    const l = [0, 0, 10, 0, 10, 5, 5, 5, 5, 10, 0, 10];
    const reversed = [0, 10, 5, 10, 5, 5, 10, 5, 10, 0, 0, 0];
    assert.equal(maskArea(rasterizePolygon(l)), 75);
    assert.deepEqual(rasterizePolygon(reversed), rasterizePolygon(l));
    assert.deepEqual(columnRuns(rasterizePolygon(l), 2), [0, 10]);
    assert.deepEqual(columnRuns(rasterizePolygon(l), 7), [0, 5]);
  });

  it("keeps a U-shape's gap out (72 pixels) and two runs in a column a C-shape crosses twice", () => {
    // U: columns 0–2 and 7–9 full height, the gap (columns 3–6, rows 0–7) empty; column 5 holds the bar, rows 7–10.
    const u = rasterizePolygon([0, 0, 3, 0, 3, 7, 7, 7, 7, 0, 10, 0, 10, 10, 0, 10]);
    assert.equal(maskArea(u), 100 - 4 * 7);
    assert.deepEqual(columnRuns(u, 5), [7, 10]);
    // C opening right: column 5 holds rows 0–3 and 7–10, column 1 the full height.
    const c = rasterizePolygon([0, 0, 10, 0, 10, 3, 3, 3, 3, 7, 10, 7, 10, 10, 0, 10]);
    assert.deepEqual(columnRuns(c, 5), [0, 3, 7, 10]);
    assert.deepEqual(columnRuns(c, 1), [0, 10]);
  });

  it("clips at the left and top edges like an image (a square half outside keeps 5 × 5 pixels)", () => {
    assert.equal(maskArea(rasterizePolygon([-5, -5, 5, -5, 5, 5, -5, 5])), 25);
  });

  it("intersects two masks per column (a 10 × 10 square and the same shifted by 5 share 50 pixels)", () => {
    const a = rasterizePolygon([0, 0, 10, 0, 10, 10, 0, 10]);
    const b = rasterizePolygon([5, 0, 15, 0, 15, 10, 5, 10]);
    assert.equal(maskIntersection(a, b), 50);
    assert.equal(maskIntersection(b, a), 50);
  });
});
