import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShapeType } from "../label-types.js";
import { writeCocoInstances } from "./coco.writer.js";
import { readCocoInstances } from "./coco.reader.js";
import { readCvatImages } from "./cvat-images.reader.js";
import { writeCvatImages } from "./cvat.writer.js";
import { collect, FIXTURE_FRAMES, FIXTURE_LABELS, FIXTURE_SHAPES, fixtureSource } from "./export.fixture.js";
import type { InterchangeShape } from "./interchange.js";
import { readYolo, type ZipArchive } from "./yolo.reader.js";
import { yoloEntries } from "./yolo.writer.js";

const bytesOf = (text: string) => () =>
  (async function* () {
    // In small pieces, as an upload arrives.
    const all = Buffer.from(text);
    for (let i = 0; i < all.length; i += 4096) yield all.subarray(i, i + 4096);
  })();

async function all(shapes: AsyncIterable<InterchangeShape>): Promise<InterchangeShape[]> {
  const out: InterchangeShape[] = [];
  for await (const s of shapes) out.push(s);
  return out;
}

/** What a format must carry back: geometry, label, frame, attributes, occlusion and every skeleton point. */
function essence(s: InterchangeShape, withScore: boolean) {
  return {
    frameName: s.frameName,
    label: s.label,
    type: s.type,
    points: s.points,
    mask: s.mask,
    attributes: [...s.attributes].sort((a, b) => a.name.localeCompare(b.name)),
    occluded: s.occluded,
    ...(withScore ? { score: s.score } : {}),
    elements: s.elements.map((e) => ({ label: e.label, points: e.points, occluded: e.occluded, outside: e.outside })),
  };
}

const near = (actual: readonly number[], expected: readonly number[], tolerance: number) => {
  assert.equal(actual.length, expected.length);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tolerance, `${v} ≉ ${expected[i]}`));
};

describe("round trip: read(write(task)) gives the task's shapes back", () => {
  it("COCO instances: boxes, polygons, masks, skeletons with every point, attributes, occlusion and scores", async () => {
    const text = await collect(writeCocoInstances(fixtureSource()));
    const doc = await readCocoInstances(bytesOf(text));
    assert.deepEqual(
      doc.header.frames.map((f) => [f.name, f.width, f.height]),
      FIXTURE_FRAMES.map((f) => [f.name, f.width, f.height]),
    );
    const person = doc.header.labels.find((l) => l.name === "person")!;
    assert.deepEqual(
      person.sublabels.map((s) => s.name),
      ["head", "foot", "hand"],
    );
    const read = await all(doc.shapes());
    const carried = FIXTURE_SHAPES.filter((s) =>
      [ShapeType.RECTANGLE, ShapeType.POLYGON, ShapeType.MASK, ShapeType.SKELETON].includes(s.type),
    );
    assert.deepEqual(
      read.map((s) => essence(s, true)),
      carried.map((s) => essence(s, true)),
    );
  });

  it("CVAT for images 1.1: every shape type, attributes (escaped text too), occlusion, skeleton points outside and occluded", async () => {
    const text = await collect(writeCvatImages(fixtureSource()));
    const doc = await readCvatImages(bytesOf(text));
    assert.deepEqual(
      doc.header.labels.map((l) => [l.name, l.type, l.sublabels.map((s) => s.name)]),
      FIXTURE_LABELS.map((l) => [l.name, l.type, l.sublabels.map((s) => s.name)]),
    );
    assert.deepEqual(doc.header.labels[0].attributes, FIXTURE_LABELS[0].attributes);
    const read = await all(doc.shapes());
    assert.deepEqual(
      read.map((s) => essence(s, false)),
      FIXTURE_SHAPES.map((s) => essence(s, false)),
    );
  });

  for (const variant of ["detect", "segment"] as const) {
    it(`YOLO ${variant}: ${variant === "detect" ? "boxes" : "polygons"} back in pixels from the normalised lines`, async () => {
      const files = new Map<string, Uint8Array>();
      for (const entry of yoloEntries(fixtureSource(), variant, false)) files.set(entry.path, Buffer.from(await entry.text!()));
      const zip: ZipArchive = { files: [...files.keys()], read: async (path) => files.get(path)! };
      const doc = await readYolo(zip, variant === "detect" ? "YOLO_DETECT" : "YOLO_SEGMENT");
      assert.deepEqual(
        doc.header.labels.map((l) => l.name),
        FIXTURE_LABELS.map((l) => l.name),
      );
      const sizes = new Map(
        FIXTURE_FRAMES.map((f) => [f.name.replace(/^.*\//, "").replace(/\.[^.]*$/, ""), { width: f.width!, height: f.height! }]),
      );
      const read = await all(doc.shapes((name) => sizes.get(name) ?? null));
      const type = variant === "detect" ? ShapeType.RECTANGLE : ShapeType.POLYGON;
      const expected = FIXTURE_SHAPES.filter((s) => s.type === type);
      assert.equal(read.length, expected.length);
      read.forEach((s, i) => {
        assert.equal(s.label, expected[i].label);
        assert.equal(s.type, type);
        // Nine decimals of a normalised coordinate: well under a thousandth of a pixel.
        near(s.points, expected[i].points, 1e-3);
      });
    });
  }
});
