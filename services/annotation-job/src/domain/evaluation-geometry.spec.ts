import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { COCO_KEYPOINT_SIGMAS } from "@prelabel/evaluation";
import { geometryOf, keypointSigmas, metricFor, type EvalShape } from "./evaluation-geometry.js";
import type { TaskLabel } from "./labels.js";

const shape = (s: Partial<EvalShape> & Pick<EvalShape, "type">): EvalShape => ({
  labelId: "l",
  points: [],
  elements: [],
  outside: false,
  ...s,
});
const label = (type: TaskLabel["type"], sublabels: TaskLabel[] = []): TaskLabel => ({
  id: "l",
  name: "x",
  type,
  attributes: [],
  sublabels,
});

describe("metricFor", () => {
  it("boxes for rectangles, regions for polygons and masks, OKS for skeletons, nothing for tags, points and polylines", () => {
    assert.equal(metricFor("RECTANGLE"), "BOX_IOU");
    assert.equal(metricFor("POLYGON"), "MASK_IOU");
    assert.equal(metricFor("MASK"), "MASK_IOU");
    assert.equal(metricFor("SKELETON"), "OKS");
    for (const t of ["TAG", "POINTS", "POLYLINE"] as const) assert.equal(metricFor(t), null, t);
  });
});

describe("geometryOf", () => {
  it("orders a rectangle's corners into a box", () => {
    assert.deepEqual(geometryOf(shape({ type: "RECTANGLE", points: [30, 40, 10, 20] }), "BOX_IOU", label("RECTANGLE")), {
      box: [10, 20, 30, 40],
    });
  });
  it("gives a polygon its bounds and points, and a rectangle under MASK_IOU its corners as a polygon", () => {
    const poly = geometryOf(shape({ type: "POLYGON", points: [0, 0, 10, 0, 5, 8] }), "MASK_IOU", label("POLYGON"));
    assert.deepEqual(poly, { box: [0, 0, 10, 8], polygon: [0, 0, 10, 0, 5, 8] });
    const rect = geometryOf(shape({ type: "RECTANGLE", points: [1, 2, 3, 4] }), "MASK_IOU", label("POLYGON"));
    assert.deepEqual(rect, { box: [1, 2, 3, 4], polygon: [1, 2, 3, 2, 3, 4, 1, 4] });
  });
  it("compares a mask by its box (inclusive pixel edges) with the RLE's pixel count as its area", () => {
    const g = geometryOf(
      shape({ type: "MASK", mask: { counts: [1, 3, 2, 4], left: 10, top: 20, right: 12, bottom: 22 } }),
      "MASK_IOU",
      label("MASK"),
    );
    assert.deepEqual(g, { box: [10, 20, 13, 23], polygon: [10, 20, 13, 20, 13, 23, 10, 23], area: 7 });
  });
  it("puts a skeleton's points in the task's sublabel order, missing and outside ones invisible", () => {
    const subs = ["nose", "left_eye", "right_eye"].map((name) => ({
      id: `s-${name}`,
      name,
      type: "POINTS" as const,
      attributes: [],
      sublabels: [],
    }));
    const sk = shape({
      type: "SKELETON",
      elements: [
        shape({ labelId: "s-right_eye", type: "POINTS", points: [30, 10] }),
        shape({ labelId: "s-nose", type: "POINTS", points: [20, 20] }),
        shape({ labelId: "s-left_eye", type: "POINTS", points: [10, 10], outside: true }),
      ],
    });
    const g = geometryOf(sk, "OKS", label("SKELETON", subs));
    assert.deepEqual(g?.keypoints, [
      { x: 20, y: 20, visible: true },
      { x: 0, y: 0, visible: false },
      { x: 30, y: 10, visible: true },
    ]);
    assert.deepEqual(g?.box, [20, 10, 30, 20]);
  });
  it("has nothing to compare for outside shapes, points and a non-skeleton under OKS", () => {
    assert.equal(geometryOf(shape({ type: "RECTANGLE", points: [0, 0, 1, 1], outside: true }), "BOX_IOU", label("RECTANGLE")), null);
    assert.equal(geometryOf(shape({ type: "POINTS", points: [0, 0] }), "BOX_IOU", label("ANY")), null);
    assert.equal(geometryOf(shape({ type: "RECTANGLE", points: [0, 0, 1, 1] }), "OKS", label("SKELETON")), null);
  });
});

describe("keypointSigmas", () => {
  it("uses COCO's sigma for COCO's keypoint names and their mean for others", () => {
    const subs = ["Left Wrist", "nose", "tail"].map((name, i) => ({
      id: String(i),
      name,
      type: "POINTS" as const,
      attributes: [],
      sublabels: [],
    }));
    const mean = COCO_KEYPOINT_SIGMAS.reduce((a, b) => a + b, 0) / COCO_KEYPOINT_SIGMAS.length;
    assert.deepEqual(keypointSigmas(label("SKELETON", subs), COCO_KEYPOINT_SIGMAS), [
      COCO_KEYPOINT_SIGMAS[9],
      COCO_KEYPOINT_SIGMAS[0],
      mean,
    ]);
  });
});
