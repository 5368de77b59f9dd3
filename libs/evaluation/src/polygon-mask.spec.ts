import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { maskArea, maskIntersection, rasterizePolygon } from "./polygon-mask.js";

// A pixel (column x, row y) is in the mask when its centre (x + .5, y + .5) is inside the polygon (pycocotools' rule);
// the areas below count those centres by hand and were also checked against maskApi.c's rleFrPoly.

describe("rasterizePolygon", () => {
  it("covers the 10 × 20 pixels of an integer rectangle, one run per column", () => {
    const mask = rasterizePolygon([10, 10, 20, 10, 20, 30, 10, 30]);
    assert.equal(maskArea(mask), 200);
    assert.deepEqual(
      [...mask.keys()].sort((a, b) => a - b),
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
    );
    for (const runs of mask.values()) assert.deepEqual(runs, [10, 30]);
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
