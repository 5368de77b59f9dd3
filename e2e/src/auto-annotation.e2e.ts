import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { CANCEL, CREATE_TASK, ADD_FRAMES, MODELS, PROGRESS, START, SUGGEST } from "./support/operations.js";
import { join } from "node:path";
import { Consumers } from "@prelabel/proto";
import { REPO_ROOT } from "@prelabel/testing";
import { allAnnotations, TERMINAL_STATUSES, waitForJob } from "./support/jobs.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

const labels = [
  { name: "Text", type: "POLYGON", attributes: [] },
  { name: "stamp", type: "RECTANGLE", attributes: [] },
];

describe("automatic annotation through the gateway", () => {
  let sys: System;
  const docs = sampleDocuments();

  before(async () => {
    sys = await startSystem({ workers: 1, env: { IMPORT_ROOT: join(REPO_ROOT, "samples") } });
  });
  after(async () => {
    await sys?.stop();
  });

  async function createTask(name: string, frames = docs): Promise<{ id: string; labels: { id: string; name: string }[] }> {
    const { createTask: task } = await sys.client.must(CREATE_TASK, { input: { name, labels } });
    const res = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", frames);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.equal(res.data?.addFrames.size, frames.length);
    return task;
  }

  it("lists the preinstalled text detector and suggests a case-insensitive mapping", async () => {
    const { models } = await sys.client.must(MODELS);
    const text = models.find((m: any) => m.id === "text-detection");
    assert.ok(text, "text-detection is in the catalog");
    assert.equal(text.source, "CATALOG");
    assert.equal(text.returnsMasks, true);
    const { model } = await sys.client.must(`query { model(id: "text-detection") { id kind defaultThreshold labels { name type } } }`);
    assert.deepEqual(model, {
      id: "text-detection",
      kind: "DETECTOR",
      defaultThreshold: text.defaultThreshold,
      labels: [{ name: "text", type: "POLYGON" }],
    });
    const filtered = await sys.client.must(
      `query { models(kind: DETECTOR, source: CATALOG) { id } uploads: models(source: UPLOAD) { id } }`,
    );
    assert.ok(filtered.models.some((m: any) => m.id === "text-detection"));
    assert.deepEqual(filtered.uploads, []);
    const unknown = await sys.client.must(`query { model(id: "no-such-model") { id } }`);
    assert.equal(unknown.model, null);
    const task = await createTask("suggestions", docs.slice(0, 1));
    const { suggestLabelMapping } = await sys.client.must(SUGGEST, { taskId: task.id, modelId: "text-detection" });
    assert.deepEqual(
      suggestLabelMapping.map((m: any) => [m.modelLabel, m.taskLabel]),
      [["text", "Text"]],
    );
  });

  it("runs text detection end to end, streaming progress with fields of every subgraph, keeping scores and reporting a bad frame", async () => {
    const bad = { name: "broken.jpg", bytes: new TextEncoder().encode("this is not a jpeg"), type: "image/jpeg" };
    const task = await createTask("receipts", [...docs, bad]);
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true },
    });
    assert.equal(job.framesTotal, docs.length + 1);
    assert.deepEqual(
      job.mapping.map((m: any) => [m.modelLabel, m.taskLabel]),
      [["text", "Text"]],
    );

    const events: any[] = [];
    for await (const ev of sys.client.subscribe(PROGRESS, { jobId: job.id })) {
      assert.equal(ev.errors, undefined, JSON.stringify(ev.errors));
      events.push(ev.data!.autoAnnotationProgress);
    }
    const last = events.at(-1);
    assert.equal(last.status, "COMPLETED");
    assert.equal(last.task.name, "receipts", "task { name } resolved from the task subgraph");
    assert.equal(last.model.name.length > 0, true, "model { name } resolved from the model registry");
    assert.equal(last.framesDone, docs.length);
    assert.equal(last.framesFailed, 1);
    for (let i = 1; i < events.length; i++) {
      assert.ok(
        events[i].framesDone + events[i].framesFailed >= events[i - 1].framesDone + events[i - 1].framesFailed,
        "progress never goes back",
      );
    }

    const final = await waitForJob(sys.client, job.id);
    assert.equal(final.failures.length, 1);
    assert.equal(final.failures[0].frame, docs.length);
    assert.match(final.failures[0].code, /NOT_AN_IMAGE|CORRUPT_IMAGE/);

    const anns = await allAnnotations(sys.client, task.id);
    assert.ok(anns.length >= docs.length * 2, `text found on every document (got ${anns.length})`);
    for (const a of anns) {
      assert.equal(a.type, "POLYGON");
      assert.equal(a.source, "AUTO");
      assert.equal(a.jobId, job.id);
      assert.equal(a.label.name, "Text");
      assert.ok(a.score > 0 && a.score <= 1, "score kept");
      assert.ok(a.points.length >= 6);
    }
    const framesWithText = new Set(anns.map((a) => a.frame));
    assert.equal(framesWithText.size, docs.length);
  });

  it("returns masks as CVAT RLE when polygons are off, and cleans old annotations in the same commit", async () => {
    const task = await createTask("masks", docs.slice(0, 2));
    const first = await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } });
    assert.equal((await waitForJob(sys.client, first.startAutoAnnotation.id)).status, "COMPLETED");
    const before = await allAnnotations(sys.client, task.id);
    assert.ok(before.length > 0);

    const second = await sys.client.must(START, {
      input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: false, cleanOldAnnotations: true, threshold: 0.3 },
    });
    assert.equal(second.startAutoAnnotation.threshold, 0.3);
    assert.equal((await waitForJob(sys.client, second.startAutoAnnotation.id)).status, "COMPLETED");
    const after = await allAnnotations(sys.client, task.id);
    assert.ok(
      after.every((a) => a.jobId === second.startAutoAnnotation.id),
      "old annotations were removed",
    );
    for (const a of after) {
      assert.equal(a.type, "MASK");
      assert.ok(a.mask.counts.length >= 2);
      assert.ok(a.mask.right >= a.mask.left && a.mask.bottom >= a.mask.top);
      const area = (a.mask.right - a.mask.left + 1) * (a.mask.bottom - a.mask.top + 1);
      assert.equal(
        a.mask.counts.reduce((s: number, c: number) => s + c, 0),
        area,
        "RLE covers the box exactly",
      );
    }
  });

  it("rejects a bad threshold, a bad mapping and a second start on a busy task with stable codes", async () => {
    const task = await createTask("errors", [...docs, ...docs, ...docs]);
    for (const threshold of [0, -0.1, 1.5]) {
      const res = await sys.client.request(START, { input: { taskId: task.id, modelId: "text-detection", threshold } });
      assert.equal(res.errors?.[0]?.extensions?.code, "INVALID_THRESHOLD", `threshold ${threshold}`);
    }
    const badLabel = await sys.client.request(START, {
      input: { taskId: task.id, modelId: "text-detection", mapping: [{ modelLabel: "text", taskLabel: "no-such-label" }] },
    });
    assert.equal(badLabel.errors?.[0]?.extensions?.code, "INVALID_MAPPING");
    const badType = await sys.client.request(START, {
      input: { taskId: task.id, modelId: "text-detection", mapping: [{ modelLabel: "text", taskLabel: "stamp" }] },
    });
    assert.equal(badType.errors?.[0]?.extensions?.code, "INVALID_MAPPING", "a mask model cannot fill a RECTANGLE label");
    const unknownClass = await sys.client.request(START, {
      input: { taskId: task.id, modelId: "text-detection", thresholds: [{ label: "no-such-label", threshold: 0.5 }] },
    });
    assert.equal(unknownClass.errors?.[0]?.extensions?.code, "INVALID_THRESHOLD", "a per-class threshold for a label the task lacks");
    assert.deepEqual(
      (unknownClass.errors?.[0]?.extensions?.details as { problems: { path: string }[] }).problems.map((p) => p.path),
      ["thresholds[0].label"],
    );
    const badTiles = await sys.client.request(START, { input: { taskId: task.id, modelId: "text-detection", tiling: { tileSize: 64 } } });
    assert.equal(badTiles.errors?.[0]?.extensions?.code, "INVALID_TILING");
    const badReview = await sys.client.request(START, { input: { taskId: task.id, modelId: "text-detection", reviewBelow: 2 } });
    assert.equal(badReview.errors?.[0]?.extensions?.code, "INVALID_THRESHOLD");
    const missing = await sys.client.request(START, { input: { taskId: task.id, modelId: "no-such-model" } });
    assert.equal(missing.errors?.[0]?.extensions?.code, "NOT_FOUND");

    const running = await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection" } });
    const again = await sys.client.request(START, { input: { taskId: task.id, modelId: "text-detection" } });
    assert.equal(again.errors?.[0]?.extensions?.code, "JOB_ALREADY_RUNNING");
    await sys.client.must(CANCEL, { jobId: running.startAutoAnnotation.id });
    assert.equal((await waitForJob(sys.client, running.startAutoAnnotation.id)).status, "CANCELLED");
  });

  it("cancels mid-run and leaves the task exactly as before", async () => {
    const task = await createTask("cancel", docs.slice(0, 2));
    const seed = await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true } });
    await waitForJob(sys.client, seed.startAutoAnnotation.id);
    const before = await allAnnotations(sys.client, task.id);

    const more = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", [...docs, ...docs, ...docs, ...docs, ...docs]);
    assert.equal(more.errors, undefined);
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: { taskId: task.id, modelId: "text-detection", cleanOldAnnotations: true },
    });
    let cancelled = false;
    for await (const ev of sys.client.subscribe(PROGRESS, { jobId: job.id })) {
      const p = ev.data!.autoAnnotationProgress;
      // Once: events sent before the cancel took effect still say RUNNING, and the job may be CANCELLED by then.
      if (p.framesDone >= 2 && p.status === "RUNNING" && !cancelled) {
        cancelled = true;
        const { cancelAutoAnnotation } = await sys.client.must(CANCEL, { jobId: job.id });
        assert.match(cancelAutoAnnotation.status, /CANCELLING|CANCELLED/);
      }
      if (TERMINAL_STATUSES.has(p.status)) {
        assert.equal(p.status, "CANCELLED");
        assert.ok(p.framesDone < p.framesTotal, "it stopped before the end");
      }
    }
    const after = await allAnnotations(sys.client, task.id);
    assert.deepEqual(after.map((a) => a.id).sort(), before.map((a) => a.id).sort(), "the task is exactly as before");
    const again = await sys.client.request(CANCEL, { jobId: job.id });
    assert.equal(again.errors?.[0]?.extensions?.code, "JOB_NOT_ACTIVE");
  });

  it("imports frames from the server's import root only, lists tasks page by page, and deletes a task", async () => {
    const { createTask: task } = await sys.client.must(CREATE_TASK, { input: { name: "imported", labels } });
    const imported = await sys.client.must(
      `mutation($id: ID!, $path: String!) { importFrames(taskId: $id, serverPath: $path) { size frames(first: 2) { totalCount pageInfo { hasNextPage } edges { node { index name width height } } } } }`,
      { id: task.id, path: "documents" },
    );
    assert.equal(imported.importFrames.size, docs.length);
    assert.equal(imported.importFrames.frames.totalCount, docs.length);
    assert.equal(imported.importFrames.frames.pageInfo.hasNextPage, true);
    assert.ok(imported.importFrames.frames.edges.every((e: any) => e.node.width > 0 && e.node.height > 0));

    const escape = await sys.client.request(`mutation($id: ID!) { importFrames(taskId: $id, serverPath: "../..") { size } }`, {
      id: task.id,
    });
    assert.equal(escape.errors?.[0]?.extensions?.code, "INVALID_PATH");

    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await sys.client.must(
        `query($after: String) { tasks(first: 2, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id name } } } }`,
        { after },
      );
      seen.push(...page.tasks.edges.map((e: any) => e.node.id));
      if (!page.tasks.pageInfo.hasNextPage) break;
      after = page.tasks.pageInfo.endCursor;
    }
    assert.ok(seen.includes(task.id));
    assert.equal(new Set(seen).size, seen.length, "no task listed twice across pages");

    const deleted = await sys.client.must(`mutation($id: ID!) { deleteTask(id: $id) }`, { id: task.id });
    assert.equal(deleted.deleteTask, true);
    const gone = await sys.client.must(`query($id: ID!) { task(id: $id) { id } }`, { id: task.id });
    assert.equal(gone.task, null);
    const again = await sys.client.request(`mutation($id: ID!) { deleteTask(id: $id) }`, { id: task.id });
    assert.equal(again.errors?.[0]?.extensions?.code, "NOT_FOUND");
  });

  it("keeps a job readable after its task is deleted: task null, taskId kept, no error", async () => {
    const task = await createTask("deleted-later", docs.slice(0, 1));
    const { startAutoAnnotation: job } = await sys.client.must(START, {
      input: { taskId: task.id, modelId: "text-detection", convertMasksToPolygons: true },
    });
    assert.equal((await waitForJob(sys.client, job.id)).status, "COMPLETED");
    const READ = `query($id: ID!) { autoAnnotationJob(id: $id) { id status taskId task { id name } model { id } } }`;
    assert.deepEqual((await sys.client.must(READ, { id: job.id })).autoAnnotationJob.task, { id: task.id, name: "deleted-later" });

    await sys.client.must(`mutation($id: ID!) { deleteTask(id: $id) }`, { id: task.id });
    // annotation-job learns of it from TaskDeleted (checked with describe-task); until then the gateway cannot resolve the task.
    const deadline = Date.now() + 30_000;
    let res = await sys.client.request(READ, { id: job.id });
    while (res.data?.autoAnnotationJob?.task !== null || res.errors) {
      assert.ok(Date.now() < deadline, `still ${JSON.stringify(res)}`);
      await new Promise((r) => setTimeout(r, 200));
      res = await sys.client.request(READ, { id: job.id });
    }
    assert.deepEqual(res.data.autoAnnotationJob, {
      id: job.id,
      status: "COMPLETED",
      taskId: task.id,
      task: null,
      model: { id: "text-detection" },
    });
  });

  it("streams progress over SSE too, with cross-subgraph fields", async () => {
    const task = await createTask("sse", docs.slice(0, 3));
    const { startAutoAnnotation: job } = await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection" } });
    const res = await fetch(sys.stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: PROGRESS, variables: { jobId: job.id } }),
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type") ?? "", /text\/event-stream/);
    const text = await res.text();
    const payloads = text
      .split("\n")
      .filter((l) => l.startsWith("data:"))
      .map((l) => l.slice(5).trim())
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l));
    const last = payloads.at(-1).data.autoAnnotationProgress;
    assert.equal(last.status, "COMPLETED");
    assert.equal(last.task.name, "sse");
    assert.equal(last.framesDone, 3);
  });

  it("every process serves Prometheus metrics of what it just did (after the runs above)", async () => {
    const scrape = async (name: string) => {
      const proc = sys.stack.processes.find((p) => p.name === name || p.name.startsWith(`${name}-`));
      assert.ok(proc, `a ${name} process`);
      const res = await fetch(`http://127.0.0.1:${proc.port}/metrics`);
      assert.equal(res.status, 200, `${name} /metrics`);
      return res.text();
    };
    const has = (text: string, re: RegExp, what: string) => assert.match(text, re, what);
    const consumerLag = (durable: string) =>
      new RegExp(`^prelabel_nats_consumer_lag_messages\\{[^}]*consumer="${durable}"[^}]*\\} \\d`, "m");
    // Nothing above asked the identity subgraph: ask it once.
    assert.equal((await sys.client.must(`{ viewer { subject } }`)).viewer.subject, "self-hosted");
    for (const name of ["gateway", "task", "model-registry", "annotation-job", "identity"]) {
      const text = await scrape(name);
      has(text, /^prelabel_graphql_operation_duration_seconds_count\{[^}]*\} [1-9]/m, `${name}: GraphQL operations timed`);
      has(text, /^process_cpu_seconds_total /m, `${name}: default process metrics`);
    }
    has(await scrape("gateway"), /^prelabel_graphql_errors_total\{[^}]*code="INVALID_THRESHOLD"[^}]*\} [1-9]/m, "gateway: errors by code");
    const task = await scrape("task");
    has(task, consumerLag(Consumers.stageResults.durable), "task: its consumers' lag");
    has(task, /^prelabel_nats_messages_published_total\{[^}]*\} [1-9]/m, "task: NATS publishes counted");
    has(
      task,
      /^prelabel_nats_requests_served_seconds_count\{subject="task.v1.describe-task",code="OK"\} [1-9]/m,
      "task: describe-task served",
    );
    has(task, /^prelabel_task_stage_seconds_count\{outcome="staged"\} [1-9]/m, "task: staging timed");
    has(task, /^prelabel_task_commit_seconds_count\{outcome="applied"\} [1-9]/m, "task: commits timed");
    const registry = await scrape("model-registry");
    has(
      registry,
      /^prelabel_nats_requests_served_seconds_count\{subject="model-registry.v1.describe-model",code="OK"\} [1-9]/m,
      "model-registry: describe-model served",
    );
    has(
      registry,
      /^prelabel_nats_requests_served_seconds_count\{subject="model-registry.v1.describe-model",code="NOT_FOUND"\} [1-9]/m,
      "model-registry: and its errors by code (the unknown model above)",
    );
    const jobs = await scrape("annotation-job");
    has(jobs, /^prelabel_annotation_jobs\{[^}]*status="COMPLETED"[^}]*\} [1-9]/m, "annotation-job: jobs by status");
    has(jobs, consumerLag(Consumers.frameOutcomes.durable), "annotation-job: consumer lag");
    has(jobs, /^prelabel_annotation_outcome_batch_seconds_count [1-9]/m, "annotation-job: outcome batches timed");
    has(jobs, /^prelabel_annotation_outcome_batch_size_sum [1-9]/m, "annotation-job: and their sizes");
    // graphql-ws subscriptions are gauged while open, and back to 0 once they end.
    const active = async () =>
      Number(/^prelabel_graphql_subscriptions_active\{service="annotation-job"\} (\d+)/m.exec(await scrape("annotation-job"))?.[1]);
    assert.equal(await active(), 0);
    const watched = await createTask("watched metrics");
    const { startAutoAnnotation: job } = await sys.client.must(START, { input: { taskId: watched.id, modelId: "text-detection" } });
    let during: number | undefined;
    for await (const ev of sys.client.subscribe(PROGRESS, { jobId: job.id })) {
      during ??= await active();
      if (TERMINAL_STATUSES.has(ev.data!.autoAnnotationProgress.status)) break;
    }
    assert.equal(during, 1, "one subscription open");
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(await active(), 0, "and none once it ended");
    const worker = await scrape("inference-worker");
    has(worker, /^prelabel_worker_inference_ms_count\{[^}]*model="text-detection"[^}]*\} [1-9]/m, "worker: inference ms per model");
    has(worker, consumerLag(Consumers.inferFrames.durable), "worker: work queue lag");
  });
});
