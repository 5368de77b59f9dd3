import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import type { Subscription } from "@nats-io/transport-node";
import { Messaging, RemoteServiceError } from "@prelabel/messaging";
import {
  Buckets,
  create,
  Endpoints,
  FrameFailureCode,
  InferFrameRequestSchema,
  InferFrameSchema,
  ModelDescriptorSchema,
  ServiceTopology,
  ShapeType,
  Streams,
  type InferFrame,
  type InferFrameReply,
} from "@prelabel/proto";
import { createTestNats, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import sharp from "sharp";
import { startWorker } from "../src/app.js";
import { createModelCatalog, InferenceRunnerPool, IsolatedModel, TimeoutBreaker, type ModelResolver } from "../src/inference/index.js";
import { eventually } from "./support/eventually.js";
import { logStoredOutcomes, OutcomeLog } from "./support/frame-outcomes.js";
import { frameObjectName, storeFrame, textSvg } from "./support/frames.js";
import { publishInferFrame } from "./support/infer-frames.js";
import { serveDescribeModel } from "./support/model-registry.stand-in.js";
import { testModelResolver } from "./support/model-resolver.js";

/*
 * inference.v1.infer-frame on the real worker wiring (startWorker), real NATS and the real PP-OCRv4 model in runner
 * processes: a frame asked for over request/reply is run exactly as a work-queue frame and answered, nothing is
 * published to ANNOTATION_EVT, a worker over its request limit answers WORKER_BUSY at once, and a request's deadline
 * is kept.
 */

const CONCURRENCY = 1;
/** One request/reply frame at a time, so a second one at once is refused. */
const INFER_FRAME_CONCURRENCY = 1;
const TEXT_LABEL_ID = "label-text-0001";
const TEXT_MODEL_ID = "model-text";
const TEXT_RUNTIME = "catalog:text-detection";
const RUNTIMES: Record<string, string> = { [TEXT_MODEL_ID]: TEXT_RUNTIME, "model-of-tenant-x": TEXT_RUNTIME };
const OWNERS: Record<string, string> = { "model-of-tenant-x": "tenant-x" };

describe("inference worker: the infer-frame endpoint", () => {
  let nats: TestNats;
  let client: Messaging;
  let workerMessaging: Messaging;
  let models: ModelResolver;
  let runners: InferenceRunnerPool;
  let registry: Subscription | undefined;
  let worker: { stop(): Promise<void> } | undefined;
  const stored = new OutcomeLog(Streams.annotationEvents);
  let storedMessages: Awaited<ReturnType<typeof logStoredOutcomes>> | undefined;
  let textJpegName: string;
  let pageJpegName: string;

  const frame = (init: { object: string; modelId?: string; tenantId?: string; jobId?: string; frame?: number }): InferFrame =>
    create(InferFrameSchema, {
      jobId: init.jobId ?? "",
      tenantId: init.tenantId ?? "",
      taskId: "task-preview",
      frame: init.frame ?? 0,
      frameObject: init.object,
      model: { id: init.modelId ?? TEXT_MODEL_ID, runtime: RUNTIMES[init.modelId ?? TEXT_MODEL_ID] ?? "catalog:gone" },
      threshold: 0.5,
      convertMasksToPolygons: true,
      mapping: [{ modelLabel: "text", taskLabelId: TEXT_LABEL_ID, taskLabelType: ShapeType.POLYGON }],
    });
  const ask = (f: InferFrame, timeoutMs = 60_000): Promise<InferFrameReply> =>
    client.request(Endpoints.inferFrame, create(InferFrameRequestSchema, { frame: f, timeoutMs }), timeoutMs + 5_000);

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "annotation-job (test)" });
    await client.verify(ServiceTopology.inferenceWorker);
    await client.keyValue(Buckets.jobControl);
    textJpegName = await storeFrame(
      client,
      await sharp(
        textSvg(640, 240, [
          { y: 85, size: 44, text: "Prelabel 2026" },
          { y: 185, size: 36, text: "Invoice No. 4711" },
        ]),
      )
        .jpeg({ quality: 90 })
        .toBuffer(),
    );
    const lines = Array.from({ length: 14 }, (_, i) => ({ y: 80 + i * 70, size: 34, text: `Line ${i + 1}: the quick brown fox jumps` }));
    pageJpegName = await storeFrame(
      client,
      await sharp(textSvg(1600, 1100, lines))
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    storedMessages = await logStoredOutcomes(client, stored);
    registry = serveDescribeModel(client, (modelId, tenantId) => {
      const owner = OWNERS[modelId];
      const runtime = owner && owner !== (tenantId || "default") ? undefined : RUNTIMES[modelId];
      return runtime ? create(ModelDescriptorSchema, { id: modelId, name: modelId, runtime, defaultThreshold: 0.5 }) : undefined;
    });
    await client.nc.flush();

    runners = new InferenceRunnerPool({
      size: CONCURRENCY,
      settings: { intraOpNumThreads: 2, maxFramePixels: 4_000_000, verifyBuiltArtifacts: false },
    });
    await runners.start();
    models = testModelResolver(client, {
      catalog: createModelCatalog({ intraOpNumThreads: 2 }),
      fetchArtifact: () => Promise.reject(new Error("no uploaded models here")),
      isolated: { pool: runners, breaker: new TimeoutBreaker() },
    });
    const text = await models.resolve("default", { id: TEXT_MODEL_ID, runtime: TEXT_RUNTIME });
    if (text instanceof IsolatedModel) runners.preload([text.plan]);
    workerMessaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "inference-worker (test)" });
    worker = await startWorker({
      messaging: workerMessaging,
      models,
      logger: pino({ level: "silent" }),
      metrics: new Registry(),
      workerId: "worker-1",
      concurrency: CONCURRENCY,
      inferFrameConcurrency: INFER_FRAME_CONCURRENCY,
      maxFramePixels: 4_000_000,
    });
  });

  after(async () => {
    try {
      await worker?.stop();
      registry?.unsubscribe();
      await storedMessages?.close();
      await workerMessaging?.close();
      await client?.close();
      await models?.dispose();
      await runners?.close();
    } finally {
      await nats?.cleanup();
    }
  });

  it("answers a frame's shapes and the worker's timing, and publishes no outcome", async () => {
    const reply = await ask(frame({ object: textJpegName, frame: 7, tenantId: "tenant-x" }));
    assert.equal(reply.outcome.case, "inferred", JSON.stringify(reply.outcome.value));
    const inferred = reply.outcome.value;
    assert.equal(inferred.frame, 7);
    assert.equal(inferred.tenantId, "tenant-x");
    assert.equal(inferred.workerId, "worker-1");
    // The two drawn text lines, as the work queue's frame would have them.
    assert.equal(inferred.shapes.length, 2);
    for (const s of inferred.shapes) {
      assert.equal(s.type, ShapeType.POLYGON);
      assert.equal(s.labelId, TEXT_LABEL_ID);
      assert.ok(s.score !== undefined && s.score >= 0.5 && s.score <= 1, `score ${s.score}`);
    }
    assert.ok(reply.inferenceMs > 0 && reply.decodeMs > 0, `decode ${reply.decodeMs} ms, inference ${reply.inferenceMs} ms`);
    assert.equal(inferred.inferenceMs, reply.inferenceMs);

    // A job's frame published afterwards is the first outcome the events stream holds: the answer published nothing.
    const jobId = randomUUID();
    await publishInferFrame(client, frame({ object: textJpegName, jobId }));
    await stored.until("the job frame's outcome", () => stored.of(jobId).length > 0);
    assert.deepEqual(
      stored.all.map((o) => o.msgId),
      [`${jobId}.0`],
    );
  });

  it("runs the frame as its tenant: another tenant's model is MODEL_UNAVAILABLE, as for a job's frame", async () => {
    const own = await ask(frame({ object: textJpegName, modelId: "model-of-tenant-x", tenantId: "tenant-x" }));
    assert.equal(own.outcome.case, "inferred");
    const other = await ask(frame({ object: textJpegName, modelId: "model-of-tenant-x", tenantId: "tenant-y" }));
    assert.equal(other.outcome.case, "failed");
    assert.equal(other.outcome.value.code, FrameFailureCode.MODEL_UNAVAILABLE);
    assert.equal(other.outcome.value.tenantId, "tenant-y");
  });

  it("answers a bad or missing frame with its code at once (no retries), and keeps answering", async () => {
    const missing = await ask(frame({ object: frameObjectName(randomBytes(32)) }));
    assert.equal(missing.outcome.case, "failed");
    assert.equal(missing.outcome.value.code, FrameFailureCode.FRAME_MISSING);
    const notImage = await ask(frame({ object: await storeFrame(client, randomBytes(1024)) }));
    assert.equal(notImage.outcome.case, "failed");
    assert.equal(notImage.outcome.value.code, FrameFailureCode.NOT_AN_IMAGE);
    const fine = await ask(frame({ object: textJpegName }));
    assert.equal(fine.outcome.case, "inferred");
  });

  it("past the request's deadline the frame is abandoned and answered INFERENCE_TIMEOUT", async () => {
    const late = await ask(frame({ object: pageJpegName }), 1);
    assert.equal(late.outcome.case, "failed");
    assert.equal(late.outcome.value.code, FrameFailureCode.INFERENCE_TIMEOUT);
    // The worker is whole again afterwards (a replaced runner, if it had started).
    const next = await ask(frame({ object: textJpegName }));
    assert.equal(next.outcome.case, "inferred", JSON.stringify(next.outcome.value));
  });

  it("over its request limit a worker answers WORKER_BUSY at once; the request it took is answered", async () => {
    const answers = await Promise.all([0, 1, 2].map((i) => ask(frame({ object: pageJpegName, frame: i }))));
    const busy = answers.filter((a) => a.outcome.case === "failed" && a.outcome.value.code === FrameFailureCode.WORKER_BUSY);
    const inferred = answers.filter((a) => a.outcome.case === "inferred");
    assert.equal(inferred.length, INFER_FRAME_CONCURRENCY, JSON.stringify(answers.map((a) => a.outcome.value)));
    assert.equal(busy.length, 3 - INFER_FRAME_CONCURRENCY);
    const [taken] = inferred;
    assert.ok(taken.outcome.case === "inferred" && taken.outcome.value.shapes.length >= 10, "the page's lines");
  });

  it("a request/reply frame and a job's frames share the runner: both are done", async () => {
    const jobId = randomUUID();
    for (let i = 0; i < 3; i++) await publishInferFrame(client, frame({ object: textJpegName, jobId, frame: i }));
    const reply = await ask(frame({ object: textJpegName }));
    assert.equal(reply.outcome.case, "inferred");
    await stored.until("the job's three outcomes", () => stored.of(jobId).length === 3);
    assert.ok(stored.of(jobId).every((o) => o.inferred));
  });

  it("a request without a frame is refused with BAD_USER_INPUT", async () => {
    await assert.rejects(
      client.request(Endpoints.inferFrame, create(InferFrameRequestSchema, { timeoutMs: 1_000 })),
      (err: unknown) => err instanceof RemoteServiceError && err.code === "BAD_USER_INPUT",
    );
  });

  it("a stopped worker no longer answers: the request finds no responders", async () => {
    await worker!.stop();
    worker = undefined;
    await eventually("the endpoint to go", async () => {
      try {
        await client.request(Endpoints.inferFrame, create(InferFrameRequestSchema, { frame: frame({ object: textJpegName }) }), 2_000);
        return false;
      } catch (err) {
        return err instanceof RemoteServiceError && err.code === "SERVICE_UNAVAILABLE";
      }
    });
  });
});
