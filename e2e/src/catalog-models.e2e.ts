import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { facePhotosDir, modelTaskLabels, REPO_ROOT } from "@prelabel/testing";
import { after, before, describe, it } from "node:test";
import sharp from "sharp";
import { ADD_FRAMES, CREATE_TASK, START } from "./support/operations.js";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { startSystem, type System } from "./support/system.js";

function photo(name: string): Buffer {
  return readFileSync(join(facePhotosDir(), name));
}

type Box = [number, number, number, number];
/** The photos' hand-made person boxes (services/inference-worker/test/fixtures, procedure in docs/models/ground-truth.md). */
const GROUND_TRUTH: { file: string; width: number; height: number; persons: { box: Box; difficult: boolean }[] }[] = JSON.parse(
  readFileSync(join(REPO_ROOT, "services", "inference-worker", "test", "fixtures", "face-api-samples", "ground-truth.json"), "utf8"),
).images;

function iou(a: Box, b: Box): number {
  const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  return (w * h) / ((a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - w * h);
}

/** The six photos side by side, each scaled to `cellWidth` (people get small in one wide frame), and their boxes moved alike. */
async function photoStrip(cellWidth: number): Promise<{ bytes: Buffer; persons: Box[] }> {
  const cellHeight = Math.max(...GROUND_TRUTH.map((t) => Math.round((t.height * cellWidth) / t.width)));
  const composites: sharp.OverlayOptions[] = [];
  const persons: Box[] = [];
  for (const [i, t] of GROUND_TRUTH.entries()) {
    composites.push({ input: await sharp(photo(t.file)).resize({ width: cellWidth }).toBuffer(), left: i * cellWidth, top: 0 });
    const s = cellWidth / t.width;
    for (const p of t.persons.filter((q) => !q.difficult))
      persons.push([i * cellWidth + p.box[0] * s, p.box[1] * s, i * cellWidth + p.box[2] * s, p.box[3] * s]);
  }
  const canvas = sharp({ create: { width: GROUND_TRUTH.length * cellWidth, height: cellHeight, channels: 3, background: "#000" } });
  return { bytes: await canvas.composite(composites).jpeg({ quality: 92 }).toBuffer(), persons };
}

const JOB_TILING = `query JobTiling($id: ID!) { autoAnnotationJob(id: $id) { tiling { tileSize overlap merge } } }`;

/** The preinstalled catalog through the gateway, as a frontend would use it: faces with attributes, then poses. */
describe("catalog models through the gateway", () => {
  let sys: System;

  before(async () => {
    sys = await startSystem({ workers: 1 });
  });
  after(async () => {
    await sys?.stop();
  });

  async function runToEnd(input: Record<string, unknown>) {
    const { startAutoAnnotation: job } = await sys.client.must(START, { input });
    return waitForJob(sys.client, job.id, { logDir: sys.logDir });
  }

  it("annotates faces with age, gender and emotion, and people with 17-point skeletons", async () => {
    // The task takes the models' own labels (attributes, keypoints), renamed: Face and pose.
    const [faceLabel] = await modelTaskLabels(sys.client, "face-detection-with-attributes");
    const [personLabel] = await modelTaskLabels(sys.client, "person-pose");
    const keypoints = personLabel.sublabels!.map((point) => point.name);
    assert.equal(keypoints.length, 17, "MoveNet's COCO keypoints");
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: {
        name: "people",
        labels: [
          { ...faceLabel, name: "Face" },
          { ...personLabel, name: "pose" },
        ],
      },
    });
    const files = ["sample1.jpg", "sample4.jpg"].map((name) => ({ name, bytes: photo(name), type: "image/jpeg" }));
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", files);
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));

    // Mapping omitted: `face` → `Face` comes from the suggestion, case-insensitively, attributes by name.
    const faces = await runToEnd({ taskId: task.id, modelId: "face-detection-with-attributes" });
    assert.equal(faces.status, "COMPLETED", JSON.stringify(faces.failures));
    const poses = await runToEnd({ taskId: task.id, modelId: "person-pose", mapping: [{ modelLabel: "person", taskLabel: "pose" }] });
    assert.equal(poses.status, "COMPLETED", JSON.stringify(poses.failures));

    const annotations = await allAnnotations(sys.client, task.id);
    const faceShapes = annotations.filter((a: any) => a.label.name === "Face");
    // The hand-made ground truth (services/inference-worker/test/fixtures) has 3 faces in sample1 and 4 in sample4.
    assert.deepEqual(
      [0, 1].map((f) => faceShapes.filter((a: any) => a.frame === f).length),
      [3, 4],
    );
    for (const face of faceShapes) {
      assert.equal(face.type, "RECTANGLE");
      assert.equal(face.source, "AUTO");
      assert.ok(face.score >= 0.5 && face.score <= 1, `score ${face.score} at or above the default threshold`);
      const attrs = Object.fromEntries(face.attributes.map((a: any) => [a.name, a.value]));
      assert.deepEqual(Object.keys(attrs).sort(), ["age", "emotion", "gender"]);
    }

    const skeletons = annotations.filter((a: any) => a.label.name === "pose");
    assert.ok(skeletons.filter((a: any) => a.frame === 0).length >= 3, "the three people of sample1 get a skeleton");
    for (const skeleton of skeletons) {
      assert.equal(skeleton.type, "SKELETON");
      assert.deepEqual(skeleton.elements.map((e: any) => e.label.name).sort(), [...keypoints].sort());
      for (const point of skeleton.elements) {
        assert.equal(point.type, "POINTS");
        assert.equal(point.points.length, 2);
        // Low-confidence points are flagged rather than dropped, so the skeleton keeps its 17 elements.
        if (point.outside) assert.ok(point.score < 0.3, `an outside point scored ${point.score}`);
      }
    }
  });

  it("tiling finds the small people of a wide frame that the whole-frame pass misses, one box each", async () => {
    const strip = await photoStrip(1000);
    const tasks = [];
    for (const name of ["whole", "tiled"]) {
      const { createTask: task } = await sys.client.must(CREATE_TASK, { input: { name, labels: [{ name: "person", type: "RECTANGLE" }] } });
      const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [
        { name: "strip.jpg", bytes: strip.bytes, type: "image/jpeg" },
      ]);
      assert.equal(added.errors, undefined, JSON.stringify(added.errors));
      tasks.push(task);
    }
    const whole = await runToEnd({ taskId: tasks[0].id, modelId: "coco-object-detection" });
    const tiled = await runToEnd({
      taskId: tasks[1].id,
      modelId: "coco-object-detection",
      tiling: { tileSize: 1024, overlap: 0.2, merge: "NMS" },
    });
    assert.equal(whole.status, "COMPLETED", JSON.stringify(whole.failures));
    assert.equal(tiled.status, "COMPLETED", JSON.stringify(tiled.failures));
    assert.deepEqual((await sys.client.must(JOB_TILING, { id: tiled.id })).autoAnnotationJob.tiling, {
      tileSize: 1024,
      overlap: 0.2,
      merge: "NMS",
    });

    const found = async (taskId: string) => {
      const boxes = (await allAnnotations(sys.client, taskId)).map((a: any) => a.points as Box);
      const matched = strip.persons.filter((p) => boxes.some((b) => iou(p, b) >= 0.5)).length;
      const duplicates = boxes.filter((b, i) => boxes.some((c, j) => j > i && iou(b, c) > 0.5)).length;
      return { matched, duplicates };
    };
    const [plain, withTiles] = [await found(tasks[0].id), await found(tasks[1].id)];
    console.log(
      `# ${strip.persons.length} people in a 6000-px strip: whole frame found ${plain.matched}, with 1024-px tiles ${withTiles.matched}`,
    );
    assert.ok(withTiles.matched >= plain.matched + 3, `tiling found ${withTiles.matched}, the whole frame ${plain.matched}`);
    assert.equal(withTiles.duplicates, 0, "one box per person after merging the tiles");
  });
});
