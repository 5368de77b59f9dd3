import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { facePhotosDir, modelTaskLabels } from "@prelabel/testing";
import { after, before, describe, it } from "node:test";
import { ADD_FRAMES, CREATE_TASK, START } from "./support/operations.js";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { startSystem, type System } from "./support/system.js";

function photo(name: string): Buffer {
  return readFileSync(join(facePhotosDir(), name));
}

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
});
