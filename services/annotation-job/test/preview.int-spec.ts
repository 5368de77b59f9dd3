import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Messaging } from "@prelabel/messaging";
import { Buckets, Consumers, create, FrameFailureCode, InferFrameSchema, ShapeType } from "@prelabel/proto";
import { REPO_ROOT, startDeployable, stopProcesses, type RunningProcess } from "@prelabel/testing";
import { NatsFrameInference } from "../src/clients/frame-inference.client.js";
import { Harness, type TaskFixture } from "./support/harness.js";

/*
 * previewAutoAnnotation and the FrameInference client against a real inference-worker process (the catalog's
 * PP-OCRv4 text model) on real NATS and PostgreSQL; the harness plays the task service and the registry.
 */

const FRAMES_PER_HOUR = 12;
const TEXT_MODEL = "text-detection";
const PREVIEW = `mutation ($input: StartAutoAnnotationInput!, $frames: [Int!]!) {
  previewAutoAnnotation(input: $input, frames: $frames) {
    taskId threshold totalMs model { id }
    thresholds { taskLabelId taskLabel threshold }
    mapping { modelLabel taskLabel taskLabelId }
    frames { frame totalMs inferenceMs decodeMs unmappedDetections droppedAttributeValues
             failure { frame code reason }
             shapes { taskLabelId taskLabel type points score needsReview occluded outside attributes { name value } elements { taskLabel } mask { left } } }
  }
}`;
const START = `mutation ($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id status framesTotal } }`;
const JOBS = `query ($id: ID!) { _entities(representations: [{ __typename: "Task", id: $id }]) { ... on Task { autoAnnotationJobs { id status } } } }`;

describe("previewAutoAnnotation with a real worker", () => {
  let h: Harness;
  let worker: RunningProcess | undefined;
  const documents = ["receipt-01.jpg", "invoice-02.jpg", "sign-03.jpg", "memo-04.jpg"].map((f) =>
    readFileSync(join(REPO_ROOT, "samples", "documents", f)),
  );

  /** A task whose frames are the sample documents, stored where the worker reads them (harness object names). */
  const documentTask = async (fixture: Partial<TaskFixture> = {}): Promise<TaskFixture> => {
    const task = h.addTask({
      size: documents.length,
      labels: [{ id: randomUUID(), name: "Text Line", type: ShapeType.POLYGON }],
      ...fixture,
    });
    const store = await h.peer.objectStore(Buckets.frames);
    for (const [i, bytes] of documents.entries()) await store.putBlob({ name: `sha256-${task.id}-${i}` }, bytes);
    return task;
  };
  const input = (task: TaskFixture, extra: Record<string, unknown> = {}) => ({
    taskId: task.id,
    modelId: TEXT_MODEL,
    mapping: [{ modelLabel: "text", taskLabel: "Text Line" }],
    ...extra,
  });
  const usage = async (tenantId: string): Promise<number> => {
    const [row]: { frames: number }[] = await h.dataSource.query(
      `SELECT coalesce(sum(frames), 0)::int AS frames FROM annotation_job.on_demand_usage WHERE tenant_id = $1 AND kind = 'PREVIEW'`,
      [tenantId],
    );
    return row.frames;
  };

  before(async () => {
    h = await Harness.start({
      tenantMaxFramesPerHour: FRAMES_PER_HOUR,
      previewMaxConcurrentPerTenant: 2,
      previewFrameTimeoutMs: 60_000,
    });
    h.addModel({
      id: TEXT_MODEL,
      runtime: `catalog:${TEXT_MODEL}`,
      defaultThreshold: 0.5,
      labels: [{ name: "text", type: ShapeType.MASK }],
    });
    worker = await startDeployable("inference-worker", {
      env: {
        PATH: process.env.PATH ?? "",
        NATS_URL: h.nats.url,
        NATS_NAMESPACE: h.nats.namespace,
        WORKER_ID: "preview-worker",
        WORKER_CONCURRENCY: "1",
        LOG_LEVEL: "info",
      },
      logDir: mkdtempSync(join(tmpdir(), "prelabel-preview-int-")),
    });
  });

  after(async () => {
    try {
      if (worker) await stopProcesses([worker]);
    } finally {
      await h?.close();
    }
  });

  describe("the FrameInference client", () => {
    it("answers a frame's shapes with the worker's timing; failures and timeouts come back as values, never throws", async () => {
      const task = await documentTask();
      const client = new NatsFrameInference(h.messaging);
      const message = (frame: number, objectName = `sha256-${task.id}-${frame}`) =>
        create(InferFrameSchema, {
          taskId: task.id,
          frame,
          frameObject: objectName,
          model: { id: TEXT_MODEL, runtime: `catalog:${TEXT_MODEL}` },
          threshold: 0.5,
          convertMasksToPolygons: true,
          mapping: [{ modelLabel: "text", taskLabelId: "line", taskLabelType: ShapeType.POLYGON }],
        });

      const ok = await client.infer(message(0), { timeoutMs: 60_000 });
      assert.ok(ok.ok, JSON.stringify(ok));
      assert.ok(ok.inferred.shapes.length >= 3, `${ok.inferred.shapes.length} text regions on the receipt`);
      assert.ok(ok.inferred.shapes.every((s) => s.type === ShapeType.POLYGON && s.labelId === "line"));
      assert.ok(ok.inferenceMs > 0 && ok.decodeMs > 0);

      const missing = await client.infer(message(1, "sha256-not-stored"), { timeoutMs: 60_000 });
      assert.ok(!missing.ok && missing.failed.code === FrameFailureCode.FRAME_MISSING, JSON.stringify(missing));

      const late = await client.infer(message(2), { timeoutMs: 1 });
      assert.ok(!late.ok && late.failed.code === FrameFailureCode.INFERENCE_TIMEOUT, JSON.stringify(late));
      const aborted = new AbortController();
      aborted.abort();
      const cancelled = await client.infer(message(2), { timeoutMs: 60_000, signal: aborted.signal });
      assert.ok(!cancelled.ok && cancelled.failed.code === FrameFailureCode.INFERENCE_TIMEOUT);

      // A namespace no worker serves: nobody answers.
      const elsewhere = await Messaging.connect({ url: h.nats.url, namespace: `${h.nats.namespace}-none`, name: "no-workers" });
      try {
        const none = await new NatsFrameInference(elsewhere).infer(message(0), { timeoutMs: 5_000 });
        assert.ok(!none.ok && none.failed.code === FrameFailureCode.MODEL_UNAVAILABLE, JSON.stringify(none));
        assert.equal(none.failed.frame, 0);
        assert.equal(none.failed.taskId, task.id);
      } finally {
        await elsewhere.close();
      }
    });
  });

  it("returns the frames' shapes without a job, a staged result or a queued frame, and counts the frames", async () => {
    const task = await documentTask();
    const { previewAutoAnnotation: p } = await h.ok(PREVIEW, { input: input(task, { threshold: 0.6 }), frames: [3, 0] });
    assert.equal(p.taskId, task.id);
    assert.equal(p.model.id, TEXT_MODEL);
    assert.equal(p.threshold, 0.6);
    assert.deepEqual(
      p.mapping.map((m: any) => [m.modelLabel, m.taskLabel]),
      [["text", "Text Line"]],
    );
    assert.deepEqual(
      p.frames.map((f: any) => f.frame),
      [3, 0],
    );
    for (const f of p.frames) {
      assert.equal(f.failure, null, JSON.stringify(f.failure));
      assert.ok(f.shapes.length >= 1, `frame ${f.frame}: ${f.shapes.length} shapes`);
      assert.ok(f.inferenceMs > 0 && f.decodeMs > 0 && f.totalMs > 0);
      for (const s of f.shapes) {
        // The model returns masks; the task's label is a polygon and convertMasksToPolygons is off: MASK, as a run commits it.
        assert.equal(s.type, "MASK");
        assert.equal(s.taskLabel, "Text Line");
        assert.ok(s.mask && s.score >= 0.6 && s.score <= 1, JSON.stringify(s));
        assert.equal(s.needsReview, false);
      }
    }
    assert.ok(p.totalMs >= Math.max(...p.frames.map((f: any) => f.totalMs)));

    const { _entities } = await h.ok(JOBS, { id: task.id });
    assert.deepEqual(_entities[0].autoAnnotationJobs, [], "no job row");
    assert.equal(await h.pending(Consumers.inferFrames), 0, "nothing on the work queue");
    assert.equal(await h.pending(Consumers.stageResults), 0, "nothing for the task service to stage");
    assert.equal(await usage("default"), 2);
  });

  it("takes a run's per-class thresholds and reviewBelow: shapes scored under reviewBelow are flagged", async () => {
    const task = await documentTask();
    const { previewAutoAnnotation: p } = await h.ok(PREVIEW, {
      input: input(task, { threshold: 0.5, thresholds: [{ label: "Text Line", threshold: 0.55 }], reviewBelow: 0.8 }),
      frames: [0],
    });
    const lineId = (task.labels[0] as { id: string }).id;
    assert.deepEqual(p.thresholds, [{ taskLabelId: lineId, taskLabel: "Text Line", threshold: 0.55 }]);
    const shapes = p.frames[0].shapes as { score: number; needsReview: boolean }[];
    assert.ok(shapes.length >= 3, `${shapes.length} shapes`);
    for (const s of shapes) assert.equal(s.needsReview, s.score < 0.8, `score ${s.score}`);
    const bad = await h.exec(PREVIEW, { input: input(task, { reviewBelow: 0 }), frames: [0] });
    assert.equal(bad.errors?.[0].extensions?.code, "INVALID_THRESHOLD");
  });

  it("works while the task has an active run, which it does not disturb", async () => {
    const task = await documentTask();
    const { startAutoAnnotation: job } = await h.ok(START, { input: input(task) });
    const { previewAutoAnnotation: p } = await h.ok(PREVIEW, { input: input(task, { convertMasksToPolygons: true }), frames: [1] });
    assert.ok(p.frames[0].shapes.length >= 1 && p.frames[0].shapes.every((s: any) => s.type === "POLYGON"), JSON.stringify(p.frames[0]));
    // The run goes on to commit its four frames (the harness's task service never confirms, so it stays COMMITTING).
    const command = await h.takeTaskCommand(job.id, 60_000);
    assert.ok(command.commit, "the run committed");
    const { _entities } = await h.ok(JOBS, { id: task.id });
    assert.deepEqual(
      _entities[0].autoAnnotationJobs.map((j: any) => j.id),
      [job.id],
      "the preview added no job",
    );
  });

  it("refuses what a run refuses, and frames the task lacks, naming them; nothing is counted", async () => {
    const task = await documentTask();
    const before = await usage("default");
    const outside = await h.exec(PREVIEW, { input: input(task), frames: [1, 7, 4] });
    assert.equal(outside.errors?.[0].extensions?.code, "INVALID_FRAME_RANGE");
    assert.deepEqual([...(outside.errors?.[0].extensions?.details as { frames: number[] }).frames].sort(), [4, 7]);
    const many = await h.exec(PREVIEW, { input: input(task), frames: Array.from({ length: 17 }, (_, i) => i) });
    assert.equal(many.errors?.[0].extensions?.code, "INVALID_FRAME_RANGE");
    const mapping = await h.exec(PREVIEW, { input: input(task, { mapping: [{ modelLabel: "text", taskLabel: "Nope" }] }), frames: [0] });
    assert.equal(mapping.errors?.[0].extensions?.code, "INVALID_MAPPING");
    const threshold = await h.exec(PREVIEW, { input: input(task, { threshold: 1.5 }), frames: [0] });
    assert.equal(threshold.errors?.[0].extensions?.code, "INVALID_THRESHOLD");
    const otherTenant = await h.exec(PREVIEW, { input: input(task), frames: [0] }, "tenant-b");
    assert.equal(otherTenant.errors?.[0].extensions?.code, "NOT_FOUND");
    assert.equal(await usage("default"), before);
    assert.equal(await usage("tenant-b"), 0);
  });

  it("previews count toward the tenant's frames per hour with its jobs, and jobs with previews", async () => {
    const tenant = "quota-tenant";
    const task = await documentTask({ tenantId: tenant });
    await h.ok(PREVIEW, { input: input(task), frames: [0, 1, 2, 3] }, tenant);
    const { startAutoAnnotation: job } = await h.ok(START, { input: input(task) }, tenant);
    assert.equal(job.framesTotal, 4);
    // 4 + 4 used of 12: four more fit, then not one.
    const fits = await h.exec(PREVIEW, { input: input(task), frames: [0, 1, 2, 3] }, tenant);
    assert.equal(fits.errors, undefined, "four more fit");
    const full = await h.exec(PREVIEW, { input: input(task), frames: [0] }, tenant);
    assert.equal(full.errors?.[0].extensions?.code, "TENANT_FRAME_QUOTA");
    assert.deepEqual(
      { ...(full.errors?.[0].extensions?.details as any), retryAfterSeconds: undefined },
      { limit: FRAMES_PER_HOUR, used: 12, requested: 1, retryAfterSeconds: undefined },
    );
    assert.equal(await usage(tenant), 8);
    // A job's start sees the previews' frames too (after its active run is out of the way: another task).
    const other = await documentTask({ tenantId: tenant, size: 1 });
    const start = await h.exec(START, { input: input(other) }, tenant);
    assert.equal(start.errors?.[0].extensions?.code, "TENANT_FRAME_QUOTA");
  });

  it("a tenant runs at most PREVIEW_MAX_CONCURRENT_PER_TENANT previews at once; the others' are not held back", async () => {
    const tenant = "busy-tenant";
    const slow = await documentTask({ tenantId: tenant, describeDelayMs: 1_000 });
    const first = h.exec(PREVIEW, { input: input(slow), frames: [0] }, tenant);
    const second = h.exec(PREVIEW, { input: input(slow), frames: [1] }, tenant);
    const third = await h.exec(PREVIEW, { input: input(slow), frames: [2] }, tenant);
    assert.equal(third.errors?.[0].extensions?.code, "PREVIEW_LIMIT");
    assert.deepEqual(third.errors?.[0].extensions?.details, { limit: 2, running: 2 });
    const elsewhere = await h.exec(PREVIEW, { input: input(await documentTask()), frames: [2] });
    assert.equal(elsewhere.errors, undefined, JSON.stringify(elsewhere.errors));
    for (const r of await Promise.all([first, second])) assert.equal(r.errors, undefined, JSON.stringify(r.errors));
    const after = await h.exec(PREVIEW, { input: input(slow), frames: [3] }, tenant);
    assert.equal(after.errors, undefined, "slots come back");
  });
});
