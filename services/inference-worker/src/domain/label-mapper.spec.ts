import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AttributeInputType, create, LabelMappingSchema, ShapeType, type LabelMapping } from "@prelabel/proto";
import { acceptsAttributeValue, mapDetections } from "./label-mapper.js";

const textToPolygon: LabelMapping = create(LabelMappingSchema, { modelLabel: "text", taskLabelId: "L1", taskLabelType: ShapeType.POLYGON });
const region = {
  label: "text",
  score: 0.87,
  box: [10, 20, 110, 40] as [number, number, number, number],
  polygon: [10, 20, 110, 20, 110, 40, 10, 40],
  mask: { counts: [0, 2121], left: 10, top: 20, right: 110, bottom: 40 },
};

describe("mapDetections", () => {
  it("turns mask-capable results into polygons when the toggle is on, keeping the score", () => {
    const { shapes } = mapDetections([region], [textToPolygon], true);
    assert.equal(shapes.length, 1);
    assert.equal(shapes[0].type, ShapeType.POLYGON);
    assert.equal(shapes[0].labelId, "L1");
    assert.deepEqual(shapes[0].points, region.polygon);
    assert.ok(Math.abs((shapes[0].score ?? 0) - 0.87) < 1e-6);
  });

  it("returns MASK shapes with CVAT RLE and the box when the toggle is off", () => {
    const { shapes } = mapDetections([region], [textToPolygon], false);
    assert.equal(shapes[0].type, ShapeType.MASK);
    assert.deepEqual(shapes[0].mask?.counts, [0, 2121]);
    assert.deepEqual(shapes[0].points, [10, 20, 110, 40]);
  });

  it("leaves out labels the mapping does not name", () => {
    const { shapes } = mapDetections([{ ...region, label: "logo" }], [textToPolygon], true);
    assert.equal(shapes.length, 0);
  });

  it("maps several model labels onto one task label", () => {
    const mapping = [
      create(LabelMappingSchema, { modelLabel: "car", taskLabelId: "V", taskLabelType: ShapeType.RECTANGLE }),
      create(LabelMappingSchema, { modelLabel: "truck", taskLabelId: "V", taskLabelType: ShapeType.RECTANGLE }),
    ];
    const { shapes } = mapDetections(
      [
        { label: "car", score: 0.9, box: [0, 0, 5, 5] },
        { label: "truck", score: 0.8, box: [5, 5, 9, 9] },
      ],
      mapping,
      true,
    );
    assert.deepEqual(
      shapes.map((s) => [s.labelId, s.type]),
      [
        ["V", ShapeType.RECTANGLE],
        ["V", ShapeType.RECTANGLE],
      ],
    );
  });

  it("drops and counts attribute values the task attribute rejects", () => {
    const mapping = [
      create(LabelMappingSchema, {
        modelLabel: "face",
        taskLabelId: "F",
        taskLabelType: ShapeType.RECTANGLE,
        attributes: [
          { modelAttribute: "emotion", taskAttribute: { name: "mood", inputType: AttributeInputType.SELECT, values: ["happy", "sad"] } },
          { modelAttribute: "age", taskAttribute: { name: "age", inputType: AttributeInputType.NUMBER, values: ["0", "100", "1"] } },
        ],
      }),
    ];
    const { shapes, droppedAttributeValues } = mapDetections(
      [{ label: "face", score: 0.9, box: [0, 0, 5, 5], attributes: { emotion: "surprise", age: "34" } }],
      mapping,
      true,
    );
    assert.equal(droppedAttributeValues, 1);
    assert.deepEqual(
      shapes[0].attributes.map((a) => [a.name, a.value]),
      [["age", "34"]],
    );
  });
});

describe("mapDetections with tags (classification)", () => {
  const tag = { label: "healthy", score: 0.93, kind: "tag" as const, box: [0, 0, 64, 48] as [number, number, number, number] };

  it("turns a tag into a TAG shape without points, keeping the score", () => {
    const mapping = [create(LabelMappingSchema, { modelLabel: "healthy", taskLabelId: "T", taskLabelType: ShapeType.TAG })];
    const { shapes } = mapDetections([tag], mapping, true);
    assert.equal(shapes.length, 1);
    assert.equal(shapes[0].type, ShapeType.TAG);
    assert.equal(shapes[0].labelId, "T");
    assert.deepEqual(shapes[0].points, []);
    assert.ok(Math.abs((shapes[0].score ?? 0) - 0.93) < 1e-6);
  });

  it("never turns a tag into a region shape, whatever the mapping says", () => {
    for (const type of [ShapeType.RECTANGLE, ShapeType.POLYGON, ShapeType.MASK]) {
      const mapping = [create(LabelMappingSchema, { modelLabel: "healthy", taskLabelId: "R", taskLabelType: type })];
      assert.deepEqual(mapDetections([tag], mapping, false).shapes, [], `no shape for target ${ShapeType[type]}`);
    }
  });
});

describe("mapDetections with skeletons", () => {
  const skeleton = create(LabelMappingSchema, {
    modelLabel: "person",
    taskLabelId: "P",
    taskLabelType: ShapeType.SKELETON,
    sublabels: [
      { modelLabel: "nose", taskLabelId: "P.nose" },
      { modelLabel: "left_ankle", taskLabelId: "P.la" },
      { modelLabel: "right_ankle", taskLabelId: "P.ra" },
    ],
  });
  const person = {
    label: "person",
    score: 0.8,
    box: [10, 10, 60, 120] as [number, number, number, number],
    keypoints: [
      { label: "nose", x: 35, y: 20, score: 0.9 },
      { label: "left_ankle", x: 30, y: 115, score: 0.2, occluded: true },
      { label: "right_ankle", x: 60, y: 120, score: 0.05, outside: true },
      { label: "left_wrist", x: 12, y: 70, score: 0.7 },
    ],
  };

  it("maps keypoints to POINTS elements with their occluded and outside flags", () => {
    const { shapes } = mapDetections([person], [skeleton], true);
    assert.equal(shapes.length, 1);
    assert.equal(shapes[0].type, ShapeType.SKELETON);
    assert.deepEqual(shapes[0].points, [10, 10, 60, 120]);
    assert.deepEqual(
      shapes[0].elements.map((e) => [e.labelId, e.type, e.points, e.occluded, e.outside]),
      [
        ["P.nose", ShapeType.POINTS, [35, 20], false, false],
        ["P.la", ShapeType.POINTS, [30, 115], true, false],
        ["P.ra", ShapeType.POINTS, [60, 120], false, true],
      ],
      "unmapped sublabels (left_wrist) are left out",
    );
    assert.ok(Math.abs((shapes[0].elements[1].score ?? 0) - 0.2) < 1e-6);
  });
});

describe("acceptsAttributeValue", () => {
  const spec = (inputType: AttributeInputType, values: string[]) => ({ name: "a", inputType, values }) as never;
  it("checks SELECT and RADIO against their values", () => {
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.SELECT, ["x"]), "x"), true);
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.RADIO, ["x"]), "y"), false);
  });
  it("checks NUMBER ranges and CHECKBOX booleans", () => {
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.NUMBER, ["0", "100", "1"]), "101"), false);
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.NUMBER, ["0", "100", "1"]), "abc"), false);
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.NUMBER, ["0", "100", "1"]), "0"), true);
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.CHECKBOX, []), "true"), true);
    assert.equal(acceptsAttributeValue(spec(AttributeInputType.CHECKBOX, []), "yes"), false);
  });
});

describe("mapDetections: unmapped labels and Nuclio shapes", () => {
  it("counts the detections whose model label the mapping does not name (and only those)", () => {
    const tagOnly = create(LabelMappingSchema, { modelLabel: "cat", taskLabelId: "T", taskLabelType: ShapeType.RECTANGLE });
    const { shapes, unmappedDetections } = mapDetections(
      [region, { ...region, label: "logo" }, { ...region, label: "sign" }, { label: "cat", kind: "tag", box: [0, 0, 1, 1] }],
      [textToPolygon, tagOnly],
      true,
    );
    assert.equal(shapes.length, 1);
    assert.equal(unmappedDetections, 2, "the tag on a rectangle label is a type mismatch, not an unmapped label");
    assert.equal(mapDetections([region], [textToPolygon], true).unmappedDetections, 0);
  });

  it("keeps point sets and polylines as POINTS and POLYLINE shapes", () => {
    const any = create(LabelMappingSchema, { modelLabel: "p", taskLabelId: "A", taskLabelType: ShapeType.ANY });
    const { shapes } = mapDetections(
      [
        { label: "p", kind: "points", points: [1, 2, 3, 4], box: [1, 2, 3, 4], score: 0.6 },
        { label: "p", kind: "polyline", points: [0, 0, 5, 5], box: [0, 0, 5, 5] },
      ],
      [any],
      true,
    );
    assert.deepEqual(
      shapes.map((s) => [s.type, s.points]),
      [
        [ShapeType.POINTS, [1, 2, 3, 4]],
        [ShapeType.POLYLINE, [0, 0, 5, 5]],
      ],
    );
  });

  it("stores no score for a detection without one", () => {
    const { shapes } = mapDetections([{ label: "text", box: [0, 0, 4, 4], polygon: [0, 0, 4, 0, 4, 4] }], [textToPolygon], true);
    assert.equal(shapes[0].score, undefined);
  });
});
