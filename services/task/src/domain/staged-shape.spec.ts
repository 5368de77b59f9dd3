import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShapeType as S, type LabelNode } from "./label-types.js";
import { planAnnotations, type StagedShape } from "./staged-shape.js";

const labels: LabelNode[] = [
  { id: "car", name: "car", type: S.RECTANGLE, attributes: [], sublabels: [] },
  {
    id: "person",
    name: "person",
    type: S.SKELETON,
    attributes: [],
    sublabels: [{ id: "head", name: "head", type: S.POINTS, attributes: [], sublabels: [] }],
  },
];
const shape = (labelId: string, type: S, elements: StagedShape[] = []): StagedShape => ({
  labelId,
  type,
  points: [1, 2, 3, 4],
  mask: null,
  score: 0.9,
  attributes: [],
  elements,
  occluded: false,
  outside: false,
});

describe("planAnnotations", () => {
  it("orders by frame, puts parents before elements and links elements to their skeleton", () => {
    let n = 0;
    const plan = planAnnotations(
      [
        { frame: 2, shapes: [shape("car", S.RECTANGLE)] },
        { frame: 0, shapes: [shape("person", S.SKELETON, [shape("head", S.POINTS)])] },
      ],
      labels,
      () => `id${n++}`,
    );
    assert.equal(plan.topLevelCount, 2);
    assert.equal(plan.dropped, 0);
    assert.deepEqual(
      plan.rows.map((r) => [r.id, r.parentId, r.frame, r.labelId]),
      [
        ["id0", null, 0, "person"],
        ["id2", null, 2, "car"],
        ["id1", "id0", 0, "head"],
      ],
    );
    assert.equal(plan.rows[0].score, 0.9);
  });

  it("drops shapes whose label is not in the schema at that level", () => {
    const plan = planAnnotations(
      [{ frame: 0, shapes: [shape("nope", S.RECTANGLE), shape("head", S.POINTS), shape("person", S.SKELETON, [shape("car", S.POINTS)])] }],
      labels,
      () => "x",
    );
    assert.equal(plan.topLevelCount, 1);
    assert.equal(plan.dropped, 3);
  });
});
