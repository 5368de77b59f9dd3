import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Detection } from "../detection-model.js";
import { cropTile, tileDetectionToFrame, tileGrid } from "./tile-grid.js";

describe("tileGrid", () => {
  it("steps by tile × (1 − overlap) and shifts the last tile of each axis inward to end on the frame's edge", () => {
    // 1000 × 600, tiles of 400 overlapping 0.25: stride 300; x 0, 300, 600 (600 + 400 = 1000); y 0, 200 (shifted from 300).
    const tiles = tileGrid(1000, 600, 400, 0.25);
    assert.deepEqual(tiles, [
      [0, 0, 400, 400],
      [300, 0, 700, 400],
      [600, 0, 1000, 400],
      [0, 200, 400, 600],
      [300, 200, 700, 600],
      [600, 200, 1000, 600],
    ]);
    for (const t of tiles) assert.ok(t[0] >= 0 && t[1] >= 0 && t[2] <= 1000 && t[3] <= 600, "every tile is inside the frame");
  });

  it("has no tiles for a frame that fits in one tile, and spans an axis shorter than a tile", () => {
    assert.deepEqual(tileGrid(640, 480, 640, 0.2), []);
    assert.deepEqual(tileGrid(1000, 300, 512, 0), [
      [0, 0, 512, 300],
      [488, 0, 1000, 300],
    ]);
  });

  it("refuses a tiling that would never end", () => {
    assert.throws(() => tileGrid(1000, 1000, 0, 0.2), RangeError);
    assert.throws(() => tileGrid(1000, 1000, 256, 1), RangeError);
  });
});

describe("cropTile and tileDetectionToFrame", () => {
  it("cuts the tile's pixels out of the frame", () => {
    // 4 × 3 frame whose red channel is x + 10·y.
    const data = new Uint8Array(4 * 3 * 3);
    for (let y = 0; y < 3; y++) for (let x = 0; x < 4; x++) data[(y * 4 + x) * 3] = x + 10 * y;
    const tile = cropTile({ width: 4, height: 3, data }, [1, 1, 3, 3]);
    assert.equal(tile.width, 2);
    assert.equal(tile.height, 2);
    assert.deepEqual([tile.data[0], tile.data[3], tile.data[6], tile.data[9]], [11, 12, 21, 22]);
  });

  it("moves every geometry of a detection by the tile's offset", () => {
    const d: Detection = {
      label: "x",
      score: 0.8,
      box: [1, 2, 3, 4],
      polygon: [1, 2, 3, 2, 3, 4],
      points: [5, 6],
      keypoints: [{ label: "nose", x: 2, y: 3, score: 0.7 }],
      mask: { counts: [0, 4], left: 1, top: 2, right: 2, bottom: 3 },
    };
    const moved = tileDetectionToFrame(d, 100, 50);
    assert.deepEqual(moved.box, [101, 52, 103, 54]);
    assert.deepEqual(moved.polygon, [101, 52, 103, 52, 103, 54]);
    assert.deepEqual(moved.points, [105, 56]);
    assert.deepEqual(moved.keypoints, [{ label: "nose", x: 102, y: 53, score: 0.7 }]);
    assert.deepEqual(moved.mask, { counts: [0, 4], left: 101, top: 52, right: 102, bottom: 53 });
    assert.deepEqual(d.box, [1, 2, 3, 4], "the tile's detection is left as it was");
  });
});
