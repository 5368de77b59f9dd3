import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ShapeType, TileMerge } from "@prelabel/proto";
import { eventually, Harness, JOB_FIELDS } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { ${JOB_FIELDS} } }`;

/** float32 on the wire (InferFrame's thresholds and overlap). */
const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual}`);

describe("per-class thresholds, tiling and review: stored, sent to every frame and to the commit (real PostgreSQL + NATS)", () => {
  let h: Harness;
  let modelId: string;

  const newTask = () =>
    h.addTask({
      size: 3,
      labels: [
        { id: "l-car", name: "Car", type: ShapeType.RECTANGLE },
        { id: "l-person", name: "Traffic Person", type: ShapeType.RECTANGLE },
      ],
    });

  before(async () => {
    h = await Harness.start();
    modelId = h.addModel({
      defaultThreshold: 0.5,
      labels: [
        { name: "car", type: ShapeType.RECTANGLE },
        { name: "person", type: ShapeType.RECTANGLE },
      ],
    }).id;
  });
  after(async () => {
    await h?.close();
  });

  it("runs a job with them: the job shows them, every InferFrame carries label_thresholds and tiling, the commit review_below, and review_count becomes needsReviewCount", async () => {
    const task = newTask();
    const started = (
      await h.ok(START, {
        input: {
          taskId: task.id,
          modelId,
          mapping: [
            { modelLabel: "car", taskLabel: "car" },
            { modelLabel: "person", taskLabel: "traffic person" },
          ],
          thresholds: [
            { label: "TRAFFIC  person", threshold: 0.25 },
            { label: "l-car", threshold: 0.75 },
          ],
          tiling: { tileSize: 640, merge: "WBF" },
          reviewBelow: 0.6,
        },
      })
    ).startAutoAnnotation;
    assert.equal(started.threshold, 0.5);
    assert.deepEqual(started.thresholds, [
      { taskLabelId: "l-person", taskLabel: "Traffic Person", threshold: 0.25 },
      { taskLabelId: "l-car", taskLabel: "Car", threshold: 0.75 },
    ]);
    assert.deepEqual(started.tiling, { tileSize: 640, overlap: 0.2, merge: "WBF" });
    assert.equal(started.reviewBelow, 0.6);
    assert.equal(started.needsReviewCount, 0);

    const [row] = await h.dataSource.query(
      `SELECT label_thresholds, tiling, review_below, review_count FROM annotation_job.auto_annotation_job WHERE id = $1`,
      [started.id],
    );
    assert.deepEqual(row.label_thresholds, [
      { taskLabelId: "l-person", taskLabel: "Traffic Person", threshold: 0.25 },
      { taskLabelId: "l-car", taskLabel: "Car", threshold: 0.75 },
    ]);
    assert.deepEqual(row.tiling, { tileSize: 640, overlap: 0.2, merge: "WBF" });
    close(row.review_below, 0.6, "review_below");
    assert.equal(row.review_count, 0);

    const frames = await h.takeInferFrames(started.id, 3);
    assert.deepEqual(frames.map((f) => f.message.frame).sort(), [0, 1, 2]);
    for (const { message } of frames) {
      close(message.threshold, 0.5, "threshold");
      assert.deepEqual(
        message.labelThresholds.map((t) => t.taskLabelId),
        ["l-person", "l-car"],
      );
      close(message.labelThresholds[0].threshold, 0.25, "l-person");
      close(message.labelThresholds[1].threshold, 0.75, "l-car");
      assert.ok(message.tiling, "tiling is sent");
      assert.equal(message.tiling.tileSize, 640);
      close(message.tiling.overlap, 0.2, "overlap");
      assert.equal(message.tiling.merge, TileMerge.WBF);
    }

    for (const f of [0, 1, 2]) await h.frameInferred(started.id, task.id, f);
    const command = await h.takeTaskCommand(started.id);
    assert.ok(command.commit, `expected a commit, got ${command.type}`);
    close(command.commit.reviewBelow ?? Number.NaN, 0.6, "review_below");

    await h.annotationsCommitted(started.id, task.id, "", `committed.${started.id}`, 0, 4);
    const completed = await eventually(async () => {
      const j = (await h.ok(JOB, { id: started.id })).autoAnnotationJob;
      return j.status === "COMPLETED" ? j : undefined;
    });
    assert.equal(completed.needsReviewCount, 4);
    assert.equal(completed.reviewBelow, 0.6, "read back from the row as the client gave it");
    assert.deepEqual(completed.tiling, { tileSize: 640, overlap: 0.2, merge: "WBF" });
    assert.equal(completed.thresholds.length, 2);
  });

  it("a job without them sends no label_thresholds, no tiling and no review_below, and shows none", async () => {
    const task = newTask();
    const started = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    assert.deepEqual([started.thresholds, started.tiling, started.reviewBelow, started.needsReviewCount], [[], null, null, 0]);
    for (const { message } of await h.takeInferFrames(started.id, 3)) {
      assert.deepEqual(message.labelThresholds, []);
      assert.equal(message.tiling, undefined);
    }
    for (const f of [0, 1, 2]) await h.frameInferred(started.id, task.id, f);
    const command = await h.takeTaskCommand(started.id);
    assert.ok(command.commit);
    assert.equal(command.commit.reviewBelow, undefined);
    await h.annotationsCommitted(started.id, task.id);
    const completed = await eventually(async () => {
      const j = (await h.ok(JOB, { id: started.id })).autoAnnotationJob;
      return j.status === "COMPLETED" ? j : undefined;
    });
    assert.equal(completed.needsReviewCount, 0);
  });
});
