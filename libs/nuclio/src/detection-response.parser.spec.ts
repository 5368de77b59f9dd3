import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { detectorResponseLimits, parseDetectorResponse } from "./detection-response.parser.js";
import { NuclioErrorCode, type NuclioError, type NuclioLabelType } from "./nuclio.types.js";

const body = (value: unknown) => Buffer.from(typeof value === "string" ? value : JSON.stringify(value));
const parse = (value: unknown, types?: ReadonlyMap<string, NuclioLabelType>) => parseDetectorResponse(body(value), types);

/** Asserts FUNCTION_BAD_RESPONSE whose message matches. */
const badResponse = (value: unknown, message: RegExp, types?: ReadonlyMap<string, NuclioLabelType>) =>
  assert.throws(
    () => parse(value, types),
    (err: NuclioError) => {
      assert.equal(err.code, NuclioErrorCode.FunctionBadResponse);
      assert.match(err.message, message);
      return true;
    },
  );

describe("parseDetectorResponse: CVAT's detector answer", () => {
  it("reads the YOLO handler's answer: string confidence, rectangle points", () => {
    const [d] = parse([{ confidence: "0.8123", label: "car", points: [10, 20.5, 110, 80], type: "rectangle" }]);
    assert.deepEqual(d, {
      label: "car",
      confidence: 0.8123,
      type: "rectangle",
      points: [10, 20.5, 110, 80],
      mask: null,
      attributes: [],
      elements: [],
      outside: false,
      occluded: false,
    });
  });

  it("keeps numeric confidences, null when absent; ignores extra keys; coerces attribute values to strings", () => {
    const [a, b] = parse([
      { confidence: 0.5, label: "face", points: [0, 0, 1, 1], type: "rectangle", track_id: 7, attributes: [{ name: "age", value: 34 }] },
      {
        label: "face",
        points: [0, 0, 1, 1],
        type: "rectangle",
        attributes: [
          { name: "smile", value: true },
          { name: "n", value: null },
        ],
      },
    ]);
    assert.equal(a.confidence, 0.5);
    assert.deepEqual(a.attributes, [{ name: "age", value: "34" }]);
    assert.equal(b.confidence, null);
    assert.deepEqual(b.attributes, [
      { name: "smile", value: "true" },
      { name: "n", value: "" },
    ]);
  });

  it("a missing type is the label's declared shape type, else inferred from the item", () => {
    const types = new Map<string, NuclioLabelType>([
      ["plate", "polygon"],
      ["thing", "any"],
    ]);
    const items = parse(
      [
        { label: "plate", points: [0, 0, 4, 0, 4, 4, 0, 4] },
        { label: "thing", points: [1, 2, 3, 4] },
        { label: "x", points: [5, 6] },
        { label: "x", points: [0, 0, 1, 0, 1, 1] },
        { label: "x", points: [], mask: [1, 1, 0, 0, 0, 1] },
        { label: "x", elements: [{ label: "nose", points: [1, 2] }] },
      ],
      types,
    );
    assert.deepEqual(
      items.map((d) => d.type),
      ["polygon", "rectangle", "points", "polygon", "mask", "skeleton"],
    );
  });

  it("masks in CVAT's bitmap form over the inclusive box", () => {
    // A 3×2 box at (10, 20): width = 12 − 10 + 1.
    const [d] = parse([{ label: "person", type: "mask", points: [10, 20, 12, 20, 12, 21], mask: [0, 1, 1, 1, 255, 0, 10, 20, 12, 21] }]);
    assert.deepEqual(d.mask && { ...d.mask, bitmap: [...d.mask.bitmap] }, {
      left: 10,
      top: 20,
      right: 12,
      bottom: 21,
      bitmap: [0, 1, 1, 1, 1, 0],
    });
    assert.deepEqual(d.points, [10, 20, 12, 20, 12, 21]);
  });

  it("masks in CVAT's RLE form (background run first, summing to the box area)", () => {
    // 4×2 box: runs 1 bg, 3 fg, 2 bg, 2 fg → 0111 0011
    const [d] = parse([{ label: "person", type: "mask", mask: [1, 3, 2, 2, 0, 0, 3, 1] }]);
    assert.deepEqual(d.mask && [...d.mask.bitmap], [0, 1, 1, 1, 0, 0, 1, 1]);
    assert.deepEqual(d.mask && [d.mask.left, d.mask.top, d.mask.right, d.mask.bottom], [0, 0, 3, 1]);
  });

  it("mask sizes that fit neither form, or bad boxes, are bad responses", () => {
    badResponse([{ label: "p", type: "mask", mask: [1, 2, 3, 0, 0, 3, 1] }], /item\[0\]\.mask has 3 values: the 4×2 box needs 8/);
    badResponse([{ label: "p", type: "mask", mask: [1, 1, 5, 5, 2, 2] }], /the box \[5, 5, 2, 2\] is empty/);
    badResponse([{ label: "p", type: "mask", mask: [1, 0, 0, 0.5, 0] }], /\(the box\) is not a non-negative integer/);
    badResponse([{ label: "p", type: "mask", mask: [1, 0, 0, 20000, 20000] }], /more than 100000000 pixels/);
    badResponse([{ label: "p", type: "mask" }], /item\[0\]\.mask is not a list/);
  });

  it("skeleton elements with outside and occluded flags", () => {
    const [d] = parse([
      {
        label: "person",
        type: "skeleton",
        confidence: "0.88",
        elements: [
          { label: "nose", points: [50, 20], confidence: "0.9" },
          { label: "left_wrist", type: "points", points: [30, 60], outside: true, occluded: 1 },
        ],
      },
    ]);
    assert.equal(d.elements.length, 2);
    assert.deepEqual(
      d.elements.map((e) => [e.label, e.type, e.points, e.confidence, e.outside, e.occluded]),
      [
        ["nose", "points", [50, 20], 0.9, false, false],
        ["left_wrist", "points", [30, 60], null, true, true],
      ],
    );
  });

  it("names the first problem: not JSON, not a list, no label, NaN coordinates, wrong counts, bad confidence", () => {
    badResponse("Traceback (most recent call last):\n  File", /not JSON \(starts with "Traceback/);
    badResponse({ results: [] }, /not a JSON list \(got an object\)/);
    badResponse([{ label: "a", points: [0, 0, 1, 1], type: "rectangle" }, { points: [0, 0, 1, 1] }], /item\[1\] has no label/);
    badResponse([{ label: "a", points: [0, "NaN", 1, 1], type: "rectangle" }], /item\[0\]\.points\[1\] "NaN" is not a finite number/);
    badResponse('[{"label": "a", "points": [0, NaN, 1, 1]}]', /not JSON/);
    badResponse([{ label: "a", points: [0, 0, 1], type: "rectangle" }], /has 3 values, a rectangle needs 4/);
    badResponse([{ label: "a", points: [0, 0, 1, 1], type: "polygon" }], /a polygon needs an even number ≥ 6/);
    badResponse([{ label: "a", points: [0, 0, 1] }], /no type and 3 point values/);
    badResponse([{ label: "a", points: [0, 0, 1, 1], type: "cube" }], /item\[0\]\.type "cube" is not a shape type/);
    badResponse(
      [{ label: "a", points: [0, 0, 1, 1], type: "rectangle", confidence: "high" }],
      /confidence "high" is not a number in \[0, 1\]/,
    );
    badResponse([{ label: "a", points: [0, 0, 1, 1], type: "rectangle", confidence: 1.5 }], /not a number in \[0, 1\]/);
    badResponse([{ label: "a", type: "skeleton", elements: [] }], /skeleton without elements/);
    badResponse([{ label: "a", type: "skeleton", elements: [{ label: "n", points: [1, 2, 3, 4] }] }], /elements\[0\]\.points has 4 values/);
    badResponse(
      [{ label: "a", type: "skeleton", elements: [{ label: "n", type: "rectangle", points: [1, 2] }] }],
      /skeleton elements are points/,
    );
    badResponse(["x"], /item\[0\] is not an object/);
  });

  it("limits: items, points per item, body size", () => {
    const item = { label: "a", points: [0, 0, 1, 1], type: "rectangle" };
    assert.equal(parse(Array(detectorResponseLimits.maxItems).fill(item)).length, detectorResponseLimits.maxItems);
    badResponse(Array(detectorResponseLimits.maxItems + 1).fill(item), /10001 items, more than 10000/);
    badResponse([{ label: "a", type: "polygon", points: Array(200_002).fill(1) }], /more than 200000/);
    assert.throws(
      () => parseDetectorResponse(Buffer.alloc(detectorResponseLimits.maxBodyBytes + 1, 0x20)),
      (err: NuclioError) => err.code === NuclioErrorCode.FunctionBadResponse,
    );
  });

  it("a confidence a hair above 1 from float error is clamped; an empty list is no detections", () => {
    assert.equal(parse([{ label: "a", points: [0, 0, 1, 1], type: "rectangle", confidence: 1.0000001 }])[0].confidence, 1);
    assert.deepEqual(parse([]), []);
  });
});
