import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateShape, type FrameSize, type ShapeDraft } from "./annotation-validation.js";
import { AttributeInputType as A, ShapeType as S, type LabelNode } from "./label-types.js";

const node = (id: string, type: S, extra: Partial<LabelNode> = {}): LabelNode => ({
  id,
  name: id,
  type,
  attributes: [],
  sublabels: [],
  ...extra,
});

const LABELS: LabelNode[] = [
  node("car", S.RECTANGLE, {
    attributes: [
      { name: "color", inputType: A.SELECT, values: ["red", "blue"], defaultValue: "red" },
      { name: "kind", inputType: A.RADIO, values: ["suv", "van"], defaultValue: null },
      { name: "parked", inputType: A.CHECKBOX, values: [], defaultValue: "false" },
      { name: "speed", inputType: A.NUMBER, values: ["0", "200", "5"], defaultValue: null },
      { name: "note", inputType: A.TEXT, values: [], defaultValue: null },
    ],
  }),
  node("zone", S.POLYGON),
  node("lane", S.POLYLINE),
  node("spot", S.POINTS),
  node("road", S.MASK),
  node("person", S.SKELETON, {
    sublabels: [
      node("head", S.POINTS, { attributes: [{ name: "visible", inputType: A.CHECKBOX, values: [], defaultValue: null }] }),
      node("foot", S.POINTS),
    ],
  }),
  node("weather", S.TAG),
  node("thing", S.ANY),
];

const FRAME: FrameSize = { width: 100, height: 50 };

function ok(draft: ShapeDraft, frame: FrameSize = FRAME) {
  const result = validateShape(LABELS, frame, draft);
  if (!result.ok) assert.fail(`expected valid, got ${JSON.stringify(result.problems)}`);
  return result;
}

function problems(draft: ShapeDraft, frame: FrameSize = FRAME, limits = { maxPointsPerShape: 10_000 }) {
  const result = validateShape(LABELS, frame, draft, limits);
  assert.equal(result.ok, false, "expected problems");
  return (result as { problems: { path: string; message: string }[] }).problems;
}

const paths = (ps: { path: string }[]) => ps.map((p) => p.path);

describe("validateShape: every type", () => {
  it("a RECTANGLE takes its label's type, its corners ordered, nothing clipped inside the frame", () => {
    const r = ok({ labelId: "car", points: [30, 40, 10, 20] });
    assert.equal(r.shape.type, S.RECTANGLE);
    assert.deepEqual(r.shape.points, [10, 20, 30, 40]);
    assert.equal(r.clippedCoordinates, 0);
    assert.equal(r.shape.mask, null);
    assert.deepEqual(r.shape.elements, []);
    assert.equal(r.shape.occluded, false);
  });

  it("POLYGON, POLYLINE and POINTS keep their points", () => {
    assert.deepEqual(ok({ labelId: "zone", points: [0, 0, 10, 0, 10, 10] }).shape.points, [0, 0, 10, 0, 10, 10]);
    assert.deepEqual(ok({ labelId: "lane", points: [1, 1, 2, 2] }).shape.points, [1, 1, 2, 2]);
    assert.deepEqual(ok({ labelId: "spot", points: [5, 5] }).shape.points, [5, 5]);
  });

  it("a MASK keeps a consistent RLE", () => {
    const mask = { counts: [1, 2, 1], left: 2, top: 3, right: 3, bottom: 4 };
    const r = ok({ labelId: "road", mask });
    assert.deepEqual(r.shape.mask, mask);
    assert.deepEqual(r.shape.points, []);
  });

  it("a SKELETON keeps its elements as POINTS of its sublabels, with their attributes", () => {
    const r = ok({
      labelId: "person",
      elements: [
        { labelId: "head", points: [10, 10], attributes: [{ name: "visible", value: "true" }] },
        { labelId: "foot", points: [10, 40], outside: true },
      ],
    });
    assert.equal(r.shape.type, S.SKELETON);
    assert.deepEqual(
      r.shape.elements.map((e) => [e.labelId, e.type, e.points, e.outside, e.attributes]),
      [
        ["head", S.POINTS, [10, 10], false, [{ name: "visible", value: "true" }]],
        ["foot", S.POINTS, [10, 40], true, []],
      ],
    );
  });

  it("a TAG has no points", () => {
    assert.deepEqual(ok({ labelId: "weather" }).shape.points, []);
  });

  it("an ANY label takes the given type", () => {
    assert.equal(ok({ labelId: "thing", type: S.POLYLINE, points: [0, 0, 1, 1] }).shape.type, S.POLYLINE);
    assert.equal(ok({ labelId: "thing", type: S.TAG }).shape.type, S.TAG);
  });

  it("keeps score, occluded and outside", () => {
    const r = ok({ labelId: "car", points: [0, 0, 1, 1], score: 0.75, occluded: true, outside: true });
    assert.equal(r.shape.score, 0.75);
    assert.equal(r.shape.occluded, true);
    assert.equal(r.shape.outside, true);
  });
});

describe("validateShape: labels and types", () => {
  it("refuses a label the task does not have, and a sublabel at the top", () => {
    assert.match(problems({ labelId: "nope", points: [0, 0, 1, 1] })[0].message, /not a label of this task/);
    assert.match(problems({ labelId: "head", points: [1, 1] })[0].message, /sublabel/);
  });

  it("refuses a type other than the label's", () => {
    assert.deepEqual(paths(problems({ labelId: "car", type: S.POLYGON, points: [0, 0, 1, 1, 2, 0] })), ["type"]);
  });

  it("an ANY label needs a type, and not ANY or SKELETON", () => {
    assert.deepEqual(paths(problems({ labelId: "thing", points: [1, 1] })), ["type"]);
    assert.deepEqual(paths(problems({ labelId: "thing", type: S.ANY, points: [1, 1] })), ["type"]);
    assert.match(problems({ labelId: "thing", type: S.SKELETON })[0].message, /SKELETON label/);
  });

  it("refuses an unknown type", () => {
    assert.match(problems({ labelId: "car", type: "CIRCLE" as S })[0].message, /unknown shape type/);
  });
});

describe("validateShape: points", () => {
  it("counts per type", () => {
    assert.deepEqual(paths(problems({ labelId: "car", points: [0, 0, 1] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "car", points: [0, 0, 1, 1, 2, 2] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "zone", points: [0, 0, 1, 1] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "zone", points: [0, 0, 1, 1, 2, 2, 3] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "lane", points: [0, 0] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "spot", points: [] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "spot", points: [1, 2, 3] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "weather", points: [1, 2] })), ["points"]);
    assert.deepEqual(paths(problems({ labelId: "person", points: [1, 2], elements: [{ labelId: "head", points: [1, 1] }] })), ["points"]);
    assert.deepEqual(
      paths(problems({ labelId: "road", points: [0, 0, 1, 1], mask: { counts: [0, 1], left: 0, top: 0, right: 0, bottom: 0 } })),
      ["points"],
    );
  });

  it("refuses NaN and ±Infinity", () => {
    assert.deepEqual(paths(problems({ labelId: "car", points: [0, NaN, 1, 1] })), ["points[1]"]);
    assert.deepEqual(paths(problems({ labelId: "zone", points: [0, 0, Infinity, 1, 2, 2] })), ["points[2]"]);
    assert.deepEqual(paths(problems({ labelId: "spot", points: [-Infinity, 0] })), ["points[0]"]);
    assert.deepEqual(paths(problems({ labelId: "person", elements: [{ labelId: "head", points: [NaN, 1] }] })), ["elements[0].points[0]"]);
  });

  it("refuses more points than the limit", () => {
    const ps = problems({ labelId: "spot", points: [1, 1, 2, 2, 3, 3] }, FRAME, { maxPointsPerShape: 2 });
    assert.match(ps[0].message, /3 points, more than the 2/);
  });

  it("clips coordinates outside the frame onto its edge, counting them", () => {
    const r = ok({ labelId: "zone", points: [-5, 10, 150, 10, 50, 70] });
    assert.deepEqual(r.shape.points, [0, 10, 100, 10, 50, 50]);
    assert.equal(r.clippedCoordinates, 3);
    const box = ok({ labelId: "car", points: [-1, -1, 200, 20] });
    assert.deepEqual(box.shape.points, [0, 0, 100, 20]);
    assert.equal(box.clippedCoordinates, 3);
  });

  it("clips a skeleton's points", () => {
    const r = ok({ labelId: "person", elements: [{ labelId: "head", points: [120, -3] }] });
    assert.deepEqual(r.shape.elements[0].points, [100, 0]);
    assert.equal(r.clippedCoordinates, 2);
  });

  it("a frame of unknown size clips nothing", () => {
    const r = ok({ labelId: "car", points: [-10, -10, 5000, 5000] }, { width: null, height: null });
    assert.deepEqual(r.shape.points, [-10, -10, 5000, 5000]);
    assert.equal(r.clippedCoordinates, 0);
  });

  it("refuses a RECTANGLE without area, or wholly outside the frame", () => {
    assert.match(problems({ labelId: "car", points: [5, 5, 5, 10] })[0].message, /width and a height/);
    assert.match(problems({ labelId: "car", points: [200, 5, 300, 10] })[0].message, /inside the frame/);
  });
});

describe("validateShape: masks", () => {
  it("needs a mask, and only a MASK has one", () => {
    assert.deepEqual(paths(problems({ labelId: "road" })), ["mask"]);
    assert.deepEqual(
      paths(problems({ labelId: "car", points: [0, 0, 1, 1], mask: { counts: [0, 1], left: 0, top: 0, right: 0, bottom: 0 } })),
      ["mask"],
    );
  });

  it("refuses inconsistent runs and boxes", () => {
    const m = (counts: number[], left = 0, top = 0, right = 1, bottom = 1) => ({
      labelId: "road",
      mask: { counts, left, top, right, bottom },
    });
    assert.match(problems(m([1, 2]))[0].message, /sum to 3, not/);
    assert.deepEqual(paths(problems(m([1, -1, 4]))), ["mask.counts[1]"]);
    assert.deepEqual(paths(problems(m([1.5, 2.5]))), ["mask.counts[0]"]);
    assert.match(problems(m([4], 0, 0, 1, 1))[0].message, /no pixels set/);
    assert.match(problems(m([1], 2, 0, 1, 0))[0].message, /left <= right/);
    assert.match(problems(m([1], 0.5, 0, 1, 0))[0].message, /whole pixels/);
  });

  it("crops a mask to the frame, re-encoding its runs", () => {
    // A 4×2 box at x 98..101, y 48..49 on a 100×50 frame: columns 100 and 101 are outside.
    // Rows: [0 1 1 1] / [1 1 0 0] → cropped to x 98..99: [0 1] / [1 1] → runs 1 (bg), 3 (fg).
    const r = ok({ labelId: "road", mask: { counts: [1, 5, 2], left: 98, top: 48, right: 101, bottom: 49 } });
    assert.deepEqual(r.shape.mask, { counts: [1, 3], left: 98, top: 48, right: 99, bottom: 49 });
    assert.equal(r.clippedCoordinates, 1);
  });

  it("crops rows above and below the frame", () => {
    // 2×4 box at x 0..1, y -1..2 on a 100×2 frame (rows 0..1 kept): rows [1 1] [0 1] [1 0] [1 1].
    const r = ok(
      { labelId: "road", mask: { counts: [0, 2, 1, 2, 1, 2], left: 0, top: -1, right: 1, bottom: 2 } },
      { width: 100, height: 2 },
    );
    assert.deepEqual(r.shape.mask, { counts: [1, 2, 1], left: 0, top: 0, right: 1, bottom: 1 });
    assert.equal(r.clippedCoordinates, 2);
  });

  it("refuses a mask outside the frame or with no pixel left inside it", () => {
    assert.match(
      problems({ labelId: "road", mask: { counts: [0, 1], left: 200, top: 0, right: 200, bottom: 0 } })[0].message,
      /outside the frame/,
    );
    // Set pixels only in column 100 (outside a 100-wide frame).
    assert.match(
      problems({ labelId: "road", mask: { counts: [1, 1], left: 99, top: 0, right: 100, bottom: 0 } })[0].message,
      /no pixels inside the frame/,
    );
  });
});

describe("validateShape: skeletons", () => {
  it("needs elements, of its own sublabels, once each, one point each", () => {
    assert.deepEqual(paths(problems({ labelId: "person" })), ["elements"]);
    assert.deepEqual(paths(problems({ labelId: "person", elements: [{ labelId: "car", points: [1, 1] }] })), ["elements[0].labelId"]);
    assert.deepEqual(
      paths(
        problems({
          labelId: "person",
          elements: [
            { labelId: "head", points: [1, 1] },
            { labelId: "head", points: [2, 2] },
          ],
        }),
      ),
      ["elements[1].labelId"],
    );
    assert.deepEqual(paths(problems({ labelId: "person", elements: [{ labelId: "foot", points: [1, 1, 2, 2] }] })), ["elements[0].points"]);
  });

  it("only a SKELETON has elements", () => {
    assert.deepEqual(paths(problems({ labelId: "spot", points: [1, 1], elements: [{ labelId: "head", points: [1, 1] }] })), ["elements"]);
  });

  it("checks an element's attributes against its sublabel", () => {
    const ps = problems({
      labelId: "person",
      elements: [{ labelId: "head", points: [1, 1], attributes: [{ name: "visible", value: "maybe" }] }],
    });
    assert.deepEqual(paths(ps), ["elements[0].attributes[0].value"]);
  });
});

describe("validateShape: attributes", () => {
  const withAttr = (name: string, value: string) => ({ labelId: "car", points: [0, 0, 1, 1], attributes: [{ name, value }] });

  it("accepts values that fit each input type", () => {
    const r = ok({
      labelId: "car",
      points: [0, 0, 1, 1],
      attributes: [
        { name: "color", value: "blue" },
        { name: "kind", value: "van" },
        { name: "parked", value: "true" },
        { name: "speed", value: "45" },
        { name: "note", value: "dented" },
      ],
    });
    assert.equal(r.shape.attributes.length, 5);
  });

  it("refuses values that do not", () => {
    assert.match(problems(withAttr("color", "green"))[0].message, /not one of color's values/);
    assert.match(problems(withAttr("kind", "bus"))[0].message, /not one of kind's values/);
    assert.match(problems(withAttr("parked", "yes"))[0].message, /CHECKBOX/);
    assert.match(problems(withAttr("speed", "42"))[0].message, /on step 5/);
    assert.match(problems(withAttr("speed", "205"))[0].message, /\[0, 200\]/);
    assert.match(problems(withAttr("speed", "NaN"))[0].message, /not a number/);
    assert.match(problems(withAttr("note", "x".repeat(1025)))[0].message, /at most 1024/);
  });

  it("refuses unknown and repeated attributes", () => {
    assert.deepEqual(paths(problems(withAttr("wheels", "4"))), ["attributes[0].name"]);
    const twice = {
      labelId: "car",
      points: [0, 0, 1, 1],
      attributes: [
        { name: "color", value: "red" },
        { name: "color", value: "blue" },
      ],
    };
    assert.deepEqual(paths(problems(twice)), ["attributes[1].name"]);
  });
});

describe("validateShape: scores and many problems", () => {
  it("refuses a score outside 0..1 or not finite", () => {
    assert.deepEqual(paths(problems({ labelId: "car", points: [0, 0, 1, 1], score: 1.5 })), ["score"]);
    assert.deepEqual(paths(problems({ labelId: "car", points: [0, 0, 1, 1], score: NaN })), ["score"]);
  });

  it("reports every problem at once", () => {
    const ps = problems({ labelId: "car", points: [0, 0, 1], attributes: [{ name: "color", value: "green" }], score: -1 });
    assert.deepEqual(paths(ps).sort(), ["attributes[0].value", "points", "score"]);
  });
});
