import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { createLogger } from "@prelabel/service-kit";
import { Consumers, ShapeType } from "@prelabel/proto";
import { JobOutcomeService, type FrameOutcome, type OutcomeResult } from "../src/application/job-outcome.service.js";
import { OutcomeBatcher } from "../src/application/outcome.batcher.js";
import type { AutoAnnotationJob } from "../src/domain/auto-annotation-job.js";
import { NatsAnnotationCommands } from "../src/messaging/publishers/annotation-commands.publisher.js";
import { TypeormJobRepository } from "../src/persistence/job.repository.js";
import { eventually, Harness, JOB_FIELDS } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const A = `tenant-a-${randomUUID()}`;
const B = `tenant-b-${randomUUID()}`;
const labels = [{ id: `person-${randomUUID()}`, name: "person", type: ShapeType.RECTANGLE }];

const inferred = (job: { id: string }, frame: number, tenantId: string, dropped = 0): FrameOutcome => ({
  tenantId,
  jobId: job.id,
  frame,
  workerId: "w",
  succeeded: true,
  shapeCount: 1,
  droppedAttributeValues: dropped,
  unmappedDetections: 0,
  inferenceMs: 3,
});
const failed = (job: { id: string }, frame: number, tenantId: string): FrameOutcome => ({
  tenantId,
  jobId: job.id,
  frame,
  workerId: "w",
  succeeded: false,
  code: "CORRUPT_IMAGE",
  reason: "bad bytes",
});
const kinds = (results: OutcomeResult[]) => results.map((r) => r.kind);

describe("frame outcomes recorded in batches: exactly once per (job, frame), counters of record (real PostgreSQL + NATS)", () => {
  let h: Harness;
  let modelId: string;

  before(async () => {
    h = await Harness.start();
    modelId = h.addModel({ labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
  });
  after(async () => {
    await h?.close();
  });

  /** A RUNNING job of `tenantId` over `size` frames; its InferFrame messages are taken off the queue. */
  const runningJob = async (tenantId: string, size: number, input: Record<string, unknown> = {}) => {
    const task = h.addTask({ labels, tenantId, size });
    const job = (await h.ok(START, { input: { taskId: task.id, modelId, ...input } }, tenantId)).startAutoAnnotation;
    assert.equal(job.status, "RUNNING");
    await h.takeInferFrames(job.id, job.framesTotal);
    return { id: job.id as string, taskId: task.id };
  };

  /** The job row's counters beside a count of its stored outcomes. */
  const counted = async (jobId: string) => {
    const [row]: { status: string; done: number; failed: number; dropped: number; stored_done: number; stored_failed: number }[] =
      await h.dataSource.query(
        `SELECT j.status, j.frames_done AS done, j.frames_failed AS failed, j.dropped_attribute_values AS dropped,
                (SELECT count(*) FILTER (WHERE succeeded)::int FROM annotation_job.frame_outcome WHERE job_id = j.id) AS stored_done,
                (SELECT count(*) FILTER (WHERE NOT succeeded)::int FROM annotation_job.frame_outcome WHERE job_id = j.id) AS stored_failed
           FROM annotation_job.auto_annotation_job j WHERE j.id = $1`,
        [jobId],
      );
    return row;
  };

  it("duplicates within a batch and across batches count once; frames outside the job and another tenant's claims are dropped", async () => {
    const job = await runningJob(A, 6, { frameRange: { start: 1, stop: 4 } });
    const first = await h.app.outcomes.recordJobOutcomes([
      inferred(job, 1, A, 2),
      inferred(job, 1, A, 5), // the same frame again in the same batch
      failed(job, 2, A),
      inferred(job, 5, A), // outside 1..4
      inferred(job, 3, B), // B names A's job
    ]);
    assert.deepEqual(kinds(first), ["recorded", "duplicate", "recorded", "dropped", "dropped"]);
    assert.deepEqual(await counted(job.id), { status: "RUNNING", done: 1, failed: 1, dropped: 2, stored_done: 1, stored_failed: 1 });

    // A redelivery of the whole first batch (a crash after its commit, before the acks) beside a new frame.
    const second = await h.app.outcomes.recordJobOutcomes([inferred(job, 1, A, 2), failed(job, 2, A), inferred(job, 3, A)]);
    assert.deepEqual(kinds(second), ["duplicate", "duplicate", "recorded"]);
    assert.deepEqual(await counted(job.id), { status: "RUNNING", done: 2, failed: 1, dropped: 2, stored_done: 2, stored_failed: 1 });

    // The last frame settles the job: COMMITTING and one CommitAnnotations with the succeeded frames.
    const last = await h.app.outcomes.recordJobOutcomes([inferred(job, 4, A), inferred(job, 4, A)]);
    assert.deepEqual(kinds(last), ["recorded", "duplicate"]);
    assert.equal((last[0] as Extract<OutcomeResult, { kind: "recorded" }>).committing, true);
    assert.deepEqual(await counted(job.id), { status: "COMMITTING", done: 3, failed: 1, dropped: 2, stored_done: 3, stored_failed: 1 });
    const command = await h.takeTaskCommand(job.id);
    assert.deepEqual(command.commit?.succeededFrames, [1, 3, 4]);

    // Redelivered after COMMITTING: the stored frame re-sends the commit, an unknown one is dropped, nothing counts.
    const late = await h.app.outcomes.recordJobOutcomes([inferred(job, 4, A), inferred(job, 5, A)]);
    assert.deepEqual(kinds(late), ["commit-resent", "dropped"]);
    assert.deepEqual(await counted(job.id), { status: "COMMITTING", done: 3, failed: 1, dropped: 2, stored_done: 3, stored_failed: 1 });
  });

  it("one batcher turn spanning two jobs of two tenants: one transaction per job, each outcome its own result", async () => {
    const jobA = await runningJob(A, 3);
    const jobB = await runningJob(B, 3);
    const batches: string[][] = [];
    const batcher = new OutcomeBatcher(async (batch) => {
      batches.push(batch.map((o) => `${o.jobId === jobA.id ? "A" : "B"}${o.frame}`));
      return h.app.outcomes.recordJobOutcomes(batch);
    });
    const results = await Promise.all([
      batcher.submit(inferred(jobA, 0, A)),
      batcher.submit(inferred(jobB, 0, B)),
      batcher.submit(inferred(jobA, 1, A)),
      batcher.submit(inferred(jobB, 0, B)), // duplicate in B's batch
      batcher.submit(inferred(jobA, 2, B)), // B's claim on A's job
      batcher.submit(failed(jobB, 1, B)),
    ]);
    assert.deepEqual(kinds(results), ["recorded", "recorded", "recorded", "duplicate", "dropped", "recorded"]);
    assert.deepEqual(batches.sort(), [
      ["A0", "A1", "A2"],
      ["B0", "B0", "B1"],
    ]);
    assert.deepEqual(await counted(jobA.id), { status: "RUNNING", done: 2, failed: 0, dropped: 0, stored_done: 2, stored_failed: 0 });
    assert.deepEqual(await counted(jobB.id), { status: "RUNNING", done: 1, failed: 1, dropped: 0, stored_done: 1, stored_failed: 1 });
  });

  it("a crash between the database commit and the acks: the redelivered messages count nothing twice and the job completes", async () => {
    const job = await runningJob(A, 40);
    // The first batch the consumer records commits, then "the process dies" before its messages are acked: they
    // come back (nak) and are recorded again, as duplicates.
    const record = h.app.outcomes.recordJobOutcomes.bind(h.app.outcomes);
    let crashed = 0;
    h.app.outcomes.recordJobOutcomes = async (batch) => {
      const results = await record(batch);
      if (crashed++ === 0) throw new Error("crash after the commit, before the acks");
      return results;
    };
    try {
      // Every frame twice under distinct message ids (a worker redelivery JetStream does not de-duplicate).
      await Promise.all(
        Array.from({ length: 40 }, (_, f) => [
          h.frameInferred(job.id, job.taskId, f, { tenantId: A, msgId: `${job.id}.${f}` }),
          h.frameInferred(job.id, job.taskId, f, { tenantId: A, msgId: `${job.id}.${f}.again` }),
        ]).flat(),
      );
      const command = await h.takeTaskCommand(job.id, 15_000);
      assert.equal(command.commit?.succeededFrames.length, 40);
      await eventually(async () => ((await h.pending(Consumers.frameOutcomes)) === 0 ? true : undefined), 10_000, "every outcome acked");
      assert.ok(crashed >= 2, "the crashed batch was recorded again");
      assert.deepEqual(await counted(job.id), { status: "COMMITTING", done: 40, failed: 0, dropped: 0, stored_done: 40, stored_failed: 0 });
    } finally {
      h.app.outcomes.recordJobOutcomes = record;
    }
  });

  it("a crash between the database commit and the CommitAnnotations publish: the redelivered batch sends the commit", async () => {
    const job = await runningJob(B, 2);
    // The service as app.ts builds it, over the same database, with a publisher that is down once.
    let down = true;
    const nats = new NatsAnnotationCommands(h.messaging);
    const outcomes = new JobOutcomeService({
      jobs: new TypeormJobRepository(h.dataSource),
      annotations: {
        commit: async (j: AutoAnnotationJob, frames: readonly number[]) => {
          if (down) {
            down = false;
            throw new Error("NATS away");
          }
          await nats.commit(j, frames);
        },
        discard: (j: AutoAnnotationJob) => nats.discard(j),
      },
      progress: { publish: () => undefined },
      logger: createLogger("outcome-batches-test", "silent"),
    });
    const batch = [inferred(job, 0, B), failed(job, 1, B)];
    await assert.rejects(outcomes.recordJobOutcomes(batch), /NATS away/);
    assert.equal((await counted(job.id)).status, "COMMITTING", "the database side committed");
    // The messages were not acked: redelivered, they are not counted again but send the commit.
    assert.deepEqual(kinds(await outcomes.recordJobOutcomes(batch)), ["commit-resent", "commit-resent"]);
    const command = await h.takeTaskCommand(job.id);
    assert.deepEqual(command.commit?.succeededFrames, [0]);
    assert.deepEqual(await counted(job.id), { status: "COMMITTING", done: 1, failed: 1, dropped: 0, stored_done: 1, stored_failed: 1 });
  });
});
