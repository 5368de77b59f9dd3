import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { overlappingSquareTiles, touchesInnerEdge } from "./square-tiles.js";

describe("overlappingSquareTiles", () => {
  it("spreads overlapping tiles evenly from edge to edge", () => {
    // 1920 wide, side 640, ≥ 25 % overlap: stride ≤ 480 → ceil(1280/480) + 1 = 4 columns, step 426.7.
    // 1280 high: ceil(640/480) + 1 = 3 rows, step 320.
    const tiles = overlappingSquareTiles(1920, 1280, 640, 0.25);
    assert.equal(tiles.length, 12);
    assert.deepEqual(tiles[0], [0, 0, 640, 640]);
    assert.deepEqual(tiles[11], [1280, 640, 1920, 1280]);
    assert.ok(Math.abs(tiles[1][0] - 1280 / 3) < 1e-9);
    assert.deepEqual(tiles[4], [0, 320, 640, 960]);
  });

  it("caps the side at the frame's shorter side and uses one tile along a short axis", () => {
    assert.deepEqual(overlappingSquareTiles(1000, 300, 640, 0.25), [
      [0, 0, 300, 300],
      [175, 0, 475, 300],
      [350, 0, 650, 300],
      [525, 0, 825, 300],
      [700, 0, 1000, 300],
    ]);
    assert.deepEqual(overlappingSquareTiles(200, 200, 640, 0.25), [[0, 0, 200, 200]]);
  });

  it("rejects nonsense settings", () => {
    assert.throws(() => overlappingSquareTiles(100, 100, 0, 0.2), RangeError);
    assert.throws(() => overlappingSquareTiles(100, 100, 50, 1), RangeError);
  });
});

describe("touchesInnerEdge", () => {
  const tile = [100, 0, 300, 200] as [number, number, number, number];
  it("flags boxes at tile edges inside the frame, not at frame edges", () => {
    assert.equal(touchesInnerEdge([101, 50, 150, 100], tile, 400, 200, 4), true, "left edge is inside the frame");
    assert.equal(touchesInnerEdge([150, 0, 200, 50], tile, 400, 200, 4), false, "top edge is the frame's");
    assert.equal(touchesInnerEdge([150, 150, 200, 200], tile, 400, 200, 4), false, "bottom edge is the frame's");
    assert.equal(touchesInnerEdge([250, 50, 297, 100], tile, 400, 200, 4), true, "right edge within the margin");
    assert.equal(touchesInnerEdge([150, 50, 200, 100], tile, 400, 200, 4), false);
  });
});
