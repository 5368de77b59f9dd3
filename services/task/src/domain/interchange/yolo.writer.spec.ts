import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ShapeType } from "../label-types.js";
import { fixtureSource, shape, FIXTURE_LABELS } from "./export.fixture.js";
import { archivePath, stemOf, yoloEntries, type YoloWriteStats } from "./yolo.writer.js";

async function texts(entries: ReturnType<typeof yoloEntries>): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  // In order, as the archive produces them.
  for (const e of entries) out.set(e.path, e.text ? await e.text() : null);
  return out;
}

/** Ultralytics' line formats: `class cx cy w h` and `class x1 y1 …`, class an integer, coordinates within [0, 1]. */
const DETECT_LINE = /^\d+( (0|1|0\.\d+)){4}$/;
const SEGMENT_LINE = /^\d+( (0|1|0\.\d+)){6,}$/;

describe("YOLO writer", () => {
  it("detect: names, data.yaml and one label file a frame with normalised boxes", async () => {
    const stats: YoloWriteStats = { written: 0, skipped: 0 };
    const files = await texts(yoloEntries(fixtureSource(), "detect", false, stats));
    assert.deepEqual([...files.keys()], ["obj.names", "data.yaml", "labels/a.txt", "labels/dir/b.txt", "labels/empty.txt"]);
    assert.equal(files.get("obj.names"), FIXTURE_LABELS.map((l) => `${l.name}\n`).join(""));
    const yaml = files.get("data.yaml")!;
    assert.match(yaml, /^nc: 7$/m);
    assert.match(yaml, /^ {2}0: "car"$/m);
    assert.match(yaml, /^ {2}6: "sunny & <dry>"$/m);
    assert.match(yaml, /^train: images$/m);
    // The box 10,5 → 30.5,25 on 100×50: centre (20.25, 15), size 20.5×20.
    assert.equal(files.get("labels/a.txt"), "0 0.2025 0.3 0.205 0.4\n");
    for (const line of files.get("labels/a.txt")!.trim().split("\n")) assert.match(line, DETECT_LINE);
    assert.equal(files.get("labels/dir/b.txt"), "");
    assert.equal(files.get("labels/empty.txt"), "");
    assert.deepEqual(stats, { written: 1, skipped: 6 });
  });

  it("segment: polygons as normalised points; with frames, an images/ entry after each label file", async () => {
    const stats: YoloWriteStats = { written: 0, skipped: 0 };
    const files = await texts(yoloEntries(fixtureSource(), "segment", true, stats));
    assert.equal(files.get("labels/a.txt"), "1 0 0 0.1 0 0.1 0.2 0 0.2\n");
    assert.match(files.get("labels/a.txt")!.trim(), SEGMENT_LINE);
    assert.deepEqual([...files.keys()].slice(2), [
      "labels/a.txt",
      "images/a.jpg",
      "labels/dir/b.txt",
      "images/dir/b.png",
      "labels/empty.txt",
      "images/empty.jpg",
    ]);
    assert.equal(files.get("images/a.jpg"), null);
    assert.deepEqual(stats, { written: 1, skipped: 6 });
  });

  it("clips coordinates outside the frame to [0, 1] and skips frames without a size", async () => {
    const source = fixtureSource([shape("a.jpg", "car", ShapeType.RECTANGLE, { points: [-10, -10, 10, 10] })]);
    source.header = { ...source.header, frames: [source.header.frames[0], { index: 1, name: "x.jpg", width: null, height: null }] };
    const files = await texts(yoloEntries(source, "detect", false));
    assert.equal(files.get("labels/a.txt"), "0 0 0 0.2 0.4\n");
  });

  it("makes archive paths safe: no leading slash, no ..", () => {
    assert.equal(archivePath("/etc/../passwd"), "etc/passwd");
    assert.equal(archivePath("a\\b.jpg"), "a/b.jpg");
    assert.equal(archivePath(".."), "frame");
    assert.equal(stemOf("a/b.c.jpg"), "a/b.c");
    assert.equal(stemOf("a.d/noext"), "a.d/noext");
    assert.equal(stemOf(".hidden"), ".hidden");
  });
});
