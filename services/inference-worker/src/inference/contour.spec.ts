import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { BinaryMask } from "./binary-mask.js";
import { traceOuterContour } from "./contour.js";
import { polygonArea } from "./polygon.js";

/** Builds a mask from rows of "#" (set) and "." (clear). */
function mask(...rows: string[]): BinaryMask {
  const width = rows[0].length;
  const data = new Uint8Array(width * rows.length);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === "#" ? 1 : 0)));
  return { width, height: rows.length, data };
}

describe("traceOuterContour", () => {
  it("returns [] for an empty mask", () => {
    assert.deepEqual(traceOuterContour(mask("...", "...")), []);
  });

  it("outlines a single pixel by its four corners, clockwise from its top-left", () => {
    assert.deepEqual(traceOuterContour(mask("...", ".#.", "...")), [
      { x: 2, y: 1 },
      { x: 2, y: 2 },
      { x: 1, y: 2 },
      { x: 1, y: 1 },
    ]);
  });

  it("keeps only the corners of a rectangle, whose area equals its pixel count", () => {
    const contour = traceOuterContour(mask("....", ".##.", ".##.", ".##.", "...."));
    assert.deepEqual(contour, [
      { x: 3, y: 1 },
      { x: 3, y: 4 },
      { x: 1, y: 4 },
      { x: 1, y: 1 },
    ]);
    assert.equal(polygonArea(contour), 6);
  });

  it("follows a concave L shape", () => {
    const contour = traceOuterContour(mask("#..", "#..", "###"));
    assert.deepEqual(contour, [
      { x: 1, y: 0 },
      { x: 1, y: 2 },
      { x: 3, y: 2 },
      { x: 3, y: 3 },
      { x: 0, y: 3 },
      { x: 0, y: 0 },
    ]);
    assert.equal(polygonArea(contour), 5);
  });

  it("joins pixels that touch only diagonally (8-connectivity), passing through the shared corner", () => {
    const contour = traceOuterContour(mask("#.", ".#"));
    assert.equal(polygonArea(contour), 2);
    assert.equal(contour.filter((p) => p.x === 1 && p.y === 1).length, 2, "the saddle corner is visited twice");
  });

  it("ignores holes: the outer boundary of a ring encloses the hole too", () => {
    const contour = traceOuterContour(mask("###", "#.#", "###"));
    assert.deepEqual(contour, [
      { x: 3, y: 0 },
      { x: 3, y: 3 },
      { x: 0, y: 3 },
      { x: 0, y: 0 },
    ]);
  });

  it("traces only the component of the first set pixel", () => {
    const contour = traceOuterContour(mask("##...", "##..#", "....#"));
    assert.equal(polygonArea(contour), 4);
    assert.ok(contour.every((p) => p.x <= 2));
  });

  it("encloses exactly the pixels of a hole-free staircase", () => {
    const m = mask("#....", "##...", "###..", "####.", "#####");
    assert.equal(polygonArea(traceOuterContour(m)), 15);
  });
});
