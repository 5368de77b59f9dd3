import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AttributeInputType, ShapeType, type LabelNode } from "../label-types.js";
import { AnnotationSource } from "../label-types.js";
import { FrameMatcher, LabelMatcher, type LabelMatch } from "./import-matching.js";
import { checkImportedShape, ImportSkipReason } from "./import-validation.js";
import type { InterchangeShape } from "./interchange.js";

const node = (id: string, name: string, type: ShapeType, extra: Partial<LabelNode> = {}): LabelNode => ({
  id,
  name,
  type,
  attributes: [],
  sublabels: [],
  ...extra,
});

const LABELS: LabelNode[] = [
  node("l-vehicle", "vehicle", ShapeType.RECTANGLE, {
    attributes: [
      { name: "color", inputType: AttributeInputType.SELECT, values: ["red", "blue"], defaultValue: "red" },
      { name: "speed", inputType: AttributeInputType.NUMBER, values: ["0", "200", "1"], defaultValue: null },
      { name: "parked", inputType: AttributeInputType.CHECKBOX, values: [], defaultValue: "false" },
    ],
  }),
  node("l-person", "Person", ShapeType.SKELETON, {
    sublabels: [node("s-head", "head", ShapeType.POINTS), node("s-foot", "left foot", ShapeType.POINTS)],
  }),
  node("l-road", "road_area", ShapeType.ANY),
];

const shape = (over: Partial<InterchangeShape>): InterchangeShape => ({
  frameName: "a.jpg",
  label: "vehicle",
  type: ShapeType.RECTANGLE,
  points: [1, 1, 5, 5],
  mask: null,
  score: null,
  attributes: [],
  occluded: false,
  outside: false,
  elements: [],
  source: AnnotationSource.MANUAL,
  ...over,
});

describe("FrameMatcher", () => {
  const frames = new FrameMatcher([
    { index: 0, name: "IMG_0001.JPG", width: 10, height: 10 },
    { index: 1, name: "street.png", width: 10, height: 10 },
    { index: 2, name: "street.jpg", width: 10, height: 10 },
    { index: 3, name: "a/b.png", width: 10, height: 10 },
  ]);
  it("matches exactly, then by base name, then by stem, case-insensitively", () => {
    const idx = (name: string) => {
      const m = frames.match(name);
      return m.kind === "matched" ? m.frame.index : m.kind;
    };
    assert.equal(idx("IMG_0001.JPG"), 0);
    assert.equal(idx("train/img_0001.jpg"), 0);
    assert.equal(idx("img_0001"), 0);
    assert.equal(idx("street.jpg"), 2);
    assert.equal(idx("a/b.png"), 3);
    assert.equal(idx("B.PNG"), 3);
    // Two task frames share the stem: never guessed.
    assert.equal(idx("street"), "ambiguous");
    assert.equal(idx("other.jpg"), "unmatched");
  });
});

describe("LabelMatcher", () => {
  it("suggests like a run's mapping: exact, normalised, synonym, broader", () => {
    const m = LabelMatcher.create(LABELS, null) as LabelMatcher;
    const by = (name: string) => {
      const x = m.match(name);
      return x ? [x.label.name, x.matchedBy] : null;
    };
    assert.deepEqual(by("vehicle"), ["vehicle", "EXACT"]);
    assert.deepEqual(by("PERSON"), ["Person", "NORMALISED"]);
    assert.deepEqual(by("Road Area"), ["road_area", "NORMALISED"]);
    assert.deepEqual(by("human"), ["Person", "SYNONYM"]);
    assert.deepEqual(by("car"), ["vehicle", "BROADER"]);
    assert.equal(by("tree"), null);
  });

  it("uses exactly the mapping when given (task labels by id or name), its sublabels too, and lists every problem", () => {
    const m = LabelMatcher.create(LABELS, [
      { fileLabel: "auto", taskLabel: "l-vehicle" },
      { fileLabel: "kp", taskLabel: "person", sublabels: [{ fileLabel: "nose", taskLabel: "head" }] },
    ]) as LabelMatcher;
    assert.equal(m.match("auto")?.label.id, "l-vehicle");
    assert.equal(m.match("vehicle"), null, "a file label the mapping leaves out matches nothing");
    const kp = m.match("kp")!;
    assert.equal(LabelMatcher.sublabel(kp, "nose")?.id, "s-head");
    assert.equal(LabelMatcher.sublabel(kp, "Left_Foot")?.id, "s-foot");
    const problems = LabelMatcher.create(LABELS, [
      { fileLabel: "a", taskLabel: "nothing" },
      { fileLabel: "b", taskLabel: "vehicle", sublabels: [{ fileLabel: "x", taskLabel: "y" }] },
    ]);
    assert.ok(Array.isArray(problems));
    assert.deepEqual(
      problems.map((p) => p.path),
      ["mapping[0]", "mapping[1].sublabels", "mapping[1].sublabels[0]"],
    );
  });
});

describe("checkImportedShape", () => {
  const matcher = LabelMatcher.create(LABELS, null) as LabelMatcher;
  const frame = { width: 100, height: 50 };
  const check = (s: InterchangeShape) => checkImportedShape(s, matcher.match(s.label) as LabelMatch, frame);

  it("keeps a valid shape with its label ids, normalised attribute names and order-fixed box", () => {
    const r = check(
      shape({
        points: [30, 20, 10, 5],
        attributes: [
          { name: "Color", value: "blue" },
          { name: "speed", value: "40" },
          { name: "parked", value: "True" },
        ],
      }),
    );
    assert.ok(r.ok);
    assert.deepEqual(r.shape.points, [10, 5, 30, 20]);
    assert.equal(r.shape.labelId, "l-vehicle");
    assert.deepEqual(r.shape.attributes, [
      { name: "color", value: "blue" },
      { name: "speed", value: "40" },
      { name: "parked", value: "true" },
    ]);
    assert.equal(r.clipped, false);
  });

  it("clips to the frame and says so; refuses a shape wholly outside", () => {
    const r = check(shape({ points: [90, 40, 120, 70] }));
    assert.ok(r.ok && r.clipped);
    assert.deepEqual(r.shape.points, [90, 40, 100, 50]);
    const out = check(shape({ points: [120, 60, 130, 70] }));
    assert.ok(!out.ok && out.reason === ImportSkipReason.OutsideFrame);
    const polygon = check(shape({ label: "road_area", type: ShapeType.POLYGON, points: [-5, -5, 50, 0, 50, 60] }));
    assert.ok(polygon.ok && polygon.clipped);
    assert.deepEqual(polygon.shape.points, [0, 0, 50, 0, 50, 50]);
  });

  it("crops a mask that runs past the frame", () => {
    const r = checkImportedShape(
      shape({ label: "road_area", type: ShapeType.MASK, points: [], mask: { counts: [0, 4], left: 99, top: 49, right: 100, bottom: 50 } }),
      matcher.match("road_area")!,
      frame,
    );
    assert.ok(r.ok && r.clipped);
    assert.deepEqual(r.shape.mask, { counts: [0, 1], left: 99, top: 49, right: 99, bottom: 49 });
  });

  it("refuses wrong types, attribute values and names, unknown skeleton points, bad geometry", () => {
    const reason = (s: InterchangeShape) => {
      const r = check(s);
      return r.ok ? "ok" : r.reason;
    };
    assert.equal(reason(shape({ type: ShapeType.POLYGON, points: [1, 1, 2, 2, 3, 1] })), ImportSkipReason.LabelTypeMismatch);
    assert.equal(reason(shape({ label: "road_area", type: ShapeType.SKELETON })), ImportSkipReason.LabelTypeMismatch);
    assert.equal(reason(shape({ attributes: [{ name: "color", value: "green" }] })), ImportSkipReason.InvalidAttribute);
    assert.equal(reason(shape({ attributes: [{ name: "speed", value: "300" }] })), ImportSkipReason.InvalidAttribute);
    assert.equal(reason(shape({ attributes: [{ name: "wheels", value: "4" }] })), ImportSkipReason.InvalidAttribute);
    assert.equal(reason(shape({ points: [1, 1, 1, 9] })), ImportSkipReason.InvalidGeometry);
    assert.equal(reason(shape({ label: "road_area", type: ShapeType.POLYGON, points: [1, 1, 2, 2] })), ImportSkipReason.InvalidGeometry);
    assert.equal(reason(shape({ unsupported: "a box rotated by 30°" })), ImportSkipReason.UnsupportedShape);
    const point = (label: string, points: number[], outside = false) => shape({ label, type: ShapeType.POINTS, points, outside });
    assert.equal(reason(shape({ label: "person", type: ShapeType.SKELETON, points: [], elements: [point("tail", [1, 1])] })), ImportSkipReason.UnknownSublabel);
    const skeleton = check(
      shape({ label: "person", type: ShapeType.SKELETON, points: [], elements: [point("head", [5, 5]), point("left_foot", [-3, 0], true)] }),
    );
    assert.ok(skeleton.ok);
    assert.deepEqual(
      skeleton.shape.elements.map((e) => [e.labelId, e.points, e.outside]),
      [
        ["s-head", [5, 5], false],
        ["s-foot", [-3, 0], true],
      ],
    );
  });
});
