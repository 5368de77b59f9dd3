import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Consumers, FrameFailureCode, ShapeType } from "@prelabel/proto";
import { Harness, JOB_FIELDS, type GraphQLResult } from "./support/harness.js";

const BATCH_FIELDS = `id status framesTotal framesDone framesFailed fps etaSeconds createdAt finishedAt model { id }
  jobs { id status taskId framesTotal framesDone framesFailed mapping { modelLabel taskLabel } }`;
const START_BATCH = `mutation StartBatch($input: StartAutoAnnotationBatchInput!) { startAutoAnnotationBatch(input: $input) { ${BATCH_FIELDS} } }`;
const CANCEL_BATCH = `mutation CancelBatch($id: ID!) { cancelAutoAnnotationBatch(batchId: $id) { ${BATCH_FIELDS} } }`;
const BATCH = `query Batch($id: ID!) { autoAnnotationBatch(id: $id) { ${BATCH_FIELDS} } }`;
const PROGRESS = `subscription BatchProgress($id: ID!) { autoAnnotationBatchProgress(batchId: $id) { ${BATCH_FIELDS} } }`;
const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;

type Batch = {
  id: string;
  status: string;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  finishedAt: string | null;
  jobs: { id: string; status: string; taskId: string; framesTotal: number; framesDone: number; mapping: { taskLabel: string }[] }[];
};

function errorOf(result: GraphQLResult) {
  assert.ok(result.errors?.length, `expected an error, got ${JSON.stringify(result.data)}`);
  return result.errors[0];
}

async function count(h: Harness, table: "auto_annotation_job" | "job_batch"): Promise<number> {
  const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM annotation_job.${table}`);
  return n;
}

/** Reads a subscription to its end (or fails after the timeout). */
async function readAll(stream: AsyncIterableIterator<GraphQLResult>, timeoutMs = 15_000): Promise<Batch[]> {
  const events: Batch[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), Math.max(0, deadline - Date.now()))));
    const next = await Promise.race([stream.next(), timeout]).finally(() => clearTimeout(timer));
    if (next === "timeout") {
      await stream.return?.();
      throw new Error(`subscription did not complete; got ${JSON.stringify(events.map((e) => e.status))}`);
    }
    if (next.done) return events;
    assert.equal(next.value.errors, undefined, JSON.stringify(next.value.errors));
    events.push(next.value.data?.autoAnnotationBatchProgress as Batch);
  }
}

const labels = () => [{ id: `l-${randomUUID()}`, name: "person", type: ShapeType.RECTANGLE }];

describe("startAutoAnnotationBatch: all or nothing", () => {
  let h: Harness;
  let modelId: string;
  let workBefore: number;

  before(async () => {
    h = await Harness.start({ batchMaxTasks: 4 });
    modelId = h.addModel({ defaultThreshold: 0.5, labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
    workBefore = await h.pending(Consumers.inferFrames);
  });
  after(async () => {
    try {
      assert.equal(await h.pending(Consumers.inferFrames), workBefore, "no InferFrame was published by a refused batch");
    } finally {
      await h?.close();
    }
  });

  async function assertNothingStarted(): Promise<void> {
    assert.equal(await count(h, "job_batch"), 0, "no batch stored");
    assert.equal(await count(h, "auto_annotation_job"), 0, "no job stored");
  }

  it("one task of another tenant: NOT_FOUND naming it, nothing started", async () => {
    const mine = [h.addTask({ labels: labels() }), h.addTask({ labels: labels() })];
    const theirs = h.addTask({ labels: labels(), tenantId: "tenant-other" });
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: [mine[0].id, theirs.id, mine[1].id], modelId } }));
    assert.equal(e.extensions?.code, "NOT_FOUND");
    assert.match(e.message, new RegExp(theirs.id));
    assert.deepEqual([(e.extensions?.details as any)?.taskId, (e.extensions?.details as any)?.path], [theirs.id, "taskIds[1]"]);
    await assertNothingStarted();
  });

  it("a task whose suggested mapping does not resolve: INVALID_MAPPING naming that task, nothing started", async () => {
    const good = h.addTask({ labels: labels() });
    const unrelated = h.addTask({ labels: [{ id: "l-x", name: "giraffe", type: ShapeType.RECTANGLE }] });
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: [good.id, unrelated.id], modelId } }));
    assert.equal(e.extensions?.code, "INVALID_MAPPING");
    assert.match(e.message, new RegExp(unrelated.id));
    assert.equal((e.extensions?.details as any)?.taskId, unrelated.id);
    await assertNothingStarted();
  });

  it("a given mapping is applied to each task: a task lacking its task label is INVALID_MAPPING, nothing started", async () => {
    const a = h.addTask({ labels: [{ id: "a-1", name: "pedestrian", type: ShapeType.RECTANGLE }] });
    const b = h.addTask({ labels: [{ id: "b-1", name: "person", type: ShapeType.RECTANGLE }] });
    const mapping = [{ modelLabel: "person", taskLabel: "pedestrian" }];
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: [a.id, b.id], modelId, mapping } }));
    assert.equal(e.extensions?.code, "INVALID_MAPPING");
    assert.equal((e.extensions?.details as any)?.taskId, b.id);
    await assertNothingStarted();
  });

  it("a per-class threshold for a label one task lacks: INVALID_THRESHOLD naming that task, nothing started", async () => {
    const a = h.addTask({ labels: labels() });
    // "pedestrian" takes the model's "person" by synonym, but has no label called "person".
    const b = h.addTask({ labels: [{ id: "b-1", name: "pedestrian", type: ShapeType.RECTANGLE }] });
    const e = errorOf(
      await h.exec(START_BATCH, { input: { taskIds: [a.id, b.id], modelId, thresholds: [{ label: "person", threshold: 0.7 }] } }),
    );
    assert.equal(e.extensions?.code, "INVALID_THRESHOLD");
    assert.equal((e.extensions?.details as any)?.taskId, b.id);
    await assertNothingStarted();
  });

  it("an input out of range is refused once, for the batch, before any task is described", async () => {
    const t = h.addTask({ labels: labels() });
    const described = h.describeTaskRequests.length;
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: [t.id], modelId, reviewBelow: 1.5 } }));
    assert.equal(e.extensions?.code, "INVALID_THRESHOLD");
    assert.equal((e.extensions?.details as any)?.taskId, undefined, "not one task's fault");
    assert.equal(h.describeTaskRequests.length, described);
    await assertNothingStarted();
  });

  it("an empty list, a repeated task and more than BATCH_MAX_TASKS: INVALID_BATCH", async () => {
    const t = h.addTask({ labels: labels() });
    const cases: [string[], string][] = [
      [[], "EMPTY"],
      [[t.id, t.id], "DUPLICATE"],
      [Array.from({ length: 5 }, () => randomUUID()), "TOO_MANY"],
    ];
    for (const [taskIds, reason] of cases) {
      const e = errorOf(await h.exec(START_BATCH, { input: { taskIds, modelId } }));
      assert.equal(e.extensions?.code, "INVALID_BATCH", JSON.stringify(taskIds));
      assert.equal((e.extensions?.details as any)?.reason, reason);
    }
    await assertNothingStarted();
  });

  it("an unknown model: NOT_FOUND naming the model", async () => {
    const t = h.addTask({ labels: labels() });
    const missing = randomUUID();
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: [t.id], modelId: missing } }));
    assert.equal(e.extensions?.code, "NOT_FOUND");
    assert.match(e.message, new RegExp(missing));
    await assertNothingStarted();
  });
});

describe("startAutoAnnotationBatch: a task with an active job", () => {
  let h: Harness;
  before(async () => (h = await Harness.start()));
  after(async () => h?.close());

  it("JOB_ALREADY_RUNNING naming the task; no job of the batch is stored", async () => {
    const modelId = h.addModel({ labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
    const [a, busy, c] = [h.addTask({ labels: labels() }), h.addTask({ labels: labels() }), h.addTask({ labels: labels() })];
    const running = (await h.ok(START, { input: { taskId: busy.id, modelId } })).startAutoAnnotation;
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: [a.id, busy.id, c.id], modelId } }));
    assert.equal(e.extensions?.code, "JOB_ALREADY_RUNNING");
    assert.equal((e.extensions?.details as any)?.taskId, busy.id);
    assert.equal((e.extensions?.details as any)?.jobId, running.id);
    assert.equal(await count(h, "job_batch"), 0);
    assert.equal(await count(h, "auto_annotation_job"), 1, "only the job started alone");
  });
});

describe("startAutoAnnotationBatch: tenant limits apply to the batch as a whole", () => {
  let h: Harness;
  before(async () => (h = await Harness.start({ tenantMaxConcurrentJobs: 2, tenantMaxFramesPerHour: 10 })));
  after(async () => h?.close());

  it("3 tasks with TENANT_MAX_CONCURRENT_JOBS=2: TENANT_JOB_LIMIT, nothing started", async () => {
    const modelId = h.addModel({ labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
    const tasks = [1, 2, 3].map(() => h.addTask({ size: 1, labels: labels() }));
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: tasks.map((t) => t.id), modelId } }));
    assert.equal(e.extensions?.code, "TENANT_JOB_LIMIT");
    assert.deepEqual(e.extensions?.details, { limit: 2, active: 0, requested: 3 });
    assert.equal(await count(h, "job_batch"), 0);
    assert.equal(await count(h, "auto_annotation_job"), 0);
  });

  it("frames summed over the batch past TENANT_MAX_FRAMES_PER_HOUR: TENANT_FRAME_QUOTA, nothing started", async () => {
    const modelId = h.addModel({ labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
    // 6 + 6 frames: each alone is within the 10 per hour, together they are not.
    const tasks = [1, 2].map(() => h.addTask({ size: 6, labels: labels() }));
    const e = errorOf(await h.exec(START_BATCH, { input: { taskIds: tasks.map((t) => t.id), modelId } }));
    assert.equal(e.extensions?.code, "TENANT_FRAME_QUOTA");
    assert.equal((e.extensions?.details as any)?.requested, 12);
    assert.equal(await count(h, "auto_annotation_job"), 0);

    const ok = (await h.ok(START_BATCH, { input: { taskIds: [tasks[0].id], modelId } })).startAutoAnnotationBatch as Batch;
    assert.equal(ok.jobs.length, 1, "one of them alone fits");
  });
});

describe("a batch runs: one job per task, shared progress, per-task results, cancel", () => {
  let h: Harness;
  let modelId: string;
  before(async () => {
    h = await Harness.start({ progressThrottleMs: 100, progressPollMs: 1_000 });
    modelId = h.addModel({ defaultThreshold: 0.4, labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
  });
  after(async () => h?.close());

  it("starts a job per task under the batch, streams its progress until every job is final, then reads it COMPLETED", async () => {
    const tasks = [3, 2, 4].map((size) => h.addTask({ size, labels: labels() }));
    const batch = (await h.ok(START_BATCH, { input: { taskIds: tasks.map((t) => t.id), modelId } })).startAutoAnnotationBatch as Batch;
    assert.equal(batch.status, "RUNNING");
    assert.deepEqual(
      batch.jobs.map((j) => [j.taskId, j.status, j.framesTotal, j.mapping[0]?.taskLabel]),
      tasks.map((t) => [t.id, "RUNNING", t.size, "person"]),
      "one RUNNING job per task, in the order given, each with its own suggested mapping",
    );
    assert.equal(batch.framesTotal, 9);
    const [{ n }] = await h.dataSource.query(`SELECT count(*)::int AS n FROM annotation_job.auto_annotation_job WHERE batch_id = $1`, [
      batch.id,
    ]);
    assert.equal(n, 3, "every job row names the batch");

    const stream = await h.subscribe(PROGRESS, { id: batch.id });
    assert.ok(Symbol.asyncIterator in stream, JSON.stringify(stream));
    const reading = readAll(stream);
    for (const [i, job] of batch.jobs.entries()) {
      const task = tasks[i];
      const frames = await h.takeInferFrames(job.id, task.size);
      assert.equal(frames.length, task.size);
      for (const { message } of frames) {
        if (i === 1 && message.frame === 0) await h.frameFailed(job.id, task.id, 0, FrameFailureCode.EMPTY_IMAGE, "0 bytes");
        else await h.frameInferred(job.id, task.id, message.frame);
      }
      await h.takeTaskCommand(job.id);
      await h.annotationsCommitted(job.id, task.id);
    }
    const events = await reading;
    const last = events.at(-1)!;
    assert.equal(last.status, "COMPLETED", "the stream ends with every job final");
    assert.deepEqual(
      last.jobs.map((j) => j.status),
      ["COMPLETED", "COMPLETED", "COMPLETED"],
    );
    assert.deepEqual([last.framesDone, last.framesFailed], [8, 1]);
    assert.ok(last.finishedAt);
    for (const e of events.slice(0, -1)) assert.equal(e.status, "RUNNING", "only the last event is final");
    assert.equal(h.app.feed.listenerCount, 0, "the stream stopped listening to the batch's jobs");

    const read = (await h.ok(BATCH, { id: batch.id })).autoAnnotationBatch as Batch;
    assert.equal(read.status, "COMPLETED");
    assert.equal(read.finishedAt, last.finishedAt);
    const [{ finished_at }] = await h.dataSource.query(`SELECT finished_at FROM annotation_job.job_batch WHERE id = $1`, [batch.id]);
    assert.equal(new Date(finished_at).toISOString(), read.finishedAt, "the end is recorded on the batch row");
  });

  it("gives every job the batch's settings, per-class thresholds resolved on each task's own labels", async () => {
    const tasks = [1, 1].map((size) => h.addTask({ size, labels: labels() }));
    const input = { taskIds: tasks.map((t) => t.id), modelId, thresholds: [{ label: "person", threshold: 0.7 }], reviewBelow: 0.6 };
    const { startAutoAnnotationBatch: batch } = await h.ok(
      `mutation S($input: StartAutoAnnotationBatchInput!) { startAutoAnnotationBatch(input: $input) {
        id jobs { id taskId reviewBelow thresholds { taskLabelId taskLabel threshold } } } }`,
      { input },
    );
    assert.deepEqual(
      batch.jobs.map((j: any) => [j.taskId, j.reviewBelow, j.thresholds]),
      tasks.map((t) => [t.id, 0.6, [{ taskLabelId: t.labels[0].id, taskLabel: "person", threshold: 0.7 }]]),
    );
    for (const [i, job] of batch.jobs.entries()) {
      const [{ message }] = await h.takeInferFrames(job.id, 1);
      assert.deepEqual(
        message.labelThresholds.map((l) => [l.taskLabelId, Math.round(l.threshold * 100) / 100]),
        [[tasks[i].labels[0].id, 0.7]],
      );
    }
    await h.ok(CANCEL_BATCH, { id: batch.id });
    for (const [i, job] of batch.jobs.entries()) await h.annotationsDiscarded(job.id, tasks[i].id);
  });

  it("cancelling the batch cancels every active job; the batch ends CANCELLED", async () => {
    const tasks = [2, 2].map((size) => h.addTask({ size, labels: labels() }));
    const batch = (await h.ok(START_BATCH, { input: { taskIds: tasks.map((t) => t.id), modelId } })).startAutoAnnotationBatch as Batch;
    const cancelled = (await h.ok(CANCEL_BATCH, { id: batch.id })).cancelAutoAnnotationBatch as Batch;
    assert.equal(cancelled.status, "RUNNING", "its jobs are CANCELLING until the tasks confirm");
    assert.deepEqual(
      cancelled.jobs.map((j) => j.status),
      ["CANCELLING", "CANCELLING"],
    );
    for (const [i, job] of batch.jobs.entries()) {
      assert.equal(await h.cancelMark(job.id), "cancelled");
      await h.annotationsDiscarded(job.id, tasks[i].id);
    }
    const stream = await h.subscribe(PROGRESS, { id: batch.id });
    assert.ok(Symbol.asyncIterator in stream);
    const events = await readAll(stream);
    assert.equal(events.at(-1)!.status, "CANCELLED");
    const again = errorOf(await h.exec(CANCEL_BATCH, { id: batch.id }));
    assert.equal(again.extensions?.code, "JOB_NOT_ACTIVE");
  });

  it("another tenant's batch is null to read, NOT_FOUND to cancel or subscribe", async () => {
    const task = h.addTask({ size: 1, labels: labels() });
    const batch = (await h.ok(START_BATCH, { input: { taskIds: [task.id], modelId } })).startAutoAnnotationBatch as Batch;
    const other = "tenant-other";
    assert.equal((await h.ok(BATCH, { id: batch.id }, other)).autoAnnotationBatch, null);
    assert.equal((await h.ok(BATCH, { id: "not-a-uuid" })).autoAnnotationBatch, null);
    assert.equal(errorOf(await h.exec(CANCEL_BATCH, { id: batch.id }, other)).extensions?.code, "NOT_FOUND");
    const sub = await h.subscribe(PROGRESS, { id: batch.id }, other);
    assert.ok(!(Symbol.asyncIterator in sub), "no stream for another tenant's batch");
    assert.equal(sub.errors?.[0]?.extensions?.code, "NOT_FOUND");
    const mine = (await h.ok(BATCH, { id: batch.id })).autoAnnotationBatch as Batch;
    assert.equal(mine.jobs[0].status, "RUNNING", "and it did not touch the batch");
  });
});
