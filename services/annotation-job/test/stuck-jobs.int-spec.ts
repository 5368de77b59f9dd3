import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Header, Messaging } from "@prelabel/messaging";
import { Consumers, FrameFailureCode, ShapeType } from "@prelabel/proto";
import { createLogger } from "@prelabel/service-kit";
import type { DataSource } from "typeorm";
import { StuckJobSweeper } from "../src/application/stuck-job.sweeper.js";
import { queuedJob } from "../src/domain/auto-annotation-job.js";
import { NatsAnnotationCommands } from "../src/messaging/publishers/annotation-commands.publisher.js";
import { KvCancelMarks } from "../src/messaging/publishers/cancel-mark.publisher.js";
import { createDataSource } from "../src/persistence/data-source.js";
import { TypeormJobRepository } from "../src/persistence/job.repository.js";
import { eventually, Harness, JOB_FIELDS, sleep } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id status } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { ${JOB_FIELDS} failureCode failureReason } }`;
const CANCEL = `mutation Cancel($jobId: ID!) { cancelAutoAnnotation(jobId: $jobId) { id status } }`;
const settings = { jobSweepIntervalMs: 0, jobStaleAfterMs: 60_000, jobCommitMaxRedrives: 2 };

describe("stuck-job sweeper (real PostgreSQL + NATS)", () => {
  let h: Harness;
  let modelId: string;
  // A second replica: its own pool, its own NATS connection, its own sweeper.
  let otherDb: DataSource;
  let otherNats: Messaging;
  let otherSweeper: StuckJobSweeper;

  const newTask = () => h.addTask({ size: 3, labels: [{ id: `car-${randomUUID()}`, name: "car", type: ShapeType.RECTANGLE }] });
  const job = async (id: string) => (await h.ok(JOB, { id })).autoAnnotationJob;
  const backdate = (id: string, minutes = 10) =>
    h.dataSource.query(`UPDATE annotation_job.auto_annotation_job SET updated_at = now() - make_interval(mins => $2) WHERE id = $1`, [
      id,
      minutes,
    ]);
  const waitFor = (id: string, status: string) =>
    eventually(
      async () => {
        const j = await job(id);
        return j.status === status ? j : undefined;
      },
      5_000,
      `job ${id} to be ${status}`,
    );
  /** No task command is waiting (the sweeper's sends are acked by JetStream before sweepOnce returns). */
  const noMoreCommands = async (id: string) => {
    await sleep(200);
    assert.equal(await h.pending(Consumers.annotationCommands), 0, `no further command (job ${id})`);
  };

  /** A job whose frames all settled: COMMITTING, with its original CommitAnnotations taken (and so lost). */
  async function committingJob(): Promise<{ id: string; taskId: string }> {
    const task = newTask();
    const { id } = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    await h.takeInferFrames(id, 3);
    await h.frameInferred(id, task.id, 0);
    await h.frameFailed(id, task.id, 1, FrameFailureCode.CORRUPT_IMAGE, "bad");
    await h.frameInferred(id, task.id, 2);
    await waitFor(id, "COMMITTING");
    const original = await h.takeTaskCommand(id);
    assert.equal(original.msgId, `commit.${id}`);
    return { id, taskId: task.id };
  }

  /** A job stored QUEUED by a process that died before publishing any frame. */
  async function orphanQueuedJob(): Promise<{ id: string; taskId: string }> {
    const task = newTask();
    const job = queuedJob(
      {
        id: randomUUID(),
        tenantId: "default",
        taskId: task.id,
        modelId,
        modelRuntime: "catalog:test-detector",
        framesTotal: 3,
        threshold: 0.5,
        convertMasksToPolygons: false,
        cleanOldAnnotations: false,
        tracking: null,
        labelThresholds: [],
        tiling: null,
        reviewBelow: null,
        mapping: [],
        frameStart: 0,
        frameStop: 2,
        frameRangeExplicit: false,
      },
      new Date(),
    );
    const row = await new TypeormJobRepository(h.dataSource).insert(job);
    return { id: row.id, taskId: task.id };
  }

  before(async () => {
    h = await Harness.start(settings);
    modelId = h.addModel({ defaultThreshold: 0.5, labels: [{ name: "car", type: ShapeType.RECTANGLE }] }).id;
    otherDb = createDataSource({ url: h.db.url, poolSize: 3 });
    await otherDb.initialize();
    otherNats = await Messaging.connect({ url: h.nats.url, namespace: h.nats.namespace, name: "annotation-job-replica-2" });
    otherSweeper = new StuckJobSweeper(
      {
        jobs: new TypeormJobRepository(otherDb),
        annotations: new NatsAnnotationCommands(otherNats),
        cancelMarks: new KvCancelMarks(otherNats),
        progress: { publish: () => undefined },
        logger: createLogger("replica-2", "silent"),
      },
      { staleAfterMs: settings.jobStaleAfterMs, maxCommitRedrives: settings.jobCommitMaxRedrives, batchSize: 100 },
    );
  });
  after(async () => {
    await otherNats?.close();
    await otherDb?.destroy();
    await h?.close();
  });

  it("re-sends a lost commit once, with the succeeded frames, and the job completes", async () => {
    const { id, taskId } = await committingJob();
    assert.deepEqual(await h.app.sweeper.sweepOnce(), [], "a fresh COMMITTING job is not stuck");
    await noMoreCommands(id);

    await backdate(id);
    const [mine, theirs] = await Promise.all([h.app.sweeper.sweepOnce(), otherSweeper.sweepOnce()]);
    assert.deepEqual(
      [...mine, ...theirs].map((s) => [s.jobId, s.action]),
      [[id, "resend-commit"]],
      "one of the two replicas did it",
    );
    const resent = await h.takeTaskCommand(id);
    assert.equal(resent.msgId, `commit.${id}.r1`);
    assert.deepEqual(resent.commit?.succeededFrames, [0, 2]);
    assert.equal(resent.commit?.taskId, taskId);
    await noMoreCommands(id);
    assert.deepEqual(await h.app.sweeper.sweepOnce(), [], "the re-send counts as progress");

    await h.annotationsCommitted(id, taskId);
    const done = await waitFor(id, "COMPLETED");
    assert.equal(done.failureCode, null);
    await backdate(id);
    assert.deepEqual(await h.app.sweeper.sweepOnce(), [], "finished jobs are never swept");
    await noMoreCommands(id);
  });

  it("fails a QUEUED job whose frames were never published, skips and discards anything sent, and frees the task", async () => {
    const { id, taskId } = await orphanQueuedJob();
    await backdate(id);
    const swept = await h.app.sweeper.sweepOnce();
    assert.deepEqual(
      swept.map((s) => [s.jobId, s.action, s.status]),
      [[id, "fail-dispatch", "FAILED"]],
    );

    const failed = await job(id);
    assert.equal(failed.status, "FAILED");
    assert.equal(failed.failureCode, "DISPATCH_STALLED");
    assert.match(failed.failureReason, /not all queued/);
    assert.ok(failed.finishedAt);
    assert.equal(await h.cancelMark(id), "cancelled", "workers skip any frame that did go out");
    const discard = await h.takeTaskCommand(id);
    assert.equal(discard.msgId, `discard.${id}`);
    assert.equal(discard.discard?.taskId, taskId);

    const again = (await h.ok(START, { input: { taskId, modelId } })).startAutoAnnotation;
    assert.equal(again.status, "RUNNING", "one active job per task no longer blocks the task");
  });

  it("handles each of several stuck jobs once when two replicas sweep at the same time", async () => {
    const queued = await Promise.all([orphanQueuedJob(), orphanQueuedJob(), orphanQueuedJob()]);
    const committing = await committingJob();
    const ids = [...queued.map((j) => j.id), committing.id];
    for (const id of ids) await backdate(id);

    const [mine, theirs] = await Promise.all([h.app.sweeper.sweepOnce(), otherSweeper.sweepOnce()]);
    const handled = [...mine, ...theirs].map((s) => s.jobId);
    assert.deepEqual([...handled].sort(), [...ids].sort(), "every stuck job, each once");

    for (const { id } of queued) assert.equal((await job(id)).status, "FAILED");
    // Every command waiting on the task's queue, taken at once (the harness's take() drops other jobs' messages).
    const { stream, durable } = Consumers.annotationCommands;
    const consumer = await h.peer.js.consumers.get(h.peer.ns.stream(stream), durable);
    const msgIds: string[] = [];
    for await (const m of await consumer.fetch({ max_messages: 10, expires: 1_500 })) {
      msgIds.push(m.headers?.get(Header.msgId) ?? "");
      await m.ackAck();
    }
    assert.deepEqual(msgIds.sort(), [...queued.map((j) => `discard.${j.id}`), `commit.${committing.id}.r1`].sort(), "one command per job");
    await noMoreCommands("any");
  });

  it("leaves a healthy RUNNING job alone, however long it has been quiet", async () => {
    const task = newTask();
    const { id } = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    await h.takeInferFrames(id, 3);
    await h.frameInferred(id, task.id, 0);
    await eventually(async () => ((await job(id)).framesDone === 1 ? true : undefined));
    await backdate(id, 120);
    const before = await h.dataSource.query(`SELECT updated_at, redrive_count FROM annotation_job.auto_annotation_job WHERE id = $1`, [id]);

    assert.deepEqual(await h.app.sweeper.sweepOnce(), []);
    const after = await h.dataSource.query(`SELECT updated_at, redrive_count FROM annotation_job.auto_annotation_job WHERE id = $1`, [id]);
    assert.deepEqual(after, before, "not even its heartbeat was touched");
    assert.equal((await job(id)).status, "RUNNING");
    await noMoreCommands(id);

    // And it finishes normally afterwards.
    await h.frameInferred(id, task.id, 1);
    await h.frameInferred(id, task.id, 2);
    await waitFor(id, "COMMITTING");
  });

  it("after the last re-sent commit, asks the task to discard, and a discarded job ends FAILED (COMMIT_STALLED)", async () => {
    const { id, taskId } = await committingJob();
    for (const attempt of [1, 2]) {
      await backdate(id);
      assert.deepEqual(
        (await h.app.sweeper.sweepOnce()).map((s) => s.action),
        ["resend-commit"],
      );
      assert.equal((await h.takeTaskCommand(id)).msgId, `commit.${id}.r${attempt}`);
    }
    await backdate(id);
    assert.deepEqual(
      (await h.app.sweeper.sweepOnce()).map((s) => s.action),
      ["discard-stalled-commit"],
    );
    const discard = await h.takeTaskCommand(id);
    assert.equal(discard.msgId, `discard.${id}.r3`);
    assert.equal((await job(id)).status, "COMMITTING", "the task decides: until it answers, the job waits");

    await h.annotationsDiscarded(id, taskId);
    const failed = await waitFor(id, "FAILED");
    assert.equal(failed.failureCode, "COMMIT_STALLED");
    assert.match(failed.failureReason, /discarded/);
  });

  it("re-sends the cancel of a job stuck CANCELLING", async () => {
    const task = newTask();
    const { id } = (await h.ok(START, { input: { taskId: task.id, modelId } })).startAutoAnnotation;
    await h.takeInferFrames(id, 3);
    await h.ok(CANCEL, { jobId: id });
    assert.equal((await h.takeTaskCommand(id)).msgId, `discard.${id}`); // taken: lost
    await backdate(id);
    assert.deepEqual(
      (await h.app.sweeper.sweepOnce()).map((s) => s.action),
      ["resend-discard"],
    );
    assert.equal((await h.takeTaskCommand(id)).msgId, `discard.${id}.r1`);
    await h.annotationsDiscarded(id, task.id);
    await waitFor(id, "CANCELLED");
  });
});
