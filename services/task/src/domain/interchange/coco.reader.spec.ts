import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "@prelabel/service-kit";
import { ShapeType } from "../label-types.js";
import { encodeCocoCounts } from "./coco-rle.js";
import { readCocoInstances } from "./coco.reader.js";
import type { InterchangeShape } from "./interchange.js";
import type { ByteSource } from "./interchange-reader.js";

/** The bytes in small chunks, so every value may straddle a chunk boundary. */
const chunked =
  (text: string, size = 7): ByteSource =>
  async function* () {
    const bytes = Buffer.from(text);
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  };

/**
 * A COCO instances file as pycocotools and CVAT write it: info and licenses first, annotations before categories (the
 * official files' order), every kind of annotation: a box, a two-part polygon, an RLE mask compressed and one
 * uncompressed (iscrowd 1), a person's keypoints with all three visibilities, CVAT's `attributes`.
 */
const COCO = JSON.stringify({
  info: { description: "prelabel test", version: "1.0", year: 2026 },
  licenses: [{ id: 1, name: "CC-BY", url: "" }],
  images: [
    { id: 1, file_name: "images/street.jpg", width: 64, height: 48, license: 1 },
    { id: 7, file_name: "crowd.png", width: 5, height: 4 },
  ],
  annotations: [
    {
      id: 1,
      image_id: 1,
      category_id: 3,
      bbox: [10.5, 4, 20, 12.25],
      area: 245,
      iscrowd: 0,
      segmentation: [],
      attributes: { occluded: true, rotation: 0, color: "red", speed: 40, track_id: 3 },
    },
    { id: 2, image_id: 1, category_id: 3, bbox: [1, 1, 9, 9], iscrowd: 0, segmentation: [[1, 1, 10, 1, 10, 10], [20, 20, 30, 20, 25, 30, 20, 25]] },
    { id: 3, image_id: 7, category_id: 5, bbox: [1, 1, 2, 2], iscrowd: 1, segmentation: { size: [4, 5], counts: encodeCocoCounts([5, 2, 2, 2, 9]) } },
    { id: 4, image_id: 7, category_id: 5, bbox: [0, 0, 1, 1], iscrowd: 1, segmentation: { size: [4, 5], counts: [0, 1, 19] } },
    {
      id: 5,
      image_id: 1,
      category_id: 1,
      bbox: [0, 0, 40, 40],
      iscrowd: 0,
      num_keypoints: 2,
      keypoints: [12, 8, 2, 14.5, 30, 1, 0, 0, 0],
      segmentation: [],
    },
  ],
  categories: [
    { id: 1, name: "person", supercategory: "", keypoints: ["head", "left_foot", "right_foot"], skeleton: [[1, 2], [1, 3]] },
    { id: 3, name: "car", supercategory: "vehicle" },
    { id: 5, name: "road", supercategory: "" },
  ],
});

async function all(source: ByteSource): Promise<{ labels: unknown; frames: unknown; shapes: InterchangeShape[] }> {
  const doc = await readCocoInstances(source);
  const shapes: InterchangeShape[] = [];
  for await (const s of doc.shapes()) shapes.push(s);
  return { labels: doc.header.labels, frames: doc.header.frames, shapes };
}

async function refusal(text: string): Promise<AppError> {
  try {
    await all(chunked(text));
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, "INVALID_ANNOTATION_FILE");
    return err;
  }
  assert.fail("the file was accepted");
}

describe("readCocoInstances", () => {
  it("reads images as frames and categories as labels (keypoint categories as skeletons), whatever their order", async () => {
    const { labels, frames } = await all(chunked(COCO));
    assert.deepEqual(frames, [
      { index: null, name: "images/street.jpg", width: 64, height: 48 },
      { index: null, name: "crowd.png", width: 5, height: 4 },
    ]);
    assert.deepEqual(
      (labels as { name: string; type: string; sublabels: { name: string }[] }[]).map((l) => [l.name, l.type, l.sublabels.map((s) => s.name)]),
      [
        ["person", ShapeType.SKELETON, ["head", "left_foot", "right_foot"]],
        ["car", ShapeType.ANY, []],
        ["road", ShapeType.ANY, []],
      ],
    );
  });

  it("reads every kind of annotation: box, polygons, compressed and uncompressed RLE, keypoints", async () => {
    const { shapes } = await all(chunked(COCO));
    assert.deepEqual(
      shapes.map((s) => [s.frameName, s.label, s.type]),
      [
        ["images/street.jpg", "car", ShapeType.RECTANGLE],
        ["images/street.jpg", "car", ShapeType.POLYGON],
        ["images/street.jpg", "car", ShapeType.POLYGON],
        ["crowd.png", "road", ShapeType.MASK],
        ["crowd.png", "road", ShapeType.MASK],
        ["images/street.jpg", "person", ShapeType.SKELETON],
      ],
    );
    const [box, poly1, poly2, compressed, uncompressed, person] = shapes;
    assert.deepEqual(box.points, [10.5, 4, 30.5, 16.25]);
    assert.equal(box.occluded, true);
    // rotation and track_id are CVAT's bookkeeping, not attributes; values become strings.
    assert.deepEqual(box.attributes, [
      { name: "color", value: "red" },
      { name: "speed", value: "40" },
    ]);
    assert.deepEqual(poly1.points, [1, 1, 10, 1, 10, 10]);
    assert.deepEqual(poly2.points, [20, 20, 30, 20, 25, 30, 20, 25]);
    // x 1..2, y 1..2 of a 5 × 4 image: a full 2 × 2 box.
    assert.deepEqual({ ...compressed.mask! }, { counts: [0, 4], left: 1, top: 1, right: 2, bottom: 2 });
    assert.deepEqual({ ...uncompressed.mask! }, { counts: [0, 1], left: 0, top: 0, right: 0, bottom: 0 });
    assert.deepEqual(
      person.elements.map((e) => [e.label, e.type, e.points, e.occluded, e.outside]),
      [
        ["head", ShapeType.POINTS, [12, 8], false, false],
        ["left_foot", ShapeType.POINTS, [14.5, 30], true, false],
        ["right_foot", ShapeType.POINTS, [0, 0], false, true],
      ],
    );
    assert.ok(shapes.every((s) => s.source === "MANUAL" && s.score === null));
  });

  it("keeps a results file's scores", async () => {
    const text = JSON.stringify({
      images: [{ id: 1, file_name: "a.jpg", width: 10, height: 10 }],
      categories: [{ id: 1, name: "car" }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, bbox: [1, 1, 2, 2], score: 0.75 }],
    });
    const { shapes } = await all(chunked(text));
    assert.equal(shapes[0].score, 0.75);
  });

  it("refuses malformed JSON, saying where", async () => {
    const err = await refusal('{"images": [{"id": 1, "file_name": "a.jpg",, }]}');
    assert.match(err.message, /at or before byte \d+/);
    assert.equal(typeof err.details?.atOrBeforeByte, "number");
    await refusal('{"images": [');
    await refusal("[1, 2]");
  });

  it("refuses NaN and other non-numbers in coordinates, unknown ids and malformed shapes, naming the annotation", async () => {
    const base = {
      images: [{ id: 1, file_name: "a.jpg", width: 10, height: 10 }],
      categories: [{ id: 1, name: "car" }],
    };
    const withAnnotation = (a: object) => JSON.stringify({ ...base, annotations: [{ id: 1, image_id: 1, category_id: 1, ...a }] });
    assert.match((await refusal(withAnnotation({ bbox: [1, "NaN", 2, 2] }))).message, /annotations\[0\]\.bbox\[1\] is not a finite number/);
    assert.match((await refusal(withAnnotation({ bbox: [1, null, 2, 2] }))).message, /bbox\[1\] is not a finite number/);
    assert.match((await refusal(withAnnotation({ image_id: 9, bbox: [1, 1, 2, 2] }))).message, /image_id 9 names no image/);
    assert.match((await refusal(withAnnotation({ category_id: 9, bbox: [1, 1, 2, 2] }))).message, /category_id 9 names no category/);
    assert.match((await refusal(withAnnotation({ segmentation: [[1, 2, 3]] }))).message, /segmentation\[0\] is not a polygon/);
    assert.match((await refusal(withAnnotation({ segmentation: { size: [2, 2], counts: [1, 2] } }))).message, /cover 3 pixels/);
    assert.match((await refusal(withAnnotation({}))).message, /no segmentation, keypoints or bbox/);
    // JSON has no NaN literal: the parser refuses it.
    await refusal(withAnnotation({ bbox: [1, 1, 2, 2] }).replace("[1,1,2,2]", "[1,NaN,2,2]"));
  });

  it("streams: a file of 20,000 annotations is read one annotation at a time", async () => {
    const n = 20_000;
    const source: ByteSource = async function* () {
      yield Buffer.from('{"images":[{"id":1,"file_name":"a.jpg","width":100,"height":100}],"annotations":[');
      for (let i = 0; i < n; i++) yield Buffer.from(`${i ? "," : ""}{"id":${i},"image_id":1,"category_id":1,"bbox":[1,1,${i % 50},3]}`);
      yield Buffer.from('],"categories":[{"id":1,"name":"car"}]}');
    };
    const doc = await readCocoInstances(source);
    let count = 0;
    for await (const s of doc.shapes()) {
      assert.equal(s.points[2], 1 + (count % 50));
      count += 1;
    }
    assert.equal(count, n);
  });
});
