import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ConsumerMessages } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { Subscription } from "@nats-io/transport-node";
import { Messaging } from "@prelabel/messaging";
import { Buckets, Consumers, FrameFailureCode, ShapeType, type ModelDescriptor } from "@prelabel/proto";
import { createTestNats, loopingDetectorOnnx, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import { startWorker } from "../src/app.js";
import { InferenceRunnerPool, TimeoutBreaker, type ModelResolver, type RunnerJob } from "../src/inference/index.js";
import { ModelArtifactCache } from "../src/persistence/model-artifact.cache.js";
import { ModelArtifactStore } from "../src/persistence/model-artifact.store.js";
import { createProbeServer } from "../src/probe.server.js";
import { WORKER_RUNNER_REPLACEMENTS, WorkerMetrics } from "../src/worker.metrics.js";
import { eventually } from "./support/eventually.js";
import { logStoredOutcomes, OutcomeLog } from "./support/frame-outcomes.js";
import { greyFramePng, sha256Hex as sha256, storeFrame } from "./support/frames.js";
import { inferFrame, publishInferFrame } from "./support/infer-frames.js";
import { serveDescribeModel } from "./support/model-registry.stand-in.js";
import { testModelResolver } from "./support/model-resolver.js";
import { carDetectorOnnx as carDetector, uploadedDetectorDescriptor } from "./support/uploaded-detector.js";

/*
 * Inference cannot hold a worker (issue 9): a tenant's uploaded model that loops for ever on real frames (and
 * so passed the registry's blank-input trial) runs on a real worker on NATS JetStream, beside another tenant's
 * normal model. The looping frames fail INFERENCE_TIMEOUT within their budget, their runners are replaced,
 * /healthz keeps answering, a cancel stops a running frame, and the other tenant's job keeps its speed.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONCURRENCY = 2;
const TENANT_A = "tenant-a";
const TENANT_B = "tenant-b";
/** Past the consumer's ack_wait (10 s, infra/nats/topology.json): only in-progress acks keep the frame ours. */
const LONG_BUDGET_MS = 12_000;
const SHORT_BUDGET_MS = 3_000;
const CANCEL_BUDGET_MS = 60_000;

describe("inference isolation: a looping model on a real worker", () => {
  let nats: TestNats;
  let client: Messaging;
  let workerMessaging: Messaging;
  let registry: Subscription;
  let stored: ConsumerMessages;
  let jobControl: KV;
  let pool: InferenceRunnerPool;
  let models: ModelResolver;
  let probes: Server;
  let probeUrl: string;
  let metrics: Registry;
  let stopWorker: () => Promise<void>;
  let frameObject: string;
  const dirs: string[] = [];
  const outcomes = new OutcomeLog("stored");
  /** Frames handed to a runner, by job. */
  const dispatched: { jobModel: string; at: number }[] = [];
  const descriptors = new Map<string, { tenant: string; descriptor: ModelDescriptor }>();

  const outcomesOf = (jobId: string) => outcomes.of(jobId);
  const waitFor = (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000) => eventually(what, ok, timeoutMs);
  const workSettled = () =>
    waitFor("the work stream to settle", async () => {
      const info = await client.jsm.consumers.info(client.ns.stream(Consumers.inferFrames.stream), Consumers.inferFrames.durable);
      return info.num_pending === 0 && info.num_ack_pending === 0;
    });
  const replacements = async (reason: string) =>
    (await metrics.getSingleMetric(WORKER_RUNNER_REPLACEMENTS)!.get()).values.find((v) => v.labels.reason === reason)?.value ?? 0;

  const addModel = async (id: string, tenant: string, bytes: Uint8Array, budgetMs: number) => {
    const store = await client.objectStore(Buckets.models);
    await store.putBlob({ name: sha256(bytes) }, bytes);
    descriptors.set(id, { tenant, descriptor: uploadedDetectorDescriptor({ id, bytes, frameBudgetMs: budgetMs }) });
  };

  /** Publishes `count` frames of a job of `tenant` on `modelId`; returns the job id. */
  const publishJob = async (tenant: string, modelId: string, count: number): Promise<string> => {
    const jobId = randomUUID();
    const job = {
      jobId,
      taskId: `task-${tenant}`,
      tenantId: tenant,
      frameObject,
      model: { id: modelId, runtime: "onnx-detector" },
      mapping: [{ modelLabel: "car", taskLabelId: "label-car", taskLabelType: ShapeType.RECTANGLE }],
    };
    for (let frame = 0; frame < count; frame++) await publishInferFrame(client, inferFrame({ ...job, frame }));
    return jobId;
  };

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "annotation-job (test)" });
    jobControl = await client.keyValue(Buckets.jobControl);
    // A lit 200×100 frame: the looping model's trip count is taken from its brightest input value.
    frameObject = await storeFrame(client, await greyFramePng(200, 100));

    // The registry would refuse a model looping on a blank input; this one loops only on real frames, so it passed.
    await addModel("looping-long", TENANT_A, loopingDetectorOnnx({ trips: "input" }), LONG_BUDGET_MS);
    await addModel("looping-short", TENANT_A, loopingDetectorOnnx({ trips: "input" }), SHORT_BUDGET_MS);
    await addModel("looping-cancel", TENANT_A, loopingDetectorOnnx({ trips: "input" }), CANCEL_BUDGET_MS);
    await addModel("cars", TENANT_B, carDetector(), SHORT_BUDGET_MS);
    registry = serveDescribeModel(client, (modelId, tenantId) => {
      const known = descriptors.get(modelId);
      return known?.tenant === tenantId ? known.descriptor : undefined;
    });
    stored = await logStoredOutcomes(client, outcomes);

    // Wired as app.ts and main.ts wire it: runner processes, the breaker, the probes.
    metrics = new Registry();
    workerMessaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "inference-worker (test)" });
    const cacheDir = mkdtempSync(join(tmpdir(), "prelabel-model-cache-"));
    dirs.push(cacheDir);
    const cache = new ModelArtifactCache(cacheDir, new ModelArtifactStore(await workerMessaging.objectStore(Buckets.models)));
    const workerMetrics = new WorkerMetrics(metrics);
    pool = new InferenceRunnerPool({
      size: CONCURRENCY,
      settings: { intraOpNumThreads: 1, maxFramePixels: 10_000_000, verifyBuiltArtifacts: false },
      onReplaced: (reason) => workerMetrics.onRunnerReplaced(reason),
    });
    await pool.start();
    const watched = {
      run: (job: RunnerJob) => (dispatched.push({ jobModel: job.plan.modelId, at: Date.now() }), pool.run(job)),
      preload: pool.preload.bind(pool),
    };
    models = testModelResolver(workerMessaging, {
      fetchArtifact: (artifact) => cache.localPath(artifact),
      isolated: { pool: watched, breaker: new TimeoutBreaker({ threshold: 3, cooldownMs: 120_000 }) },
    });
    const worker = await startWorker({
      messaging: workerMessaging,
      models,
      logger: pino({ level: "silent" }),
      metrics,
      workerId: "w1",
      concurrency: CONCURRENCY,
      maxFramePixels: 10_000_000,
    });
    probes = createProbeServer({ metrics, draining: () => false, connected: () => !workerMessaging.nc.isClosed() });
    await new Promise<void>((r) => probes.listen(0, "127.0.0.1", r));
    probeUrl = `http://127.0.0.1:${(probes.address() as AddressInfo).port}`;
    stopWorker = async () => {
      await worker.stop();
      await workerMessaging.close();
    };
  });

  after(async () => {
    await stopWorker?.();
    await pool?.close();
    await models?.dispose();
    await new Promise<void>((r) => (probes ? probes.close(() => r()) : r()));
    registry?.unsubscribe();
    await stored?.close();
    await client?.close();
    await nats?.cleanup();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("fails a looping frame INFERENCE_TIMEOUT within its budget, past ack_wait without redelivery, answering /healthz and /metrics meanwhile; the runner is replaced and later frames succeed", async () => {
    const pidsBefore = pool.pids();
    // performance.now(), as the outcomes' `at`.
    const started = performance.now();
    const jobId = await publishJob(TENANT_A, "looping-long", 1);

    // Probe the worker's health and metrics while the frame runs: a held event loop would answer none of them.
    let answered = 0;
    while (!outcomesOf(jobId).length) {
      const path = answered % 2 ? "/metrics" : "/healthz";
      const res = await fetch(`${probeUrl}${path}`, { signal: AbortSignal.timeout(2_000) });
      assert.equal(res.status, 200);
      const body = await res.text();
      if (path === "/metrics") assert.match(body, /prelabel_worker_frames_total/);
      if (!outcomesOf(jobId).length) answered++;
      assert.ok(performance.now() - started < LONG_BUDGET_MS + 30_000, "the frame ends");
      await sleep(200);
    }

    const [outcome] = outcomesOf(jobId);
    assert.equal(outcome.failed?.code, FrameFailureCode.INFERENCE_TIMEOUT, JSON.stringify(outcome));
    assert.match(outcome.failed.reason, /looping-long did not finish the frame within its budget of 12000 ms/);
    const took = outcome.at - started;
    assert.ok(took >= LONG_BUDGET_MS, `failed after its whole budget (${took} ms)`);
    assert.ok(answered >= 10, `/healthz and /metrics answered ${answered} times while the frame ran`);
    await workSettled();
    const info = await client.jsm.consumers.info(client.ns.stream(Consumers.inferFrames.stream), Consumers.inferFrames.durable);
    assert.equal(info.num_redelivered, 0, "in-progress acks kept the frame past ack_wait: never redelivered");
    assert.equal(outcomesOf(jobId).length, 1);

    assert.equal(await replacements("timeout"), 1);
    const pidsAfter = pool.pids();
    assert.equal(pidsAfter.filter((p) => !pidsBefore.includes(p)).length, 1, "exactly one runner was replaced");

    // The replacement (and the other runner) keep working.
    const next = await publishJob(TENANT_B, "cars", 4);
    await waitFor("the next job's frames", () => outcomesOf(next).length === 4);
    assert.ok(
      outcomesOf(next).every((o) => o.inferred?.shapes.length === 1),
      JSON.stringify(outcomesOf(next).map((o) => o.failed)),
    );
  });

  it("stops a running frame when its job is cancelled, without waiting for its budget", async () => {
    const jobId = await publishJob(TENANT_A, "looping-cancel", 1);
    await waitFor("the frame to reach a runner", () => dispatched.some((d) => d.jobModel === "looping-cancel"));
    // Let it load, decode and start looping.
    await sleep(1_000);
    const cancelledAt = Date.now();
    const before = await replacements("cancelled");
    await jobControl.put(jobId, "cancelled");
    await waitFor("the cancelled runner to be replaced", async () => (await replacements("cancelled")) === before + 1, 20_000);
    await workSettled();
    const stoppedIn = Date.now() - cancelledAt;
    assert.ok(stoppedIn < CANCEL_BUDGET_MS / 2, `stopped ${stoppedIn} ms after the cancel, not at its ${CANCEL_BUDGET_MS} ms budget`);
    assert.deepEqual(outcomesOf(jobId), [], "a cancelled frame publishes no outcome");

    const next = await publishJob(TENANT_B, "cars", 2);
    await waitFor("frames after the cancel", () => outcomesOf(next).length === 2);
    assert.ok(outcomesOf(next).every((o) => o.inferred));
  });

  it("keeps another tenant's job at speed while a looping model's job runs on the same worker", async (t) => {
    const FRAMES = 20;
    const LOOPING_FRAMES = 40;
    // Alone first: the other tenant's speed on this machine, now.
    const aloneStart = Date.now();
    const alone = await publishJob(TENANT_B, "cars", FRAMES);
    await waitFor("the job alone", () => outcomesOf(alone).length === FRAMES);
    const aloneMs = Date.now() - aloneStart;
    assert.ok(outcomesOf(alone).every((o) => o.inferred));

    // The looping job is queued first, all its frames ahead of the other tenant's.
    const start = performance.now();
    const looping = await publishJob(TENANT_A, "looping-short", LOOPING_FRAMES);
    const other = await publishJob(TENANT_B, "cars", FRAMES);
    await waitFor("the other tenant's job", () => outcomesOf(other).length === FRAMES, 120_000);
    const otherMs = Math.max(...outcomesOf(other).map((o) => o.at)) - start;
    assert.ok(
      outcomesOf(other).every((o) => o.inferred),
      "every frame of the other tenant's job inferred",
    );
    // Serially, the looping job's frames would hold both runners for FRAMES × budget / runners.
    const serialMs = (LOOPING_FRAMES * SHORT_BUDGET_MS) / CONCURRENCY;
    assert.ok(
      otherMs < serialMs,
      `the other job finished in ${otherMs} ms, before the looping job's budgets could have been spent (${serialMs} ms)`,
    );

    await waitFor("the looping job's frames", () => outcomesOf(looping).length === LOOPING_FRAMES, 120_000);
    const failures = outcomesOf(looping).map((o) => o.failed);
    assert.ok(
      failures.every((f) => f?.code === FrameFailureCode.INFERENCE_TIMEOUT),
      JSON.stringify(failures),
    );
    const spent = failures.filter((f) => /did not finish the frame within its budget/.test(f!.reason)).length;
    const fast = failures.filter((f) => /timed out on \d+ frames in a row/.test(f!.reason)).length;
    // Three timeouts in a row open the breaker; frames already on the other runner may still spend theirs.
    assert.ok(spent >= 3 && spent <= 3 + CONCURRENCY - 1, `${spent} frames spent the budget`);
    assert.equal(spent + fast, LOOPING_FRAMES);
    const firstMs = Math.min(...outcomesOf(other).map((o) => o.at)) - start;
    const lastLoopingMs = Math.max(...outcomesOf(looping).map((o) => o.at)) - start;
    t.diagnostic(
      `other tenant, ${FRAMES} frames: alone ${aloneMs} ms (${((FRAMES * 1000) / aloneMs).toFixed(1)} frames/s); ` +
        `queued behind ${LOOPING_FRAMES} looping frames: done ${otherMs} ms after the looping job started (first frame at ${firstMs} ms, ` +
        `then ${(((FRAMES - 1) * 1000) / Math.max(1, otherMs - firstMs)).toFixed(1)} frames/s); serial budgets would be ${serialMs} ms; ` +
        `looping job: ${spent} frames spent the ${SHORT_BUDGET_MS} ms budget, ${fast} failed fast, last at ${lastLoopingMs} ms`,
    );
    await workSettled();
  });
});
