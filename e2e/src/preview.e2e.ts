import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { SecretBox } from "@prelabel/secret-box";
import { facePhotosDir, GraphQLTestClient, modelTaskLabels } from "@prelabel/testing";
import { allAnnotations, waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, PREVIEW, START, TASK_ANNOTATIONS } from "./support/operations.js";
import { startSystem, type System } from "./support/system.js";

const photo = (name: string) => ({ name, bytes: readFileSync(join(facePhotosDir(), name)), type: "image/jpeg" });
const FACES = "face-detection-with-attributes";

/**
 * previewAutoAnnotation through the gateway on a cloud system: a catalog model on face-api's group photos returns the
 * same faces a run then commits, the task keeps no trace of the preview, and the errors a client meets.
 */
describe("previewAutoAnnotation through the gateway", () => {
  let sys: System;
  let taskId: string;

  before(async () => {
    sys = await startSystem({ workers: 1, env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") } });
    const [faceLabel] = await modelTaskLabels(sys.client, FACES);
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "people", labels: [{ ...faceLabel, name: "Face" }] },
    });
    taskId = task.id;
    const added = await sys.client.upload(ADD_FRAMES, { taskId }, "files", ["sample1.jpg", "sample4.jpg", "sample2.jpg"].map(photo));
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
  });
  after(async () => {
    await sys?.stop();
  });

  it("returns the faces with their attributes and timing, leaves the task untouched, and a run commits the same faces", async () => {
    const input = { taskId, modelId: FACES };
    const { previewAutoAnnotation: p } = await sys.client.must(PREVIEW, { input, frames: [1, 0] });
    assert.equal(p.taskId, taskId);
    assert.equal(p.model.id, FACES);
    assert.deepEqual(p.mapping, [{ modelLabel: "face", taskLabel: "Face" }], "the suggested mapping, as a run would use");
    assert.deepEqual(
      p.frames.map((f: any) => f.frame),
      [1, 0],
    );
    // The hand-made ground truth: 3 faces in sample1 (frame 0), 4 in sample4 (frame 1).
    assert.deepEqual(
      p.frames.map((f: any) => f.shapes.length),
      [4, 3],
    );
    for (const f of p.frames) {
      assert.equal(f.failure, null);
      assert.ok(f.inferenceMs > 0 && f.decodeMs > 0 && f.totalMs >= f.inferenceMs, JSON.stringify(f));
      for (const s of f.shapes) {
        assert.equal(s.type, "RECTANGLE");
        assert.equal(s.taskLabel, "Face");
        assert.ok(s.score >= p.threshold && s.score <= 1, `score ${s.score}`);
        assert.equal(s.points.length, 4);
        assert.deepEqual(s.attributes.map((a: any) => a.name).sort(), ["age", "emotion", "gender"]);
      }
    }

    const untouched = await sys.client.must(TASK_ANNOTATIONS, { id: taskId });
    assert.equal(untouched.task.annotations.totalCount, 0, "no annotation was written");
    assert.deepEqual(untouched.task.autoAnnotationJobs, [], "no job was created");

    // A run with the same input commits what the preview showed, frame by frame; a preview during it is answered.
    const { startAutoAnnotation: job } = await sys.client.must(START, { input: { taskId, modelId: FACES } });
    const during = await sys.client.must(PREVIEW, { input, frames: [2] });
    assert.equal(during.previewAutoAnnotation.frames[0].failure, null);
    assert.equal((await waitForJob(sys.client, job.id, { logDir: sys.logDir })).status, "COMPLETED");
    const committed = await allAnnotations(sys.client, taskId);
    for (const f of p.frames) {
      const boxes = committed.filter((a: any) => a.frame === f.frame).map((a: any) => a.points.map((v: number) => Math.round(v)));
      assert.deepEqual(
        boxes.sort(),
        f.shapes.map((s: any) => s.points.map((v: number) => Math.round(v))).sort(),
        `frame ${f.frame}: the run's boxes are the preview's`,
      );
    }
    assert.equal(
      committed.filter((a: any) => a.frame === 2).length,
      during.previewAutoAnnotation.frames[0].shapes.length,
      "frame 2: previewed during the run, as the run committed it",
    );
    const jobs = (await sys.client.must(TASK_ANNOTATIONS, { id: taskId })).task.autoAnnotationJobs;
    assert.deepEqual(
      jobs.map((j: any) => j.id),
      [job.id],
      "only the run is listed",
    );
  });

  it("names frames the task lacks, refuses more than 16 frames, and another tenant's task is NOT_FOUND", async () => {
    const outside = await sys.client.request(PREVIEW, { input: { taskId, modelId: FACES }, frames: [0, 3] });
    assert.equal(outside.errors?.[0].extensions?.code, "INVALID_FRAME_RANGE", JSON.stringify(outside.errors));
    assert.deepEqual((outside.errors?.[0].extensions?.details as { frames: number[] }).frames, [3]);
    assert.equal(outside.data, null);

    const many = await sys.client.request(PREVIEW, { input: { taskId, modelId: FACES }, frames: Array.from({ length: 17 }, (_, i) => i) });
    assert.equal(many.errors?.[0].extensions?.code, "INVALID_FRAME_RANGE", JSON.stringify(many.errors));

    const other = await sys.createTenant("preview other tenant");
    const b = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: other.apiKey });
    try {
      const foreign = await b.request(PREVIEW, { input: { taskId, modelId: FACES }, frames: [0] });
      assert.equal(foreign.errors?.[0].extensions?.code, "NOT_FOUND", JSON.stringify(foreign.errors));
      assert.ok(!JSON.stringify(foreign).includes("people"), "the error names nothing of the task");
    } finally {
      await b.close();
    }
  });
});
