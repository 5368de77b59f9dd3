import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { SecretBox } from "@prelabel/secret-box";
import { GraphQLTestClient } from "@prelabel/testing";
import { allAnnotations } from "./support/jobs.js";
import {
  ADD_FRAMES,
  BATCH,
  BATCH_PROGRESS_SUBSCRIPTION,
  CANCEL_BATCH,
  CREATE_TASK,
  START_BATCH,
  TASK_ANNOTATIONS,
} from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

const CATALOG_MODEL = "text-detection";

/** startAutoAnnotationBatch through the gateway (cloud mode, so that another tenant's task exists). */
describe("many tasks at once: startAutoAnnotationBatch through the gateway", () => {
  let sys: System;
  let other: GraphQLTestClient;
  let finishedBatchId: string | undefined;
  const docs = sampleDocuments();

  before(async () => {
    sys = await startSystem({ workers: 1, env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") } });
    const b = await sys.createTenant("Other tenant");
    other = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: b.apiKey });
  });
  after(async () => {
    await other?.close();
    await sys?.stop();
  });

  async function createTask(client: GraphQLTestClient, name: string, labelName: string, frames: typeof docs): Promise<{ id: string }> {
    const { createTask: task } = await client.must(CREATE_TASK, {
      input: { name, labels: [{ name: labelName, type: "POLYGON", attributes: [] }] },
    });
    const res = await client.upload(ADD_FRAMES, { taskId: task.id }, "files", frames);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    return task;
  }

  async function jobsOf(taskId: string): Promise<{ id: string; status: string }[]> {
    return (await sys.client.must(TASK_ANNOTATIONS, { id: taskId })).task.autoAnnotationJobs;
  }

  it("runs one job per task under one batch, streams its progress (graphql-ws) to COMPLETED with each task's results", async () => {
    // Three small tasks whose label names differ: each gets its own suggested mapping.
    const tasks = [
      await createTask(sys.client, "batch-a", "Text", docs.slice(0, 1)),
      await createTask(sys.client, "batch-b", "text", docs.slice(1, 3)),
      await createTask(sys.client, "batch-c", "TEXT", docs.slice(0, 2)),
    ];
    const { startAutoAnnotationBatch: batch } = await sys.client.must(START_BATCH, {
      input: { taskIds: tasks.map((t) => t.id), modelId: CATALOG_MODEL, convertMasksToPolygons: true },
    });
    assert.equal(batch.status, "RUNNING");
    assert.equal(batch.framesTotal, 5);
    assert.equal(batch.model.id, CATALOG_MODEL);
    assert.deepEqual(
      batch.jobs.map((j: any) => [j.task.id, j.framesTotal, j.mapping.map((m: any) => [m.modelLabel, m.taskLabel])]),
      [
        [tasks[0].id, 1, [["text", "Text"]]],
        [tasks[1].id, 2, [["text", "text"]]],
        [tasks[2].id, 2, [["text", "TEXT"]]],
      ],
    );

    const events: any[] = [];
    for await (const ev of sys.client.subscribe(BATCH_PROGRESS_SUBSCRIPTION, { batchId: batch.id })) {
      assert.equal(ev.errors, undefined, JSON.stringify(ev.errors));
      events.push(ev.data!.autoAnnotationBatchProgress);
    }
    const last = events.at(-1);
    assert.equal(last.status, "COMPLETED", JSON.stringify(last));
    assert.deepEqual(
      last.jobs.map((j: any) => j.status),
      ["COMPLETED", "COMPLETED", "COMPLETED"],
    );
    assert.equal(last.framesDone, 5);
    assert.equal(last.etaSeconds, 0);
    assert.ok(last.finishedAt);
    assert.ok(last.model.name.length > 0, "model { name } resolved from the model registry");
    assert.deepEqual(
      last.jobs.map((j: any) => j.task.name),
      ["batch-a", "batch-b", "batch-c"],
      "task { name } resolved from the task subgraph",
    );
    for (let i = 1; i < events.length; i++) {
      assert.ok(events[i].framesDone + events[i].framesFailed >= events[i - 1].framesDone + events[i - 1].framesFailed, "never goes back");
    }

    // Per-task results: each task's annotations are its own job's.
    for (const [i, task] of tasks.entries()) {
      const anns = await allAnnotations(sys.client, task.id);
      assert.ok(anns.length > 0, `task ${i} has results`);
      assert.ok(
        anns.every((a) => a.jobId === last.jobs[i].id && a.source === "AUTO"),
        `task ${i}'s annotations are its job's`,
      );
    }
    const { autoAnnotationBatch: read } = await sys.client.must(BATCH, { id: batch.id });
    assert.equal(read.status, "COMPLETED");
    assert.equal(read.finishedAt, last.finishedAt);
    finishedBatchId = batch.id;
  });

  it("a batch with one task of another tenant: NOT_FOUND naming it, and no job on any of the tasks", async () => {
    const mine = [
      await createTask(sys.client, "mine-1", "Text", docs.slice(0, 1)),
      await createTask(sys.client, "mine-2", "Text", docs.slice(0, 1)),
    ];
    const theirs = await createTask(other, "theirs", "Text", docs.slice(0, 1));
    const res = await sys.client.request(START_BATCH, {
      input: { taskIds: [mine[0].id, theirs.id, mine[1].id], modelId: CATALOG_MODEL },
    });
    assert.equal(res.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(res.errors));
    assert.match(res.errors[0].message, new RegExp(theirs.id));
    assert.equal(res.data?.startAutoAnnotationBatch ?? null, null);
    for (const task of mine) assert.deepEqual(await jobsOf(task.id), [], "no job was started on the caller's tasks");
    const theirJobs = (await other.must(TASK_ANNOTATIONS, { id: theirs.id })).task.autoAnnotationJobs;
    assert.deepEqual(theirJobs, [], "nor on the other tenant's task");
  });

  it("another tenant cannot read, cancel or follow the batch; cancelling a finished batch is JOB_NOT_ACTIVE", async () => {
    assert.ok(finishedBatchId, "the first test ran a batch");
    assert.equal((await other.must(BATCH, { id: finishedBatchId })).autoAnnotationBatch, null);
    const refused = await other.request(CANCEL_BATCH, { batchId: finishedBatchId });
    assert.equal(refused.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(refused));
    const sse: any[] = [];
    for await (const ev of other.subscribeSse(BATCH_PROGRESS_SUBSCRIPTION, { batchId: finishedBatchId })) sse.push(ev);
    assert.ok(sse.length > 0 && sse.every((e) => (e.data ?? null) === null), JSON.stringify(sse));
    assert.equal(sse[0].errors?.[0]?.extensions?.code, "NOT_FOUND");

    const own = await sys.client.request(CANCEL_BATCH, { batchId: finishedBatchId });
    assert.equal(own.errors?.[0]?.extensions?.code, "JOB_NOT_ACTIVE", JSON.stringify(own));
    // Its own SSE stream: the final state at once, then the end.
    const events: any[] = [];
    for await (const ev of sys.client.subscribeSse(BATCH_PROGRESS_SUBSCRIPTION, { batchId: finishedBatchId })) events.push(ev);
    assert.equal(events.length, 1, JSON.stringify(events));
    assert.equal(events[0].data?.autoAnnotationBatchProgress.status, "COMPLETED");
  });
});
