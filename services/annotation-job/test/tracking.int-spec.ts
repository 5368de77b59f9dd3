import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Consumers, ShapeType } from "@prelabel/proto";
import { DEFAULT_TRACKER_OPTIONS } from "@prelabel/tracking";
import { eventually, Harness, JOB_FIELDS, type GraphQLResult, type TaskFixture } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { ${JOB_FIELDS} } }`;

function codeOf(result: GraphQLResult): unknown {
  assert.ok(result.errors?.length, `expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors[0].extensions?.code;
}

describe("starting a job with tracking (real PostgreSQL + NATS)", () => {
  let h: Harness;
  let modelId: string;
  let tagModelId: string;

  const newTask = (extra: Partial<TaskFixture> = {}) =>
    h.addTask({
      size: 3,
      labels: [
        { id: `vehicle-${randomUUID()}`, name: "vehicle", type: ShapeType.RECTANGLE },
        { id: `weather-${randomUUID()}`, name: "weather", type: ShapeType.TAG },
      ],
      ...extra,
    });
  const storedJobs = async (): Promise<number> =>
    (await h.dataSource.query(`SELECT count(*)::int AS n FROM annotation_job.auto_annotation_job`))[0].n;

  before(async () => {
    h = await Harness.start();
    modelId = h.addModel({
      defaultThreshold: 0.4,
      labels: [
        { name: "vehicle", type: ShapeType.RECTANGLE },
        { name: "weather", type: ShapeType.TAG },
      ],
    }).id;
    tagModelId = h.addModel({ defaultThreshold: 0.4, labels: [{ name: "weather", type: ShapeType.TAG }] }).id;
  });
  after(async () => {
    await h?.close();
  });

  it("rejects settings out of range with INVALID_TRACKING, before anything is stored or queued", async () => {
    const task = newTask();
    const jobsBefore = await storedJobs();
    const framesBefore = await h.pending(Consumers.inferFrames);
    const bad = [
      { iouThreshold: 0 },
      { iouThreshold: 1 },
      { iouThreshold: -0.5 },
      { iouThreshold: 1.5 },
      { maxAge: 0 },
      { maxAge: 1001 },
      { minHits: 0 },
      { minHits: 101 },
    ];
    for (const settings of bad) {
      const result = await h.exec(START, { input: { taskId: task.id, modelId, tracking: { enabled: true, ...settings } } });
      assert.equal(codeOf(result), "INVALID_TRACKING", JSON.stringify(settings));
    }
    const all = await h.exec(START, {
      input: { taskId: task.id, modelId, tracking: { enabled: true, iouThreshold: 2, maxAge: -1, minHits: 500 } },
    });
    assert.equal(codeOf(all), "INVALID_TRACKING");
    assert.deepEqual(
      (all.errors![0].extensions as any).details.problems.map((p: { field: string }) => p.field),
      ["iouThreshold", "maxAge", "minHits"],
      "every bad field is named",
    );
    assert.equal(await storedJobs(), jobsBefore);
    assert.equal(await h.pending(Consumers.inferFrames), framesBefore);
  });

  it("rejects tracking when no mapped label can give a rectangle, polygon or skeleton (TRACKING_NOT_APPLICABLE)", async () => {
    const task = newTask();
    const result = await h.exec(START, { input: { taskId: task.id, modelId: tagModelId, tracking: { enabled: true } } });
    assert.equal(codeOf(result), "TRACKING_NOT_APPLICABLE");
    // Disabled tracking is no tracking: the same start works.
    const started = (await h.ok(START, { input: { taskId: task.id, modelId: tagModelId, tracking: { enabled: false } } }))
      .startAutoAnnotation;
    assert.equal(started.tracking, null);
    await h.takeInferFrames(started.id, 3);
  });

  it("stores the settings with the defaults filled in, asks the worker for detections down to lowScore, and carries them in the commit", async () => {
    const task = newTask();
    const started = (await h.ok(START, { input: { taskId: task.id, modelId, tracking: { enabled: true, maxAge: 12 } } }))
      .startAutoAnnotation;
    assert.equal(started.threshold, 0.4);
    assert.deepEqual(started.tracking, {
      enabled: true,
      iouThreshold: DEFAULT_TRACKER_OPTIONS.iouThreshold,
      maxAge: 12,
      minHits: DEFAULT_TRACKER_OPTIONS.minHits,
    });
    assert.equal(started.trackCount, 0);
    const [row] = await h.dataSource.query(`SELECT tracking FROM annotation_job.auto_annotation_job WHERE id = $1`, [started.id]);
    assert.deepEqual(row.tracking, {
      iouThreshold: DEFAULT_TRACKER_OPTIONS.iouThreshold,
      maxAge: 12,
      minHits: DEFAULT_TRACKER_OPTIONS.minHits,
      lowScore: DEFAULT_TRACKER_OPTIONS.lowScore,
    });

    const frames = await h.takeInferFrames(started.id, 3);
    for (const { message } of frames)
      assert.ok(Math.abs(message.threshold - DEFAULT_TRACKER_OPTIONS.lowScore) < 1e-6, `${message.threshold}`);

    for (const f of [0, 1, 2]) await h.frameInferred(started.id, task.id, f);
    const command = await h.takeTaskCommand(started.id);
    assert.ok(command.commit);
    const t = command.commit.tracking!;
    assert.deepEqual(
      { enabled: t.enabled, iouThreshold: t.iouThreshold, maxAge: t.maxAge, minHits: t.minHits, lowScore: t.lowScore },
      {
        enabled: true,
        iouThreshold: DEFAULT_TRACKER_OPTIONS.iouThreshold,
        maxAge: 12,
        minHits: DEFAULT_TRACKER_OPTIONS.minHits,
        lowScore: DEFAULT_TRACKER_OPTIONS.lowScore,
      },
    );
    assert.ok(Math.abs(t.highScore - 0.4) < 1e-9, "highScore is the job's threshold");

    await h.annotationsCommitted(started.id, task.id, "", `committed.${started.id}`, 7);
    const completed = await eventually(async () => {
      const j = (await h.ok(JOB, { id: started.id })).autoAnnotationJob;
      return j.status === "COMPLETED" ? j : undefined;
    });
    assert.equal(completed.trackCount, 7);
  });

  it("a threshold under the default lowScore is the worker's threshold, and a job without tracking sends none", async () => {
    const low = newTask();
    const started = (await h.ok(START, { input: { taskId: low.id, modelId, threshold: 0.05, tracking: { enabled: true } } }))
      .startAutoAnnotation;
    for (const { message } of await h.takeInferFrames(started.id, 3)) assert.ok(Math.abs(message.threshold - 0.05) < 1e-6);

    const plain = newTask();
    const untracked = (await h.ok(START, { input: { taskId: plain.id, modelId } })).startAutoAnnotation;
    assert.equal(untracked.tracking, null);
    for (const { message } of await h.takeInferFrames(untracked.id, 3)) assert.ok(Math.abs(message.threshold - 0.4) < 1e-6);
    for (const f of [0, 1, 2]) await h.frameInferred(untracked.id, plain.id, f);
    const command = await h.takeTaskCommand(untracked.id);
    assert.equal(command.commit?.tracking, undefined);
  });
});
