import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { clipMaskToFrame, countSetPixels, dilateMask, resampleMaskNearest, type PlacedMask } from "./binary-mask.js";

describe("dilateMask", () => {
  it("grows one pixel into a Euclidean disc of the radius", () => {
    const grown = dilateMask({ width: 1, height: 1, data: Uint8Array.of(1) }, 2);
    assert.equal(grown.width, 5);
    assert.equal(grown.height, 5);
    // x² + y² ≤ 4: the centre, 4 at distance 1, 4 at √2, 4 at 2.
    assert.equal(countSetPixels(grown), 13);
    assert.equal(grown.data[0], 0, "corners at distance 2√2 stay clear");
    assert.equal(grown.data[2], 1, "the top of the disc is set");
  });

  it("grows a rectangle by the radius on each side with rounded corners", () => {
    const grown = dilateMask({ width: 10, height: 4, data: new Uint8Array(40).fill(1) }, 3);
    assert.equal(grown.width, 16);
    assert.equal(grown.height, 10);
    // Rectangle + 4 side strips + 4 corner quarter discs: offsets (1,1) (1,2) (2,1) (2,2) have d² ≤ 9.
    assert.equal(countSetPixels(grown), 40 + 2 * 3 * 10 + 2 * 3 * 4 + 4 * 4);
  });

  it("copies the mask unchanged for radius 0", () => {
    const data = Uint8Array.of(1, 0, 0, 1);
    assert.deepEqual(dilateMask({ width: 2, height: 2, data }, 0), { width: 2, height: 2, data: Uint8Array.of(1, 0, 0, 1) });
  });
});

describe("clipMaskToFrame", () => {
  it("cuts a mask hanging over the frame's top-left corner", () => {
    const mask: PlacedMask = { left: -1, top: -1, width: 3, height: 3, data: Uint8Array.of(1, 1, 1, 1, 1, 1, 1, 1, 0) };
    assert.deepEqual(clipMaskToFrame(mask, 10, 10), { left: 0, top: 0, width: 2, height: 2, data: Uint8Array.of(1, 1, 1, 0) });
  });

  it("returns null when nothing is inside", () => {
    assert.equal(clipMaskToFrame({ left: 20, top: 0, width: 2, height: 2, data: new Uint8Array(4).fill(1) }, 10, 10), null);
  });
});

describe("resampleMaskNearest", () => {
  it("turns each pixel into a 2×2 block when upscaling by 2", () => {
    const mask: PlacedMask = { left: 1, top: 1, width: 2, height: 1, data: Uint8Array.of(1, 0) };
    const up = resampleMaskNearest(mask, 2, 2, 100, 100);
    assert.ok(up);
    assert.deepEqual({ left: up.left, top: up.top, width: up.width, height: up.height }, { left: 2, top: 2, width: 4, height: 2 });
    assert.deepEqual([...up.data], [1, 1, 0, 0, 1, 1, 0, 0]);
  });

  it("clips to the target frame and keeps the pixel count proportional to the scale", () => {
    const mask: PlacedMask = { left: 0, top: 0, width: 4, height: 4, data: new Uint8Array(16).fill(1) };
    const up = resampleMaskNearest(mask, 1.5, 1.5, 5, 6);
    assert.ok(up);
    assert.equal(up.width, 5);
    assert.equal(up.height, 6);
    assert.equal(countSetPixels(up), 30);
  });
});
