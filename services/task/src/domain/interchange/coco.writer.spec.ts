import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShapeType } from "../label-types.js";
import { writeCocoInstances, writeCocoResults, type CocoWriteStats } from "./coco.writer.js";
import { ExportOrderError } from "./export-stream.js";
import { collect, FIXTURE_FRAMES, FIXTURE_LABELS, fixtureSource, shape } from "./export.fixture.js";

/** COCO's documented fields (https://cocodataset.org/#format-data), checked on the parsed output: types and ranges. */
function assertCocoInstances(doc: any): void {
  assert.equal(typeof doc.info, "object");
  assert.ok(Array.isArray(doc.licenses));
  assert.ok(Array.isArray(doc.images) && Array.isArray(doc.annotations) && Array.isArray(doc.categories));
  const imageIds = new Map<number, any>();
  for (const image of doc.images) {
    assert.ok(Number.isInteger(image.id) && image.id > 0);
    assert.equal(typeof image.file_name, "string");
    assert.ok(Number.isInteger(image.width) && Number.isInteger(image.height));
    assert.ok(!imageIds.has(image.id), "image ids are unique");
    imageIds.set(image.id, image);
  }
  const categories = new Map<number, any>();
  for (const c of doc.categories) {
    assert.ok(Number.isInteger(c.id) && c.id > 0);
    assert.equal(typeof c.name, "string");
    assert.equal(typeof c.supercategory, "string");
    if (c.keypoints) {
      assert.ok(c.keypoints.every((k: unknown) => typeof k === "string"));
      assert.ok(Array.isArray(c.skeleton));
    }
    categories.set(c.id, c);
  }
  const ids = new Set<number>();
  for (const a of doc.annotations) {
    assert.ok(Number.isInteger(a.id) && !ids.has(a.id));
    ids.add(a.id);
    const image = imageIds.get(a.image_id);
    assert.ok(image, `annotation ${a.id}'s image exists`);
    const category = categories.get(a.category_id);
    assert.ok(category, `annotation ${a.id}'s category exists`);
    assert.ok(Array.isArray(a.bbox) && a.bbox.length === 4 && a.bbox.every((v: unknown) => typeof v === "number"));
    assert.ok(a.bbox[2] >= 0 && a.bbox[3] >= 0);
    assert.equal(typeof a.area, "number");
    assert.ok(a.iscrowd === 0 || a.iscrowd === 1);
    if (Array.isArray(a.segmentation)) {
      for (const polygon of a.segmentation) assert.ok(polygon.length >= 6 && polygon.length % 2 === 0);
    } else {
      // Uncompressed RLE: size [h, w] of the image, counts summing to h × w.
      assert.equal(a.iscrowd, 1);
      assert.deepEqual(a.segmentation.size, [image.height, image.width]);
      assert.equal(
        a.segmentation.counts.reduce((s: number, c: number) => s + c, 0),
        image.height * image.width,
      );
    }
    if (a.keypoints) {
      assert.equal(a.keypoints.length, 3 * category.keypoints.length);
      const v = a.keypoints.filter((_: number, i: number) => i % 3 === 2);
      assert.ok(v.every((x: number) => x === 0 || x === 1 || x === 2));
      assert.equal(a.num_keypoints, v.filter((x: number) => x > 0).length);
    }
  }
}

describe("COCO instances writer", () => {
  it("writes COCO's structure, parsed back with JSON.parse", async () => {
    const stats: CocoWriteStats = { written: 0, skipped: 0 };
    const doc = JSON.parse(await collect(writeCocoInstances(fixtureSource(), stats)));
    assertCocoInstances(doc);
    assert.deepEqual(
      doc.images.map((i: any) => [i.id, i.file_name, i.width, i.height]),
      FIXTURE_FRAMES.map((f, i) => [i + 1, f.name, f.width, f.height]),
    );
    assert.deepEqual(
      doc.categories.map((c: any) => c.name),
      FIXTURE_LABELS.map((l) => l.name),
    );
    assert.deepEqual(doc.categories[5].keypoints, ["head", "foot", "hand"]);
    assert.deepEqual(doc.categories[5].skeleton, []);
    // The label schema whole (types, attributes, sublabels).
    assert.deepEqual(doc.prelabel.labels, FIXTURE_LABELS);
    // Box, polygon, mask, skeleton written; polyline, points and tag have no COCO form.
    assert.deepEqual(stats, { written: 4, skipped: 3 });
    const [box, polygon, mask, skeleton] = doc.annotations;
    assert.deepEqual(box.bbox, [10, 5, 20.5, 20]);
    assert.deepEqual(box.segmentation, []);
    assert.equal(box.area, 410);
    assert.equal(box.score, 0.75);
    assert.deepEqual(box.attributes, { occluded: true, color: "blue", note: 'a "quoted" <note> & more' });
    assert.deepEqual(polygon.segmentation, [[0, 0, 10, 0, 10, 10, 0, 10]]);
    assert.equal(polygon.area, 100);
    assert.equal(polygon.score, undefined);
    assert.equal(mask.image_id, 2);
    assert.deepEqual(mask.bbox, [2, 1, 3, 2]);
    assert.equal(mask.area, 3);
    assert.deepEqual(mask.segmentation.size, [10, 20]);
    assert.equal(skeleton.category_id, 6);
    // head visible, foot occluded (1), hand outside (0, where it was).
    assert.deepEqual(skeleton.keypoints, [5, 2, 2, 6, 9, 1, 1, 1, 0]);
    assert.equal(skeleton.num_keypoints, 2);
    assert.deepEqual(skeleton.bbox, [5, 2, 1, 7]);
  });

  it("writes a skeleton point missing from the shape as not labelled", async () => {
    const partial = shape("a.jpg", "person", ShapeType.SKELETON, {
      elements: [shape("a.jpg", "foot", ShapeType.POINTS, { points: [4, 4] })],
    });
    const doc = JSON.parse(await collect(writeCocoInstances(fixtureSource([partial]))));
    assert.deepEqual(doc.annotations[0].keypoints, [0, 0, 0, 4, 4, 2, 0, 0, 0]);
  });

  it("writes an empty task as empty lists, and streams many shapes in chunks", async () => {
    const empty = JSON.parse(await collect(writeCocoInstances(fixtureSource([]))));
    assert.deepEqual(empty.annotations, []);
    const many = Array.from({ length: 5_000 }, (_, i) => shape("a.jpg", "car", ShapeType.RECTANGLE, { points: [i, 0, i + 1, 1] }));
    const chunks: string[] = [];
    for await (const c of writeCocoInstances(fixtureSource(many))) chunks.push(c);
    assert.ok(chunks.length > 1, "more than one chunk");
    const doc = JSON.parse(chunks.join(""));
    assert.equal(doc.annotations.length, 5_000);
    assert.deepEqual(
      doc.annotations.map((a: any) => a.id),
      Array.from({ length: 5_000 }, (_, i) => i + 1),
    );
  });

  it("refuses shapes out of the frames' order", async () => {
    const shapes = [
      shape("dir/b.png", "car", ShapeType.RECTANGLE, { points: [0, 0, 1, 1] }),
      shape("a.jpg", "car", ShapeType.RECTANGLE, { points: [0, 0, 1, 1] }),
    ];
    await assert.rejects(collect(writeCocoInstances(fixtureSource(shapes))), ExportOrderError);
  });
});

describe("COCO results writer", () => {
  it("writes the results list: image_id, category_id, bbox, score, segmentation for masks and polygons", async () => {
    const stats: CocoWriteStats = { written: 0, skipped: 0 };
    const results = JSON.parse(await collect(writeCocoResults(fixtureSource(), stats)));
    assert.ok(Array.isArray(results));
    assert.deepEqual(stats, { written: 4, skipped: 3 });
    for (const r of results) {
      assert.ok(Number.isInteger(r.image_id) && Number.isInteger(r.category_id));
      assert.equal(r.bbox.length, 4);
      assert.ok(typeof r.score === "number" && r.score >= 0 && r.score <= 1);
    }
    assert.deepEqual(results[0], { image_id: 1, category_id: 1, bbox: [10, 5, 20.5, 20], score: 0.75 });
    // A person's polygon has no score: 1.
    assert.equal(results[1].score, 1);
    assert.deepEqual(results[1].segmentation, [[0, 0, 10, 0, 10, 10, 0, 10]]);
    assert.deepEqual(results[2].segmentation.size, [10, 20]);
    assert.deepEqual(results[3].keypoints, [5, 2, 2, 6, 9, 1, 1, 1, 0]);
  });
});
