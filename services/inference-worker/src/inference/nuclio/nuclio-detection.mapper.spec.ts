import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { NuclioDetection } from "@prelabel/nuclio";
import { countSetPixels } from "../binary-mask.js";
import { decodeMaskRle } from "../mask-rle.js";
import { nuclioDetectionsToDetections, type NuclioMappingOptions } from "./nuclio-detection.mapper.js";

const frame: NuclioMappingOptions = { width: 100, height: 80, threshold: 0.5, returnMasks: true };

/** A CVAT detector item as libs/nuclio parses it (confidence already a number, `type` resolved). */
const item = (over: Partial<NuclioDetection>): NuclioDetection => ({
  label: "car",
  confidence: 0.9,
  type: "rectangle",
  points: [10, 20, 30, 40],
  mask: null,
  attributes: [],
  elements: [],
  outside: false,
  occluded: false,
  ...over,
});

describe("nuclioDetectionsToDetections", () => {
  it("maps a rectangle to a box, keeping the confidence as the score and the attributes", () => {
    const [d] = nuclioDetectionsToDetections([item({ attributes: [{ name: "age", value: "31" }] })], frame);
    assert.deepEqual(d, { label: "car", box: [10, 20, 30, 40], score: 0.9, attributes: { age: "31" } });
  });

  it("keeps a confidence sent as a string once the library parsed it (0.75), exactly", () => {
    const [d] = nuclioDetectionsToDetections([item({ confidence: Number("0.75") })], frame);
    assert.equal(d.score, 0.75);
  });

  it("orders a rectangle's corners and clamps it to the frame; one entirely outside is dropped", () => {
    const out = nuclioDetectionsToDetections([item({ points: [120, 90, 50, -5] }), item({ points: [150, 10, 190, 30] })], frame);
    assert.deepEqual(
      out.map((d) => d.box),
      [[50, 0, 100, 80]],
    );
  });

  it("drops items below the threshold (functions may ignore it); keeps one exactly at it", () => {
    const out = nuclioDetectionsToDetections([item({ confidence: 0.49 }), item({ confidence: 0.5, label: "bus" })], frame);
    assert.deepEqual(
      out.map((d) => d.label),
      ["bus"],
    );
  });

  it("keeps an item without confidence, with no score and no threshold applied", () => {
    const [d] = nuclioDetectionsToDetections([item({ confidence: null })], { ...frame, threshold: 0.99 });
    assert.equal(d.label, "car");
    assert.equal("score" in d, false);
  });

  it("maps a polygon to the polygon and its bounding box, clamped, whatever the mask toggle", () => {
    for (const returnMasks of [true, false]) {
      const [d] = nuclioDetectionsToDetections([item({ type: "polygon", points: [10, 10, 120, 10, 60, 50] })], { ...frame, returnMasks });
      assert.deepEqual(d.polygon, [10, 10, 100, 10, 60, 50]);
      assert.deepEqual(d.box, [10, 10, 100, 50]);
      assert.equal(d.mask, undefined);
    }
  });

  it("drops a polygon of fewer than three points", () => {
    assert.deepEqual(nuclioDetectionsToDetections([item({ type: "polygon", points: [1, 1, 5, 5] })], frame), []);
  });

  // A 4x3 inclusive box at (20, 10)–(23, 12): CVAT's mask box is inclusive.
  const bitmap = Uint8Array.from([0, 1, 1, 0, 1, 1, 1, 1, 0, 1, 1, 0]);
  const maskItem = (points: number[]) => item({ type: "mask", points, mask: { left: 20, top: 10, right: 23, bottom: 12, bitmap } });

  it("maps a mask to CVAT RLE over its tight inclusive box, the box one past its last pixel, and the polygon the function sent", () => {
    const sent = [21, 10, 23, 10, 24, 13, 20, 13];
    const [d] = nuclioDetectionsToDetections([maskItem(sent)], frame);
    assert.ok(d.mask);
    assert.deepEqual([d.mask.left, d.mask.top, d.mask.right, d.mask.bottom], [20, 10, 23, 12]);
    assert.equal(countSetPixels(decodeMaskRle(d.mask)), 8);
    assert.deepEqual(d.box, [20, 10, 24, 13]);
    assert.deepEqual(d.polygon, sent);
  });

  it("traces the mask's outline as the polygon when the function sent none, and keeps no RLE with masks off", () => {
    const [d] = nuclioDetectionsToDetections([maskItem([])], { ...frame, returnMasks: false });
    assert.equal(d.mask, undefined);
    assert.ok(d.polygon && d.polygon.length >= 6);
    const xs = d.polygon.filter((_, i) => i % 2 === 0);
    const ys = d.polygon.filter((_, i) => i % 2 === 1);
    assert.deepEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)], [20, 10, 24, 13]);
  });

  it("clips a mask reaching past the frame, and drops an empty or entirely outside one", () => {
    const wide = item({ type: "mask", mask: { left: 98, top: 0, right: 101, bottom: 0, bitmap: Uint8Array.from([1, 1, 1, 1]) } });
    const [d] = nuclioDetectionsToDetections([wide], frame);
    assert.deepEqual([d.mask?.left, d.mask?.right], [98, 99]);
    const empty = item({ type: "mask", mask: { left: 0, top: 0, right: 1, bottom: 0, bitmap: Uint8Array.from([0, 0]) } });
    const outside = item({ type: "mask", mask: { left: 200, top: 0, right: 201, bottom: 0, bitmap: Uint8Array.from([1, 1]) } });
    assert.deepEqual(nuclioDetectionsToDetections([empty, outside], frame), []);
  });

  it("maps points and polylines to their own kind with clamped points", () => {
    const out = nuclioDetectionsToDetections(
      [item({ type: "points", points: [5, 5, 150, 6] }), item({ type: "polyline", points: [0, 0, 10, 90, 20, 5] })],
      frame,
    );
    assert.deepEqual(
      out.map((d) => [d.kind, d.points, d.box]),
      [
        ["points", [5, 5, 100, 6], [5, 5, 100, 6]],
        ["polyline", [0, 0, 10, 80, 20, 5], [0, 0, 20, 80]],
      ],
    );
  });

  it("maps a skeleton to keypoints per element (outside and occluded kept) and a box around the visible ones", () => {
    const el = (label: string, x: number, y: number, flags: Partial<NuclioDetection> = {}) =>
      item({ label, type: "points", points: [x, y], confidence: null, ...flags });
    const [d] = nuclioDetectionsToDetections(
      [
        item({
          label: "person",
          type: "skeleton",
          points: [],
          elements: [
            el("nose", 40, 10, { confidence: 0.8 }),
            el("left_eye", 30, 12, { occluded: true }),
            el("ankle", 90, 70, { outside: true }),
          ],
        }),
      ],
      frame,
    );
    assert.deepEqual(d.box, [30, 10, 40, 12]);
    assert.deepEqual(d.keypoints, [
      { label: "nose", x: 40, y: 10, score: 0.8 },
      { label: "left_eye", x: 30, y: 12, occluded: true },
      { label: "ankle", x: 90, y: 70, outside: true },
    ]);
  });

  it("drops a skeleton whose elements are all outside, as CVAT does", () => {
    const hidden = item({ label: "nose", type: "points", points: [1, 1], outside: true });
    assert.deepEqual(nuclioDetectionsToDetections([item({ type: "skeleton", points: [], elements: [hidden] })], frame), []);
  });

  it("maps a tag to a whole-frame tag", () => {
    const [d] = nuclioDetectionsToDetections([item({ type: "tag", points: [] })], frame);
    assert.deepEqual([d.kind, d.box], ["tag", [0, 0, 100, 80]]);
  });

  it("maps an ellipse to its bounding box and an outline polygon", () => {
    const [d] = nuclioDetectionsToDetections([item({ type: "ellipse", points: [50, 40, 60, 35] })], frame);
    assert.deepEqual(d.box, [40, 35, 60, 45]);
    assert.equal(d.polygon?.length, 64);
  });
});
