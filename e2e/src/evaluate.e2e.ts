import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { facePhotosDir } from "@prelabel/testing";
import { waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, START } from "./support/operations.js";
import {
  EVALUATE_MODEL,
  evaluationTable,
  facePhotoGroundTruth,
  groundTruthCoco,
  TASK_EVALUATIONS,
  waitForEvaluation,
} from "./support/evaluations.js";
import { startSystem, type System } from "./support/system.js";

const IMPORT = /* GraphQL */ `
  mutation ImportAnnotations($taskId: ID!, $file: Upload!, $format: AnnotationFormat!) {
    importAnnotations(taskId: $taskId, file: $file, format: $format) {
      applied
      imported
      framesMatched
    }
  }
`;

/**
 * evaluateModel through the gateway with the real worker and a catalog model: the six face-api group photos with their
 * hand-made person boxes (services/inference-worker/test/fixtures/face-api-samples) imported as manual annotations.
 */
describe("model evaluation through the gateway", () => {
  let sys: System;
  let taskId: string;
  let emptyTaskId: string;
  const gt = facePhotoGroundTruth();
  const persons = gt.images.reduce((n, i) => n + i.persons.length, 0);
  const faces = gt.images.reduce((n, i) => n + i.faces.length, 0);

  before(async () => {
    sys = await startSystem({ workers: 1 });
    const labels = [
      { name: "person", type: "RECTANGLE" },
      { name: "face", type: "RECTANGLE" },
    ];
    const files = gt.images.map((i) => ({ name: i.file, bytes: readFileSync(join(facePhotosDir(), i.file)), type: "image/jpeg" }));
    for (const name of ["people", "people without annotations"]) {
      const { createTask: task } = await sys.client.must(CREATE_TASK, { input: { name, labels } });
      const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", files);
      assert.equal(added.errors, undefined, JSON.stringify(added.errors));
      if (name === "people") taskId = task.id;
      else emptyTaskId = task.id;
    }
    const imported = await sys.client.uploadFile(IMPORT, { taskId, format: "COCO_INSTANCES" }, "file", groundTruthCoco(gt));
    assert.equal(imported.errors, undefined, JSON.stringify(imported.errors));
    assert.equal(imported.data!.importAnnotations.imported, persons + faces);
  });
  after(async () => {
    await sys?.stop();
  });

  let completed: any;

  it("evaluates coco-object-detection against the hand-made person boxes: per-label AP, curve and F1-best threshold", async () => {
    const { evaluateModel: started } = await sys.client.must(EVALUATE_MODEL, {
      input: { taskId, modelId: "coco-object-detection", mapping: [{ modelLabel: "person", taskLabel: "person" }] },
    });
    assert.equal(started.status, "RUNNING");
    assert.equal(started.framesTotal, gt.images.length, "every photo has manual annotations");
    completed = await waitForEvaluation(sys.client, started.id, { logDir: sys.logDir });
    assert.equal(completed.status, "COMPLETED", JSON.stringify(completed));
    assert.equal(completed.framesDone, gt.images.length);
    assert.equal(completed.framesFailed, 0);
    assert.ok(completed.finishedAt);

    assert.equal(completed.labels.length, 1);
    const person = completed.labels[0];
    assert.equal(person.taskLabel, "person");
    assert.equal(person.metric, "BOX_IOU");
    assert.equal(person.groundTruthCount, persons);
    assert.ok(
      person.detectionCount >= 17,
      `the model finds at least 17 people at its default threshold, more at the floor: ${person.detectionCount}`,
    );
    // Plausible for a model that finds most of 22 large, well-separated people.
    assert.ok(person.ap50 > 0.5 && person.ap50 <= 1, `AP50 ${person.ap50}`);
    assert.ok(person.ap > 0 && person.ap <= person.ap50, `AP ${person.ap} ≤ AP50 ${person.ap50}`);
    assert.ok(person.bestF1Threshold > 0 && person.bestF1Threshold <= 1, `bestF1Threshold ${person.bestF1Threshold}`);
    assert.ok(person.bestF1 > 0 && person.bestF1 <= 1);
    assert.ok(person.precision >= 0 && person.precision <= 1 && person.recall >= 0 && person.recall <= 1);
    assert.equal(person.threshold, completed.threshold, "without per-class thresholds, the evaluation's own");
    assert.ok(person.curve.length > 1);
    for (let i = 1; i < person.curve.length; i++) {
      assert.ok(person.curve[i].threshold <= person.curve[i - 1].threshold, "by decreasing threshold");
      assert.ok(person.curve[i].recall >= person.curve[i - 1].recall - 1e-9, "recall grows as the threshold falls");
    }
    assert.equal(completed.meanAp50, person.ap50);
    // Faces have manual boxes but the mapping produces none: listed, not scored.
    assert.deepEqual(
      completed.unevaluatedLabels.map((u: any) => [u.taskLabel, u.reason, u.groundTruthCount]),
      [["face", "NOT_MAPPED", faces]],
    );
    console.log(`\ncoco-object-detection on the six face-api photos (evaluate.e2e.ts):\n${evaluationTable(completed)}\n`);

    const { task } = await sys.client.must(TASK_EVALUATIONS, { id: taskId });
    assert.deepEqual(
      task.evaluations.map((e: any) => e.id),
      [completed.id],
    );
  });

  it("the F1-best thresholds pass straight back into startAutoAnnotation as per-class thresholds", async () => {
    assert.ok(completed, "needs the evaluation above");
    const thresholds = completed.labels.map((l: any) => ({ label: l.taskLabel, threshold: l.bestF1Threshold }));
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: { taskId, modelId: "coco-object-detection", mapping: [{ modelLabel: "person", taskLabel: "person" }], thresholds },
    });
    const done = await waitForJob(sys.client, job.id, { logDir: sys.logDir });
    assert.equal(done.status, "COMPLETED");
  });

  it("a per-class threshold may be evaluated too: precision and recall are given at it", async () => {
    const { evaluateModel: started } = await sys.client.must(EVALUATE_MODEL, {
      input: {
        taskId,
        modelId: "coco-object-detection",
        mapping: [{ modelLabel: "person", taskLabel: "person" }],
        frames: [0, 1],
        thresholds: [{ label: "person", threshold: 0.9 }],
      },
    });
    assert.equal(started.framesTotal, 2);
    assert.deepEqual(
      started.thresholds.map((t: any) => [t.taskLabel, t.threshold]),
      [["person", 0.9]],
    );
    const done = await waitForEvaluation(sys.client, started.id, { logDir: sys.logDir });
    assert.equal(done.status, "COMPLETED");
    assert.equal(done.labels[0].threshold, 0.9);
    assert.equal(done.labels[0].groundTruthCount, gt.images[0].persons.length + gt.images[1].persons.length);
  });

  it("refuses a task without manual annotations (NO_GROUND_TRUTH), a label the task lacks (INVALID_THRESHOLD), frames outside the task", async () => {
    const mapping = [{ modelLabel: "person", taskLabel: "person" }];
    const noTruth = await sys.client.request(EVALUATE_MODEL, { input: { taskId: emptyTaskId, modelId: "coco-object-detection", mapping } });
    assert.equal(noTruth.errors?.[0].extensions?.code, "NO_GROUND_TRUTH", JSON.stringify(noTruth.errors));
    const lacking = await sys.client.request(EVALUATE_MODEL, {
      input: { taskId, modelId: "coco-object-detection", mapping, thresholds: [{ label: "bicycle", threshold: 0.4 }] },
    });
    assert.equal(lacking.errors?.[0].extensions?.code, "INVALID_THRESHOLD", JSON.stringify(lacking.errors));
    assert.equal((lacking.errors?.[0].extensions as any)?.details?.problems?.[0]?.path, "thresholds[0].label");
    const outside = await sys.client.request(EVALUATE_MODEL, {
      input: { taskId, modelId: "coco-object-detection", mapping, frames: [0, 99] },
    });
    assert.equal(outside.errors?.[0].extensions?.code, "INVALID_FRAME_RANGE", JSON.stringify(outside.errors));
    const { task } = await sys.client.must(TASK_EVALUATIONS, { id: emptyTaskId });
    assert.deepEqual(task.evaluations, [], "nothing was stored for the refused calls");
  });
});
