import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { AppError } from "@prelabel/service-kit";
import { ZipFile } from "yazl";
import { openZipArchive } from "../../persistence/zip-archive.js";
import { ShapeType } from "../label-types.js";
import type { InterchangeShape } from "./interchange.js";
import type { FrameSize } from "./interchange-reader.js";
import { readYolo, type YoloFlavour } from "./yolo.reader.js";

const dirs: string[] = [];
after(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

/** A real zip (yazl, deflated) on disk, opened as the service opens uploads. */
async function zipOf(files: Record<string, string>) {
  const zip = new ZipFile();
  for (const [name, text] of Object.entries(files)) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const dir = await mkdtemp(join(tmpdir(), "yolo-spec-"));
  dirs.push(dir);
  const path = join(dir, "upload.zip");
  await writeFile(path, Buffer.concat(chunks));
  return openZipArchive(path, { maxEntryBytes: 1_000_000, maxEntries: 1_000 });
}

async function read(files: Record<string, string>, flavour: YoloFlavour, sizes: Record<string, FrameSize> = {}) {
  const zip = await zipOf(files);
  try {
    const doc = await readYolo(zip, flavour);
    const shapes: InterchangeShape[] = [];
    for await (const s of doc.shapes((name) => sizes[name] ?? null)) shapes.push(s);
    return { header: doc.header, shapes };
  } finally {
    zip.close();
  }
}

async function refusal(files: Record<string, string>, flavour: YoloFlavour): Promise<AppError> {
  try {
    await read(files, flavour, { a: { width: 100, height: 50 } });
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, "INVALID_ANNOTATION_FILE");
    return err;
  }
  assert.fail("the zip was accepted");
}

describe("readYolo", () => {
  it("reads CVAT's YOLO 1.1 detect export: obj.names, obj.data, train.txt and obj_train_data/*.txt", async () => {
    const { header, shapes } = await read(
      {
        "obj.names": "car\nperson\n",
        "obj.data": "classes = 2\ntrain = data/train.txt\nnames = data/obj.names\nbackup = backup/\n",
        "train.txt": "data/obj_train_data/frame_000001.jpg\ndata/obj_train_data/frame_000002.jpg\n",
        "obj_train_data/frame_000001.txt": "0 0.500000 0.500000 0.200000 0.400000\n1 0.1 0.2 0.1 0.2 0.9\n",
        "obj_train_data/frame_000002.txt": "",
      },
      "YOLO_DETECT",
      { frame_000001: { width: 200, height: 100 } },
    );
    assert.deepEqual(
      header.labels.map((l) => [l.name, l.type]),
      [
        ["car", ShapeType.RECTANGLE],
        ["person", ShapeType.RECTANGLE],
      ],
    );
    assert.deepEqual(
      header.frames.map((f) => f.name),
      ["frame_000001", "frame_000002"],
    );
    assert.deepEqual(
      shapes.map((s) => [s.frameName, s.label, s.type, s.points.map((v) => Math.round(v * 1000) / 1000), s.score]),
      [
        ["frame_000001", "car", ShapeType.RECTANGLE, [80, 30, 120, 70], null],
        ["frame_000001", "person", ShapeType.RECTANGLE, [10, 10, 30, 30], 0.9],
      ],
    );
  });

  it("reads an Ultralytics segment dataset: data.yaml names (a map) and labels/<split>/*.txt polygons, boxes among them", async () => {
    const { header, shapes } = await read(
      {
        "data.yaml": "path: ../datasets/streets\ntrain: images/train\nval: images/val\nnames:\n  0: road\n  1: car\n",
        "labels/train/a.txt": "0 0.1 0.2 0.5 0.2 0.5 0.8\n1 0.5 0.5 0.1 0.1\n",
        "labels/val/b.txt": "1 0.0 0.0 1.0 0.0 1.0 1.0 0.0 1.0\n",
        "images/train/a.jpg": "not really a jpeg",
        "README.txt": "not a label file: labels/ folders exist",
      },
      "YOLO_SEGMENT",
      { a: { width: 100, height: 50 }, b: { width: 10, height: 10 } },
    );
    assert.deepEqual(
      header.labels.map((l) => [l.name, l.type]),
      [
        ["road", ShapeType.POLYGON],
        ["car", ShapeType.POLYGON],
      ],
    );
    assert.deepEqual(
      shapes.map((s) => [s.frameName, s.label, s.type, s.points.map((v) => Math.round(v * 1000) / 1000)]),
      [
        ["a", "road", ShapeType.POLYGON, [10, 10, 50, 10, 50, 40]],
        ["a", "car", ShapeType.RECTANGLE, [45, 22.5, 55, 27.5]],
        ["b", "car", ShapeType.POLYGON, [0, 0, 10, 0, 10, 10, 0, 10]],
      ],
    );
  });

  it("reads data.yaml names as a list; a frame it cannot size stays normalised for the caller to skip", async () => {
    const { shapes } = await read({ "data.yaml": "names: [car]\n", "x.txt": "0 0.5 0.5 0.5 0.5\n" }, "YOLO_DETECT");
    assert.deepEqual(shapes[0].points, [0.25, 0.25, 0.75, 0.75]);
  });

  it("refuses a zip without names, unknown classes, NaN, wrong line lengths, and bytes that are not a zip", async () => {
    assert.match((await refusal({ "a.txt": "0 0.5 0.5 0.1 0.1" }, "YOLO_DETECT")).message, /no obj.names and no data.yaml/);
    assert.match((await refusal({ "obj.names": "car", "a.txt": "3 0.5 0.5 0.1 0.1" }, "YOLO_DETECT")).message, /a.txt line 1: class 3/);
    assert.match((await refusal({ "obj.names": "car", "a.txt": "\n0 nan 0.5 0.1 0.1" }, "YOLO_DETECT")).message, /a.txt line 2: "nan" is not a finite number/);
    assert.match((await refusal({ "obj.names": "car", "a.txt": "0 0.5 0.5 0.1 0.1 0.3 0.3" }, "YOLO_DETECT")).message, /7 numbers; a detect line/);
    assert.match((await refusal({ "obj.names": "car", "a.txt": "0 0.5 0.5 0.1" }, "YOLO_SEGMENT")).message, /4 numbers; a segment line/);
    const dir = await mkdtemp(join(tmpdir(), "yolo-spec-"));
    dirs.push(dir);
    await writeFile(join(dir, "bad.zip"), "this is not a zip");
    await assert.rejects(openZipArchive(join(dir, "bad.zip"), { maxEntryBytes: 10, maxEntries: 10 }), /not a zip archive/);
  });

  it("refuses an entry that inflates past the limit before reading it", async () => {
    const zip = await zipOf({ "obj.names": "car", "a.txt": "0 0.5 0.5 0.1 0.1\n".repeat(100_000) });
    try {
      await assert.rejects(zip.read("a.txt").then(() => zip.read("a.txt")), /inflates to \d+ bytes, more than 1000000/);
    } finally {
      zip.close();
    }
  });
});
