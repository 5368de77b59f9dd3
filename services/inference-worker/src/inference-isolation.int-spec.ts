import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { ConsumerMessages } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, Header, Messaging } from "@prelabel/messaging";
import { DataType } from "@prelabel/onnx-writer";
import {
  Buckets,
  Consumers,
  Contracts,
  create,
  DescribeModelReplySchema,
  Endpoints,
  FrameFailedSchema,
  FrameFailureCode,
  FrameInferredSchema,
  fromBinary,
  InferFrameSchema,
  ModelArtifactSchema,
  ModelDescriptorSchema,
  OnnxChannelOrder,
  OnnxDetectorSpecSchema,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  ShapeType,
  Streams,
  type FrameFailed,
  type FrameInferred,
  type ModelDescriptor,
} from "@prelabel/proto";
import { createTestNats, loopingDetectorOnnx, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import sharp from "sharp";
import { createModelCatalog, createOrtSession, InferenceRunnerPool, ModelResolver, TimeoutBreaker, type RunnerJob } from "./inference/index.js";
import { TestGraph } from "./inference/onnx-detector/test-graphs.testing.js";
import { ModelArtifactStore } from "./persistence/model-artifact.store.js";
import { ModelDirectoryClient } from "./clients/model-directory.client.js";
import { createProbeServer } from "./probe.server.js";
import { ModelArtifactCache } from "./persistence/model-artifact.cache.js";
import { startWorker } from "./app.js";
import { WORKER_RUNNER_REPLACEMENTS, WorkerMetrics } from "./worker.metrics.js";

/*
 * Inference cannot hold a worker (issue 9): a tenant's uploaded model that loops for ever on real frames (and
 * so passed the registry's blank-input trial) runs on a real worker on NATS JetStream, beside another tenant's
 * normal model. The looping frames fail INFERENCE_TIMEOUT within their budget, their runners are replaced,
 * /healthz keeps answering, a cancel stops a running frame, and the other tenant's job keeps its speed.
 */

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const CONCURRENCY = 2;
const TENANT_A = "tenant-a";
const TENANT_B = "tenant-b";
/** Past the consumer's ack_wait (10 s, infra/nats/topology.json): only in-progress acks keep the frame ours. */
const LONG_BUDGET_MS = 12_000;
const SHORT_BUDGET_MS = 3_000;
const CANCEL_BUDGET_MS = 60_000;

/** A YOLOv8-layout detector answering one constant car box: fast, whatever the frame. */
function carDetector(): Uint8Array {
  const graph = new TestGraph("cars");
  graph.input("images", DataType.FLOAT, [1, 3, 64, 64]);
  graph.constant("output0", [1, 6, 2], [24, 50, 32, 50, 16, 4, 16, 4, 0.1, 0.05, 0.9, 0.1]);
  return graph.bytes();
}

const detectorSpec = (budgetMs: number) =>
  create(OnnxDetectorSpecSchema, {
    outputLayout: OnnxOutputLayout.YOLO_V8,
    inputWidth: 64,
    inputHeight: 64,
    resize: OnnxResizeMode.LETTERBOX,
    channelOrder: OnnxChannelOrder.RGB,
    tensorLayout: OnnxTensorLayout.NCHW,
    inputType: OnnxInputType.FLOAT32,
    mean: [0, 0, 0],
    std: [255, 255, 255],
    classNames: ["person", "car"],
    nmsIou: 0.45,
    maxDetections: 100,
    inputName: "images",
    outputNames: ["output0"],
    frameBudgetMs: budgetMs,
  });

type Outcome = { inferred?: FrameInferred; failed?: FrameFailed; at: number };

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
  const outcomes = new Map<string, Outcome[]>();
  /** Frames handed to a runner, by job. */
  const dispatched: { jobModel: string; at: number }[] = [];
  const descriptors = new Map<string, { tenant: string; descriptor: ModelDescriptor }>();

  const outcomesOf = (jobId: string) => outcomes.get(jobId) ?? [];
  const waitFor = async (what: string, ok: () => boolean | Promise<boolean>, timeoutMs = 60_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await ok())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await sleep(50);
    }
  };
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
    descriptors.set(id, {
      tenant,
      descriptor: create(ModelDescriptorSchema, {
        id,
        name: id,
        runtime: "onnx-detector",
        defaultThreshold: 0.25,
        artifacts: [create(ModelArtifactSchema, { name: "model", sha256: sha256(bytes), sizeBytes: BigInt(bytes.byteLength) })],
        onnxDetector: detectorSpec(budgetMs),
      }),
    });
  };

  /** Publishes `count` frames of a job of `tenant` on `modelId`; returns the job id. */
  const publishJob = async (tenant: string, modelId: string, count: number): Promise<string> => {
    const jobId = randomUUID();
    for (let frame = 0; frame < count; frame++) {
      await client.publish(
        Contracts.inferFrame,
        create(InferFrameSchema, {
          jobId,
          taskId: `task-${tenant}`,
          tenantId: tenant,
          frame,
          frameObject,
          model: { id: modelId, runtime: "onnx-detector" },
          threshold: 0.5,
          convertMasksToPolygons: true,
          mapping: [{ modelLabel: "car", taskLabelId: "label-car", taskLabelType: ShapeType.RECTANGLE }],
        }),
        { msgId: `${jobId}.${frame}` },
      );
    }
    return jobId;
  };

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "annotation-job (test)" });
    jobControl = await client.keyValue(Buckets.jobControl);
    // A lit 200×100 frame: the looping model's trip count is taken from its brightest input value.
    const png = await sharp({ create: { width: 200, height: 100, channels: 3, background: "#808080" } }).png().toBuffer();
    frameObject = `sha256-${sha256(png)}`;
    await (await client.objectStore(Buckets.frames)).putBlob({ name: frameObject }, new Uint8Array(png));

    // The registry would refuse a model looping on a blank input; this one loops only on real frames, so it passed.
    await addModel("looping-long", TENANT_A, loopingDetectorOnnx({ trips: "input" }), LONG_BUDGET_MS);
    await addModel("looping-short", TENANT_A, loopingDetectorOnnx({ trips: "input" }), SHORT_BUDGET_MS);
    await addModel("looping-cancel", TENANT_A, loopingDetectorOnnx({ trips: "input" }), CANCEL_BUDGET_MS);
    await addModel("cars", TENANT_B, carDetector(), SHORT_BUDGET_MS);
    registry = client.serve(Endpoints.describeModel, async ({ modelId, tenantId }) => {
      const known = descriptors.get(modelId);
      if (!known || known.tenant !== tenantId) throw new EndpointError("NOT_FOUND", `No model "${modelId}"`);
      return create(DescribeModelReplySchema, { model: known.descriptor });
    });
    stored = await (await client.js.consumers.get(client.ns.stream(Streams.annotationEvents))).consume();
    void (async () => {
      for await (const m of stored) {
        const type = m.headers?.get(Header.type);
        const outcome: Outcome | undefined =
          type === FrameInferredSchema.typeName
            ? { inferred: fromBinary(FrameInferredSchema, m.data), at: Date.now() }
            : type === FrameFailedSchema.typeName
              ? { failed: fromBinary(FrameFailedSchema, m.data), at: Date.now() }
              : undefined;
        const jobId = outcome?.inferred?.jobId ?? outcome?.failed?.jobId;
        if (outcome && jobId) outcomes.set(jobId, [...outcomesOf(jobId), outcome]);
      }
    })();
    await client.nc.flush();

    // Wired as main.ts wires it: runner processes, the breaker, the probes.
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
    models = new ModelResolver({
      catalog: createModelCatalog({ intraOpNumThreads: 1 }),
      directory: new ModelDirectoryClient(workerMessaging),
      expectArtifacts: () => undefined,
      fetchArtifact: (artifact) => cache.localPath(artifact),
      uploadContext: { createSession: createOrtSession, sessionOptions: { intraOpNumThreads: 1 } },
      isolated: { pool: watched, breaker: new TimeoutBreaker({ threshold: 3, cooldownMs: 120_000 }) },
    });
    const worker = await startWorker({ messaging: workerMessaging, models, logger: pino({ level: "silent" }), metrics, workerId: "w1", concurrency: CONCURRENCY, maxFramePixels: 10_000_000 });
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
    const started = Date.now();
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
      assert.ok(Date.now() - started < LONG_BUDGET_MS + 30_000, "the frame ends");
      await sleep(200);
    }

    const [outcome] = outcomesOf(jobId);
    assert.equal(outcome!.failed?.code, FrameFailureCode.INFERENCE_TIMEOUT, JSON.stringify(outcome));
    assert.match(outcome!.failed!.reason, /looping-long did not finish the frame within its budget of 12000 ms/);
    const took = outcome!.at - started;
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
    const start = Date.now();
    const looping = await publishJob(TENANT_A, "looping-short", LOOPING_FRAMES);
    const other = await publishJob(TENANT_B, "cars", FRAMES);
    await waitFor("the other tenant's job", () => outcomesOf(other).length === FRAMES, 120_000);
    const otherMs = Math.max(...outcomesOf(other).map((o) => o.at)) - start;
    assert.ok(outcomesOf(other).every((o) => o.inferred), "every frame of the other tenant's job inferred");
    // Serially, the looping job's frames would hold both runners for FRAMES × budget / runners.
    const serialMs = (LOOPING_FRAMES * SHORT_BUDGET_MS) / CONCURRENCY;
    assert.ok(otherMs < serialMs, `the other job finished in ${otherMs} ms, before the looping job's budgets could have been spent (${serialMs} ms)`);

    await waitFor("the looping job's frames", () => outcomesOf(looping).length === LOOPING_FRAMES, 120_000);
    const failures = outcomesOf(looping).map((o) => o.failed);
    assert.ok(failures.every((f) => f?.code === FrameFailureCode.INFERENCE_TIMEOUT), JSON.stringify(failures));
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
