import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { AttributeInputType, Consumers, FrameFailureCode, ShapeType } from "@prelabel/proto";
import { queuedJob } from "../src/domain/auto-annotation-job.js";
import { ActiveJobExistsError } from "../src/domain/job.errors.js";
import { ACTIVE_STATUSES } from "../src/domain/job-status.js";
import { runMigrations } from "../src/persistence/data-source.js";
import { TypeormJobRepository } from "../src/persistence/job.repository.js";
import { eventually, Harness, JOB_FIELDS, type TaskFixture } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { ${JOB_FIELDS} } }`;
const CANCEL = `mutation Cancel($jobId: ID!) { cancelAutoAnnotation(jobId: $jobId) { id status } }`;

const colorSpec = { name: "color", inputType: AttributeInputType.SELECT, values: ["red", "blue"], defaultValue: "red" };

describe("auto-annotation job lifecycle (real PostgreSQL + NATS)", () => {
  let h: Harness;
  let modelId: string;

  const newTask = (extra: Partial<TaskFixture> = {}) =>
    h.addTask({
      size: 4,
      labels: [
        { id: `vehicle-${randomUUID()}`, name: "Vehicle", type: ShapeType.RECTANGLE, attributes: [colorSpec] },
        { id: `person-${randomUUID()}`, name: "person", type: ShapeType.RECTANGLE },
      ],
      ...extra,
    });

  const job = async (id: string) => (await h.ok(JOB, { id })).autoAnnotationJob;

  before(async () => {
    h = await Harness.start();
    modelId = h.addModel({
      defaultThreshold: 0.4,
      labels: [
        {
          name: "car",
          type: ShapeType.RECTANGLE,
          attributes: [{ name: "Color", inputType: AttributeInputType.SELECT, values: ["red", "green"] }],
        },
        { name: "pedestrian", type: ShapeType.RECTANGLE },
        { name: "traffic light", type: ShapeType.RECTANGLE },
      ],
    }).id;
  });
  after(async () => {
    await h?.close();
  });

  it("runs a job end to end: InferFrame per frame, outcomes counted once, commit, COMPLETED", async () => {
    const task = newTask();
    const started = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    assert.equal(started.status, "RUNNING");
    assert.equal(started.framesTotal, 4);
    assert.equal(started.threshold, 0.4, "the model's default threshold");
    assert.equal(started.frameRange, null);
    assert.ok(started.startedAt);
    assert.deepEqual(started.task, { id: task.id });
    assert.deepEqual(started.model, { id: modelId });
    assert.deepEqual(
      started.mapping.map((m: { modelLabel: string; taskLabel: string }) => `${m.modelLabel}->${m.taskLabel}`),
      ["car->Vehicle", "pedestrian->person"],
      "suggested: case-insensitive name and synonym; traffic light matches nothing",
    );
    assert.deepEqual(started.mapping[0].attributes, [{ modelAttribute: "Color", taskAttribute: "color" }]);

    // The work queue holds one InferFrame per frame, as the worker will see them.
    const frames = await h.takeInferFrames(started.id, 4);
    assert.equal(frames.length, 4);
    assert.deepEqual(frames.map((f) => f.message.frame).sort(), [0, 1, 2, 3]);
    for (const { message, msgId } of frames) {
      assert.equal(msgId, `${started.id}.${message.frame}`);
      assert.equal(message.taskId, task.id);
      assert.equal(message.frameObject, `sha256-${task.id}-${message.frame}`);
      assert.deepEqual({ id: message.model?.id, runtime: message.model?.runtime }, { id: modelId, runtime: "catalog:test-detector" });
      assert.ok(Math.abs(message.threshold - 0.4) < 1e-6);
      assert.equal(message.convertMasksToPolygons, false);
      assert.equal(message.mapping.length, 2);
      const car = message.mapping[0];
      assert.equal(car.modelLabel, "car");
      assert.equal(car.taskLabelId, task.labels[0].id);
      assert.equal(car.taskLabelType, ShapeType.RECTANGLE);
      assert.equal(car.attributes[0].modelAttribute, "Color");
      const spec = car.attributes[0].taskAttribute;
      assert.deepEqual(
        { name: spec?.name, inputType: spec?.inputType, values: spec?.values, defaultValue: spec?.defaultValue },
        { name: "color", inputType: AttributeInputType.SELECT, values: ["red", "blue"], defaultValue: "red" },
        "the task attribute's full spec travels with the mapping",
      );
    }
    assert.equal(await h.pending(Consumers.inferFrames), 0);

    // Outcomes, including duplicates: the same msgId (JetStream drops it) and a different one (the (job, frame) key drops it).
    await h.frameInferred(started.id, task.id, 0);
    await h.frameInferred(started.id, task.id, 1, { droppedAttributeValues: 2, unmappedDetections: 3 });
    await h.frameFailed(started.id, task.id, 2, FrameFailureCode.CORRUPT_IMAGE, "JPEG ends early");
    await h.frameInferred(started.id, task.id, 0);
    await h.frameInferred(started.id, task.id, 1, {
      droppedAttributeValues: 2,
      unmappedDetections: 3,
      msgId: `redelivered-${randomUUID()}`,
    });
    await h.frameInferred(started.id, task.id, 99, { msgId: `stray-${randomUUID()}` });
    const partial = await eventually(async () => {
      const j = await job(started.id);
      return j.framesDone + j.framesFailed === 3 ? j : undefined;
    });
    // Give the duplicates time to be (not) counted.
    await eventually(async () => ((await h.pending(Consumers.frameOutcomes)) === 0 ? true : undefined));
    const counted = await job(started.id);
    assert.equal(counted.status, "RUNNING");
    assert.equal(counted.framesDone, 2);
    assert.equal(counted.framesFailed, 1);
    assert.equal(counted.droppedAttributeValues, 2, "dropped attribute values are added once per frame");
    assert.equal(counted.unmappedDetections, 3, "unmapped detections are added once per frame");
    const [stored] = await h.dataSource.query(
      `SELECT unmapped_detections FROM annotation_job.frame_outcome WHERE job_id = $1 AND frame = 1`,
      [started.id],
    );
    assert.equal(stored.unmapped_detections, 3, "and kept with the frame's outcome");
    assert.ok(partial.fps > 0);
    assert.ok(partial.etaSeconds >= 0);
    assert.deepEqual(counted.failures, [{ frame: 2, code: FrameFailureCode.CORRUPT_IMAGE, reason: "JPEG ends early" }]);

    // The last frame settles the job: COMMITTING and one CommitAnnotations.
    await h.frameInferred(started.id, task.id, 3);
    const committing = await eventually(async () => {
      const j = await job(started.id);
      return j.status === "COMMITTING" ? j : undefined;
    });
    assert.equal(committing.framesDone, 3);
    assert.equal(committing.etaSeconds, 0);
    const command = await h.takeTaskCommand(started.id);
    assert.equal(command.msgId, `commit.${started.id}`);
    assert.ok(command.commit, `expected a commit, got ${command.type}`);
    assert.equal(command.commit.taskId, task.id);
    assert.deepEqual(command.commit.succeededFrames, [0, 1, 3]);
    assert.equal(command.commit.cleanOldAnnotations, false);
    assert.deepEqual([command.commit.frameStart, command.commit.frameStop], [0, 3]);

    // A late duplicate changes nothing now.
    await h.frameInferred(started.id, task.id, 2, { msgId: `late-${randomUUID()}` });

    await h.annotationsCommitted(started.id, task.id);
    const completed = await eventually(async () => {
      const j = await job(started.id);
      return j.status === "COMPLETED" ? j : undefined;
    });
    assert.ok(completed.finishedAt);
    assert.equal(completed.framesDone, 3);
    assert.equal(completed.framesFailed, 1);

    // Federation: the job as an entity, and Task.autoAnnotationJobs contributed to the task's entity.
    const entities = await h.ok(
      `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on AutoAnnotationJob { id status } ... on Task { id autoAnnotationJobs { id status } } } }`,
      {
        r: [
          { __typename: "AutoAnnotationJob", id: started.id },
          { __typename: "Task", id: task.id },
        ],
      },
    );
    assert.deepEqual(entities._entities, [
      { __typename: "AutoAnnotationJob", id: started.id, status: "COMPLETED" },
      { __typename: "Task", id: task.id, autoAnnotationJobs: [{ id: started.id, status: "COMPLETED" }] },
    ]);
  });

  it("cancels: CANCELLING, KV mark, DiscardAnnotations, later outcomes dropped, CANCELLED on AnnotationsDiscarded", async () => {
    const task = newTask({ size: 6 });
    const started = (
      await h.ok(START, {
        input: {
          taskId: task.id,
          modelId,
          threshold: 0.7,
          cleanOldAnnotations: true,
          convertMasksToPolygons: true,
          frameRange: { start: 1, stop: 3 },
          mapping: [
            { modelLabel: "pedestrian", taskLabel: task.labels[1].id },
            { modelLabel: "car", taskLabel: "vehicle", attributes: [] },
          ],
        },
      })
    ).startAutoAnnotation;
    assert.equal(started.threshold, 0.7);
    assert.equal(started.framesTotal, 3);
    assert.deepEqual(started.frameRange, { start: 1, stop: 3 });
    assert.equal(started.cleanOldAnnotations, true);
    assert.deepEqual(started.mapping[1].attributes, [], "explicitly no attributes");
    const frames = await h.takeInferFrames(started.id, 3);
    assert.deepEqual(frames.map((f) => f.message.frame).sort(), [1, 2, 3]);
    assert.ok(frames.every((f) => f.message.convertMasksToPolygons));

    await h.frameInferred(started.id, task.id, 1);
    await eventually(async () => ((await job(started.id)).framesDone === 1 ? true : undefined));

    const cancelled = (await h.ok(CANCEL, { jobId: started.id })).cancelAutoAnnotation;
    assert.deepEqual(cancelled, { id: started.id, status: "CANCELLING" });
    assert.equal(await h.cancelMark(started.id), "cancelled");
    const discard = await h.takeTaskCommand(started.id);
    assert.equal(discard.msgId, `discard.${started.id}`);
    assert.deepEqual({ jobId: discard.discard?.jobId, taskId: discard.discard?.taskId }, { jobId: started.id, taskId: task.id });

    // Outcomes after the cancel are acked and dropped.
    await h.frameInferred(started.id, task.id, 2);
    await h.frameFailed(started.id, task.id, 3, FrameFailureCode.INFERENCE_ERROR, "boom");
    await eventually(async () => ((await h.pending(Consumers.frameOutcomes)) === 0 ? true : undefined));
    const afterCancel = await job(started.id);
    assert.equal(afterCancel.status, "CANCELLING");
    assert.equal(afterCancel.framesDone, 1);
    assert.equal(afterCancel.framesFailed, 0);

    // Cancelling again is accepted while CANCELLING (a retry after a failed send).
    assert.equal((await h.ok(CANCEL, { jobId: started.id })).cancelAutoAnnotation.status, "CANCELLING");
    // And a new job cannot start yet: CANCELLING is still active.
    const blocked = await h.exec(START, { input: { taskId: task.id, modelId } });
    assert.equal(blocked.errors?.[0].extensions?.code, "JOB_ALREADY_RUNNING");

    await h.annotationsDiscarded(started.id, task.id);
    const done = await eventually(async () => {
      const j = await job(started.id);
      return j.status === "CANCELLED" ? j : undefined;
    });
    assert.ok(done.finishedAt);

    const again = await h.exec(CANCEL, { jobId: started.id });
    assert.equal(again.errors?.[0].extensions?.code, "JOB_NOT_ACTIVE");
    assert.equal(again.data, null);

    // Once cancelled, the task is free again.
    const next = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    assert.equal(next.status, "RUNNING");
    await h.ok(CANCEL, { jobId: next.id });
  });

  it("commits with nothing to add and no cleaning when every frame failed, then completes", async () => {
    const task = newTask({ size: 2 });
    const started = (await h.ok(START, { input: { taskId: task.id, modelId, cleanOldAnnotations: true } })).startAutoAnnotation;
    await h.takeInferFrames(started.id, 2);
    await h.frameFailed(started.id, task.id, 0, FrameFailureCode.NOT_AN_IMAGE, "text file");
    await h.frameFailed(started.id, task.id, 1, FrameFailureCode.IMAGE_TOO_LARGE, "40000x40000");
    const command = await h.takeTaskCommand(started.id);
    assert.ok(command.commit);
    assert.deepEqual(command.commit.succeededFrames, []);
    assert.equal(command.commit.cleanOldAnnotations, false, "a run that produced nothing never erases annotations");
    const committing = await job(started.id);
    assert.equal(committing.status, "COMMITTING");
    assert.deepEqual(
      committing.failures.map((f: { frame: number }) => f.frame),
      [0, 1],
    );

    // COMMITTING cannot be cancelled: the commit is under way.
    const cancel = await h.exec(CANCEL, { jobId: started.id });
    assert.equal(cancel.errors?.[0].extensions?.code, "JOB_NOT_ACTIVE");

    await h.annotationsCommitted(started.id, task.id);
    const completed = await eventually(async () => {
      const j = await job(started.id);
      return j.status === "COMPLETED" ? j : undefined;
    });
    assert.equal(completed.framesFailed, 2);
    assert.equal(completed.framesDone, 0);
  });

  it("allows one active job per task: a second start and two concurrent starts give JOB_ALREADY_RUNNING", async () => {
    const task = newTask();
    const first = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    const second = await h.exec(START, { input: { taskId: task.id, modelId } });
    assert.equal(second.errors?.[0].extensions?.code, "JOB_ALREADY_RUNNING");
    assert.match(second.errors?.[0].message ?? "", new RegExp(first.id));
    await h.ok(CANCEL, { jobId: first.id });

    // A slow describe-task lets every racing start pass the early check: the unique index decides.
    const raced = newTask({ describeDelayMs: 150 });
    const results = await Promise.all(Array.from({ length: 4 }, () => h.exec(START, { input: { taskId: raced.id, modelId } })));
    const winners = results.filter((r) => !r.errors);
    const losers = results.filter((r) => r.errors);
    assert.equal(winners.length, 1, JSON.stringify(results.map((r) => r.errors?.[0]?.extensions?.code ?? "ok")));
    assert.equal(losers.length, 3);
    for (const l of losers) {
      assert.equal(l.errors?.[0].extensions?.code, "JOB_ALREADY_RUNNING");
      assert.equal(
        (l.errors?.[0].extensions?.details as { jobId?: string }).jobId,
        undefined,
        "rejected by the index, not by the early check",
      );
    }
    const listed = (
      await h.ok(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { autoAnnotationJobs { id status } } } }`, {
        r: [{ __typename: "Task", id: raced.id }],
      })
    )._entities[0].autoAnnotationJobs;
    assert.equal(listed.length, 1);
  });

  it("migrates idempotently into its own schema, with the partial index over exactly the active statuses", async () => {
    assert.deepEqual(await runMigrations(h.dataSource), []);
    const tables = await h.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'annotation_job' ORDER BY 1`,
    );
    assert.deepEqual(
      tables.map((t: { table_name: string }) => t.table_name),
      ["auto_annotation_job", "evaluation", "frame_outcome", "job_batch", "migrations", "on_demand_usage"],
    );
    const [{ indexdef }] = await h.dataSource.query(
      `SELECT indexdef FROM pg_indexes WHERE indexname = 'auto_annotation_job_one_active_per_task'`,
    );
    const listed = [...String(indexdef).matchAll(/'([A-Z]+)'::text/g)].map((m) => m[1]);
    assert.deepEqual([...listed].sort(), [...ACTIVE_STATUSES].sort());
  });

  it("enforces the one-active-job rule in the database itself (partial unique index)", async () => {
    const repo = new TypeormJobRepository(h.dataSource);
    const taskId = `raw-${randomUUID()}`;
    const base = {
      taskId,
      tenantId: "default",
      modelId: "m",
      modelRuntime: "r",
      framesTotal: 1,
      threshold: 0.5,
      convertMasksToPolygons: false,
      cleanOldAnnotations: false,
      tracking: null,
      labelThresholds: [],
      tiling: null,
      reviewBelow: null,
      mapping: [],
      frameStart: 0,
      frameStop: 0,
      frameRangeExplicit: false,
    };
    const insert = () => repo.insert(queuedJob({ ...base, id: randomUUID() }, new Date()));
    const settled = await Promise.allSettled([insert(), insert()]);
    assert.equal(settled.filter((s) => s.status === "fulfilled").length, 1);
    const rejected = settled.find((s) => s.status === "rejected") as PromiseRejectedResult;
    assert.ok(rejected.reason instanceof ActiveJobExistsError, String(rejected.reason));
    // A finished job does not count.
    await h.dataSource.query(`UPDATE annotation_job.auto_annotation_job SET status = 'COMPLETED' WHERE task_id = $1`, [taskId]);
    await insert();
  });

  it("lists a task's jobs newest first", async () => {
    const task = newTask({ size: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const j = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
      ids.push(j.id);
      await h.ok(CANCEL, { jobId: j.id });
      await h.annotationsDiscarded(j.id, task.id);
      await eventually(async () => ((await job(j.id)).status === "CANCELLED" ? true : undefined));
    }
    const listed = (
      await h.ok(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { autoAnnotationJobs { id } } } }`, {
        r: [{ __typename: "Task", id: task.id }],
      })
    )._entities[0].autoAnnotationJobs;
    assert.deepEqual(
      listed.map((j: { id: string }) => j.id),
      [...ids].reverse(),
    );
  });
});
