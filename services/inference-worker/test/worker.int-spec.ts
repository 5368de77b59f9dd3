import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { ObjectStore } from "@nats-io/obj";
import type { Subscription } from "@nats-io/transport-node";
import { Messaging } from "@prelabel/messaging";
import {
  Buckets,
  Consumers,
  Contracts,
  create,
  ModelDescriptorSchema,
  fromBinary,
  FrameFailureCode,
  InferFrameSchema,
  LabelThresholdSchema,
  ServiceTopology,
  ShapeType,
  Streams,
  TileMerge,
  TilingSchema,
  type InferFrame,
} from "@prelabel/proto";
import { createTestNats, REPO_ROOT, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import sharp from "sharp";
import { startWorker } from "../src/app.js";
import {
  createModelCatalog,
  decodeFrame,
  InferenceRunnerPool,
  IsolatedModel,
  TimeoutBreaker,
  type ModelResolver,
} from "../src/inference/index.js";
import { inferFramesHandler } from "../src/messaging/consumers/infer-frames.consumer.js";
import { FrameOutcomePublisher } from "../src/messaging/publishers/frame-outcome.publisher.js";
import { eventually } from "./support/eventually.js";
import { logStoredOutcomes, OutcomeLog, toOutcome } from "./support/frame-outcomes.js";
import { frameObjectName, storeFrame, textSvg } from "./support/frames.js";
import { publishInferFrame } from "./support/infer-frames.js";
import { serveDescribeModel } from "./support/model-registry.stand-in.js";
import { testModelResolver } from "./support/model-resolver.js";

/*
 * The real worker wiring (startWorker) on the real local NATS JetStream, in a namespace of its own, with
 * the real PP-OCRv4 model. The test plays annotation-job: it stores frame images in the `frames` object
 * store, publishes InferFrame commands, marks jobs cancelled in `job-control`, and reads the outcomes
 * twice: as stored in ANNOTATION_EVT (what consumers will get) and as published on the wire (what the
 * worker sent, including publishes JetStream de-duplicated). It also plays the registry, answering
 * describe-model for the model ids the frames name.
 */

const CONCURRENCY = 2;
const MAX_FRAME_PIXELS = 4_000_000;
const TASK_ID = "task-0001";
const TEXT_LABEL_ID = "label-text-0001";
const TEXT_RUNTIME = "catalog:text-detection";
const TEXT_MODEL_ID = "model-0001";
/** What the stand-in registry answers: model id → runtime (text-detection lists no artifacts: its file comes from a package). */
const REGISTRY_RUNTIMES: Record<string, string> = {
  [TEXT_MODEL_ID]: TEXT_RUNTIME,
  "model-elsewhere": "catalog:no-such-model",
  "model-odd": "tensorflow",
  "model-of-tenant-x": TEXT_RUNTIME,
};
/** Models the fake registry describes to their tenant only (the rest are catalog models). */
const REGISTRY_OWNERS: Record<string, string> = { "model-of-tenant-x": "tenant-x" };

describe("inference worker: real wiring on NATS JetStream with the real model", () => {
  let nats: TestNats;
  /** annotation-job's side: publishes frames and cancel marks, reads outcomes. */
  let client: Messaging;
  let frames: ObjectStore;
  let jobControl: KV;
  let models: ModelResolver;
  let runners: InferenceRunnerPool;
  let registrySub: Subscription | undefined;
  let describes = 0;
  const describedAs: string[] = [];
  const connections: Messaging[] = [];
  const stored = new OutcomeLog(Streams.annotationEvents);
  const wire = new OutcomeLog("wire");
  let storedMessages: ConsumerMessages | undefined;
  let wireSub: Subscription | undefined;

  const logs: { level: number; msg: string; err?: { message?: string } }[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => void logs.push(JSON.parse(line)) });
  const handlerErrors = () => logs.filter((l) => l.level >= 50);

  type RunningWorker = { workerId: string; messaging: Messaging; metrics: Registry; stop(): Promise<void>; stopped: boolean };
  let worker: RunningWorker | undefined;
  /** A worker as one replica runs it: its own connection, its own metrics. */
  const startOne = async (workerId: string): Promise<RunningWorker> => {
    const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: `inference-worker ${workerId}` });
    connections.push(messaging);
    const metrics = new Registry();
    const w = await startWorker({
      messaging,
      models,
      logger,
      metrics,
      workerId,
      concurrency: CONCURRENCY,
      maxFramePixels: MAX_FRAME_PIXELS,
    });
    const running: RunningWorker = {
      workerId,
      messaging,
      metrics,
      stopped: false,
      stop: async () => {
        running.stopped = true;
        await w.stop();
      },
    };
    return running;
  };
  const framesTotal = async (w: RunningWorker) => {
    const values = (await w.metrics.getSingleMetric("prelabel_worker_frames_total")!.get()).values;
    const of = (outcome: string) => values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    return { inferred: of("inferred"), failed: of("failed") };
  };

  const workStream = () => client.ns.stream(Consumers.inferFrames.stream);
  const DURABLE = Consumers.inferFrames.durable;
  const workMessages = async () => (await client.jsm.streams.info(workStream())).state.messages;
  /** Every frame published so far was acked: the work-queue stream is empty and nothing is out for delivery. */
  const workSettled = () =>
    eventually("the work stream to empty", async () => {
      const info = await client.jsm.consumers.info(workStream(), DURABLE);
      return (await workMessages()) === 0 && info.num_pending === 0 && info.num_ack_pending === 0;
    });

  const store = (bytes: Uint8Array): Promise<string> => storeFrame(client, bytes);
  const inferFrame = (
    jobId: string,
    frame: number,
    frameObject: string,
    options: { convert?: boolean; modelId?: string; tenantId?: string } = {},
  ): InferFrame =>
    create(InferFrameSchema, {
      jobId,
      tenantId: options.tenantId ?? "",
      taskId: TASK_ID,
      frame,
      frameObject,
      model: { id: options.modelId ?? TEXT_MODEL_ID, runtime: REGISTRY_RUNTIMES[options.modelId ?? TEXT_MODEL_ID] ?? "catalog:gone" },
      threshold: 0.5,
      convertMasksToPolygons: options.convert ?? true,
      mapping: [{ modelLabel: "text", taskLabelId: TEXT_LABEL_ID, taskLabelType: ShapeType.POLYGON }],
    });
  /** As annotation-job publishes frames: Nats-Msg-Id `<jobId>.<frame>`. */
  const publishFrame = (f: InferFrame) => publishInferFrame(client, f);

  // Frame images.
  const TEXT_W = 640;
  const TEXT_H = 240;
  let textJpeg: Buffer;
  let textJpegName: string;
  let docJpegName: string;
  let receiptName: string;
  let receipt: { width: number; height: number };

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "annotation-job (test)" });
    connections.push(client);
    await client.verify(ServiceTopology.inferenceWorker);
    frames = await client.objectStore(Buckets.frames);
    jobControl = await client.keyValue(Buckets.jobControl);

    textJpeg = await sharp(
      textSvg(TEXT_W, TEXT_H, [
        { y: 85, size: 44, text: "Prelabel 2026" },
        { y: 185, size: 36, text: "Invoice No. 4711" },
      ]),
    )
      .jpeg({ quality: 90 })
      .toBuffer();
    textJpegName = await store(textJpeg);
    const docLines = Array.from({ length: 9 }, (_, i) => ({ y: 90 + i * 70, size: 34, text: `Line ${i + 1}: the quick brown fox jumps` }));
    docJpegName = await store(
      await sharp(textSvg(1280, 720, docLines))
        .jpeg({ quality: 85 })
        .toBuffer(),
    );
    const receiptBytes = readFileSync(join(REPO_ROOT, "samples", "documents", "receipt-01.jpg"));
    receipt = await sharp(receiptBytes).metadata();
    receiptName = await store(receiptBytes);

    // Outcomes as stored (an ordered consumer over the events stream) and as published (core NATS).
    storedMessages = await logStoredOutcomes(client, stored);
    wireSub = client.nc.subscribe(client.ns.subject("evt.annotation.frame.>"), {
      callback: (err, msg) => {
        if (!err) wire.push(toOutcome(msg.subject, msg.headers, msg.data));
      },
    });
    await client.nc.flush();

    // The registry's describe-model, as model-registry answers it.
    registrySub = serveDescribeModel(client, (modelId, tenantId) => {
      describes++;
      describedAs.push(`${tenantId || "default"}:${modelId}`);
      const owner = REGISTRY_OWNERS[modelId];
      const runtime = owner && owner !== (tenantId || "default") ? undefined : REGISTRY_RUNTIMES[modelId];
      return runtime ? create(ModelDescriptorSchema, { id: modelId, name: modelId, runtime, defaultThreshold: 0.5 }) : undefined;
    });
    await client.nc.flush();

    // As app.ts does: models run in runner processes, loaded before taking work.
    runners = new InferenceRunnerPool({
      size: CONCURRENCY,
      settings: { intraOpNumThreads: 2, maxFramePixels: MAX_FRAME_PIXELS, verifyBuiltArtifacts: false },
    });
    await runners.start();
    models = testModelResolver(client, {
      catalog: createModelCatalog({ intraOpNumThreads: 2 }),
      fetchArtifact: () => Promise.reject(new Error("no uploaded models here")),
      isolated: { pool: runners, breaker: new TimeoutBreaker() },
    });
    const text = await models.resolve("default", { id: TEXT_MODEL_ID, runtime: TEXT_RUNTIME });
    if (text instanceof IsolatedModel) runners.preload([text.plan]);
    worker = await startOne("worker-1");
  });

  after(async () => {
    try {
      if (worker && !worker.stopped) await worker.stop();
      wireSub?.unsubscribe();
      await storedMessages?.close();
      registrySub?.unsubscribe();
      for (const c of connections.reverse()) await c.close();
      await models?.dispose();
      await runners?.close();
    } finally {
      await nats?.cleanup();
    }
  });

  it("a frame with text yields exactly one FrameInferred: POLYGON shapes on the mapped task label, scores in (0, 1]", async () => {
    const jobId = randomUUID();
    const ack = await publishFrame(inferFrame(jobId, 0, textJpegName));
    assert.equal(ack.duplicate, false);
    await stored.until("frame 0's outcome", () => stored.of(jobId, 0).length > 0);
    await workSettled();

    assert.equal(stored.of(jobId, 0).length, 1, "one outcome stored");
    assert.equal(wire.of(jobId, 0).length, 1, "one outcome published");
    const [o] = stored.of(jobId, 0);
    assert.equal(o.type, "annotation.v1.FrameInferred");
    assert.equal(o.subject, client.ns.subject(Contracts.frameInferred.subject));
    assert.equal(o.msgId, `${jobId}.0`);
    const inferred = o.inferred!;
    assert.equal(inferred.taskId, TASK_ID);
    assert.equal(inferred.workerId, "worker-1");
    assert.equal(inferred.droppedAttributeValues, 0);
    assert.ok(inferred.inferenceMs > 0, `inferenceMs ${inferred.inferenceMs}`);

    // Two text lines were drawn: one polygon around each.
    assert.equal(inferred.shapes.length, 2, JSON.stringify(inferred.shapes.map((s) => s.points)));
    for (const s of inferred.shapes) {
      assert.equal(s.type, ShapeType.POLYGON);
      assert.equal(s.labelId, TEXT_LABEL_ID);
      assert.equal(s.mask, undefined);
      assert.ok(s.score !== undefined && s.score > 0 && s.score <= 1, `score ${s.score}`);
      assert.ok(s.points.length >= 8 && s.points.length % 2 === 0, `${s.points.length} coordinates`);
      for (let i = 0; i < s.points.length; i += 2) {
        assert.ok(
          s.points[i] >= 0 && s.points[i] <= TEXT_W && s.points[i + 1] >= 0 && s.points[i + 1] <= TEXT_H,
          `point ${s.points[i]},${s.points[i + 1]}`,
        );
      }
    }
    const centreY = (p: number[]) => p.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) / (p.length / 2);
    const ys = inferred.shapes.map((s) => centreY(s.points)).sort((a, b) => a - b);
    assert.ok(ys[0] > 40 && ys[0] < 90 && ys[1] > 140 && ys[1] < 190, `line centres ${ys.join(",")}`);
    assert.deepEqual(await framesTotal(worker!), { inferred: 1, failed: 0 });
    assert.equal(describes, 1, "the registry was asked about the model once, then the answer was kept");
  });

  it("a runner tiles the frame and applies per-label thresholds: each text line once, at the label's own threshold", async () => {
    const jobId = randomUUID();
    // The run's threshold would keep nothing; the text label's own 0.5 does. 512-px tiles over the 1280 × 720 page: 3 × 2.
    const frame = create(InferFrameSchema, {
      ...inferFrame(jobId, 0, docJpegName),
      threshold: 1,
      labelThresholds: [create(LabelThresholdSchema, { taskLabelId: TEXT_LABEL_ID, threshold: 0.5 })],
      tiling: create(TilingSchema, { tileSize: 512, overlap: 0.25, merge: TileMerge.NMS }),
    });
    await publishFrame(frame);
    await stored.until("the tiled frame's outcome", () => stored.of(jobId, 0).length > 0);
    const inferred = stored.of(jobId, 0)[0].inferred!;
    assert.ok(inferred, "the frame was inferred");
    const centreY = (p: number[]) => p.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) / (p.length / 2);
    const ys = inferred.shapes.map((s) => centreY(s.points)).sort((a, b) => a - b);
    // Nine lines drawn at y = 90 + 70·i (baselines): one polygon each, not one per tile that saw it.
    assert.equal(inferred.shapes.length, 9, `line centres ${ys.map(Math.round).join(",")}`);
    for (let i = 1; i < ys.length; i++) assert.ok(ys[i] - ys[i - 1] > 40, `line centres ${ys.map(Math.round).join(",")}`);
    for (const s of inferred.shapes) {
      assert.equal(s.type, ShapeType.POLYGON);
      assert.ok(s.score !== undefined && s.score >= Math.fround(0.5), `score ${s.score}`);
    }
  });

  it("a frame runs as its job's tenant: the model is described for that tenant, and the outcome names it", async () => {
    const asOwner = randomUUID();
    const asOther = randomUUID();
    await publishFrame(inferFrame(asOwner, 0, textJpegName, { modelId: "model-of-tenant-x", tenantId: "tenant-x" }));
    await publishFrame(inferFrame(asOther, 0, textJpegName, { modelId: "model-of-tenant-x", tenantId: "tenant-y" }));
    await stored.until("both outcomes", () => stored.of(asOwner, 0).length > 0 && stored.of(asOther, 0).length > 0);
    await workSettled();
    const [owner] = stored.of(asOwner, 0);
    assert.equal(owner.inferred?.tenantId, "tenant-x");
    assert.equal(owner.inferred?.shapes.length, 2, "tenant-x's model ran for tenant-x");
    const [other] = stored.of(asOther, 0);
    assert.equal(other.failed?.code, FrameFailureCode.MODEL_UNAVAILABLE, "tenant-y's frame cannot run tenant-x's model");
    assert.equal(other.failed?.tenantId, "tenant-y");
    assert.ok(
      describedAs.includes("tenant-x:model-of-tenant-x") && describedAs.includes("tenant-y:model-of-tenant-x"),
      describedAs.join(" "),
    );
  });

  it("with 'convert masks to polygons' off, the same frame yields MASK shapes in CVAT RLE", async () => {
    const jobId = randomUUID();
    await publishFrame(inferFrame(jobId, 3, textJpegName, { convert: false }));
    await stored.until("frame 3's outcome", () => stored.of(jobId, 3).length > 0);
    await workSettled();

    assert.equal(stored.of(jobId).length, 1);
    const inferred = stored.of(jobId, 3)[0].inferred!;
    assert.ok(inferred, "a FrameInferred");
    assert.equal(inferred.shapes.length, 2);
    for (const s of inferred.shapes) {
      assert.equal(s.type, ShapeType.MASK);
      assert.equal(s.labelId, TEXT_LABEL_ID);
      assert.ok(s.score !== undefined && s.score > 0 && s.score <= 1, `score ${s.score}`);
      const m = s.mask!;
      assert.ok(m, "an RLE mask");
      assert.ok(
        m.left >= 0 && m.top >= 0 && m.left <= m.right && m.top <= m.bottom && m.right < TEXT_W && m.bottom < TEXT_H,
        JSON.stringify(m),
      );
      assert.deepEqual(s.points, [m.left, m.top, m.right, m.bottom]);
      assert.ok(m.counts.length >= 2 && m.counts.every((c) => Number.isInteger(c) && c >= 0));
      const total = m.counts.reduce((a, b) => a + b, 0);
      assert.equal(total, (m.right - m.left + 1) * (m.bottom - m.top + 1), "runs cover the box exactly");
      const foreground = m.counts.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0);
      assert.ok(foreground > 0.3 * total, `foreground ${foreground} of ${total}`);
    }
  });

  it("bad frames each yield one FrameFailed with their code, and the worker keeps going", async () => {
    const jobId = randomUUID();
    const before = await framesTotal(worker!);
    const unstored = frameObjectName(randomBytes(64));
    const hugePng = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: "#fff" } })
      .png()
      .toBuffer();
    const cases: { object: string; code: string; modelId?: string }[] = [
      { object: await store(new Uint8Array(0)), code: FrameFailureCode.EMPTY_IMAGE },
      { object: await store(randomBytes(2048)), code: FrameFailureCode.NOT_AN_IMAGE },
      { object: await store(textJpeg.subarray(0, Math.floor(textJpeg.length * 0.6))), code: FrameFailureCode.CORRUPT_IMAGE },
      { object: await store(textSvg(200, 80, [{ y: 50, size: 30, text: "vector" }])), code: FrameFailureCode.NOT_AN_IMAGE },
      { object: unstored, code: FrameFailureCode.FRAME_MISSING },
      { object: "", code: FrameFailureCode.FRAME_MISSING },
      { object: await store(hugePng), code: FrameFailureCode.IMAGE_TOO_LARGE },
      { object: textJpegName, code: FrameFailureCode.MODEL_UNAVAILABLE, modelId: "model-elsewhere" },
      { object: textJpegName, code: FrameFailureCode.MODEL_UNAVAILABLE, modelId: "model-odd" },
      { object: textJpegName, code: FrameFailureCode.MODEL_UNAVAILABLE, modelId: "model-deleted" },
    ];
    for (const [frame, c] of cases.entries()) await publishFrame(inferFrame(jobId, frame, c.object, { modelId: c.modelId }));
    const good = cases.length;
    await publishFrame(inferFrame(jobId, good, receiptName));

    await stored.until(`${good + 1} outcomes`, () => stored.of(jobId).length >= good + 1);
    await workSettled();

    for (const [frame, c] of cases.entries()) {
      const outcomes = stored.of(jobId, frame);
      assert.equal(outcomes.length, 1, `frame ${frame} (${c.code}): one outcome`);
      assert.equal(wire.of(jobId, frame).length, 1, `frame ${frame}: published once`);
      const [o] = outcomes;
      assert.equal(o.type, "annotation.v1.FrameFailed", `frame ${frame}`);
      assert.equal(o.subject, client.ns.subject(Contracts.frameFailed.subject));
      assert.equal(o.msgId, `${jobId}.${frame}`);
      assert.equal(o.failed!.code, c.code, `frame ${frame}: ${o.failed!.reason}`);
      assert.ok(o.failed!.reason.length > 0);
      assert.equal(o.failed!.taskId, TASK_ID);
      assert.equal(o.failed!.workerId, "worker-1");
    }
    const last = stored.of(jobId, good);
    assert.equal(last.length, 1);
    assert.ok(last[0].inferred, `the good frame after them: ${last[0].failed?.code} ${last[0].failed?.reason}`);
    assert.ok(last[0].inferred.shapes.length >= 3, `${last[0].inferred.shapes.length} text regions on the receipt`);
    for (const s of last[0].inferred.shapes) {
      for (let i = 0; i < s.points.length; i += 2) assert.ok(s.points[i] <= receipt.width && s.points[i + 1] <= receipt.height);
    }

    assert.deepEqual(await framesTotal(worker!), { inferred: before.inferred + 1, failed: before.failed + cases.length });
    assert.deepEqual(handlerErrors(), [], "no frame went the nak-and-retry way");
  });

  it("a job cancelled in job-control has its frames acked without any outcome", async () => {
    const cancelled = randomUUID();
    const control = randomUUID();
    const before = await framesTotal(worker!);
    await jobControl.put(cancelled, "cancelled");
    // The mark reaches the worker's watch within milliseconds; give it a generous margin.
    await sleep(200);
    for (let frame = 0; frame < 4; frame++) await publishFrame(inferFrame(cancelled, frame, textJpegName));
    await publishFrame(inferFrame(control, 0, textJpegName));

    await stored.until("the control job's outcome", () => stored.of(control).length > 0);
    await workSettled();
    assert.deepEqual(stored.of(cancelled), [], "nothing stored for the cancelled job");
    assert.deepEqual(wire.of(cancelled), [], "nothing published for the cancelled job");
    assert.ok(stored.of(control, 0)[0].inferred);
    assert.deepEqual(await framesTotal(worker!), { inferred: before.inferred + 1, failed: before.failed });
  });

  it("the same InferFrame published twice with one Nats-Msg-Id is stored once and yields one outcome, itself de-duplicated", async () => {
    const jobId = randomUUID();
    const frame = inferFrame(jobId, 7, textJpegName);
    const first = await publishFrame(frame);
    const second = await publishFrame(frame);
    assert.equal(first.duplicate, false);
    assert.equal(second.duplicate, true);
    assert.equal(second.seq, first.seq);

    await stored.until("the outcome", () => stored.of(jobId, 7).length > 0);
    await workSettled();
    await sleep(300);
    assert.equal(stored.of(jobId).length, 1);
    assert.equal(wire.of(jobId).length, 1, "the worker ran the frame once");

    // A redelivered frame's outcome carries the same Nats-Msg-Id, so ANNOTATION_EVT keeps the first.
    const [o] = stored.of(jobId, 7);
    assert.equal(o.msgId, `${jobId}.7`);
    const again = await client.publish(Contracts.frameInferred, o.inferred!, { msgId: o.msgId });
    assert.equal(again.duplicate, true);
    assert.equal(again.seq, o.seq);
    await sleep(200);
    assert.equal(stored.of(jobId).length, 1);
  });

  it("a worker starting after a job was cancelled skips that job's frames", async () => {
    await worker!.stop();
    // An older job's mark, then this one's: startWorker resolves only once every mark already in job-control is loaded.
    await jobControl.put(randomUUID(), "cancelled");
    const cancelled = randomUUID();
    const control = randomUUID();
    await jobControl.put(cancelled, "cancelled");
    for (let frame = 0; frame < 4; frame++) await publishFrame(inferFrame(cancelled, frame, textJpegName));
    await publishFrame(inferFrame(control, 0, textJpegName));

    worker = await startOne("worker-2");
    await stored.until("the control job's outcome", () => stored.of(control).length > 0);
    await workSettled();
    assert.deepEqual(wire.of(cancelled), [], "nothing published for the cancelled job");
    assert.deepEqual(await framesTotal(worker), { inferred: 1, failed: 0 });
  });

  it("a frame redelivered after a worker died between publishing its outcome and acking lands once", async () => {
    await worker!.stop();
    const jobId = randomUUID();
    await publishFrame(inferFrame(jobId, 0, textJpegName));

    // The dying worker: takes the frame, runs the real frame handler (which publishes the outcome)…
    const durable = await client.js.consumers.get(workStream(), DURABLE);
    let taken: JsMsg | undefined;
    for await (const m of await durable.fetch({ max_messages: 1, expires: 3_000 })) taken = m;
    if (!taken) {
      const ci = await client.jsm.consumers.info(workStream(), DURABLE);
      const { num_pending, num_ack_pending, num_waiting, num_redelivered, delivered, ack_floor } = ci;
      assert.fail(
        `the frame is not there for the next worker: ${JSON.stringify({ num_pending, num_ack_pending, num_waiting, num_redelivered, delivered, ack_floor })}`,
      );
    }
    assert.equal(taken.info.deliveryCount, 1);
    const dying = inferFramesHandler(
      new FrameOutcomePublisher(client, "dying-worker"),
      {
        readFrame: (name) => frames.getBlob(name),
        decode: (bytes) => decodeFrame(bytes, { maxPixels: MAX_FRAME_PIXELS }),
        model: (tenantId, ref) => models.resolve(tenantId, ref),
        isCancelled: () => false,
      },
      logger,
    );
    const outcome = await dying.handle(fromBinary(InferFrameSchema, taken.data), {
      deliveryCount: 1,
      subject: taken.subject,
      headers: taken.headers,
    });
    assert.equal(outcome.kind, "ack");
    // …and dies before acking. The server hands the frame out again once ack_wait expires; a nak does it now.
    taken.nak();

    worker = await startOne("worker-3");
    await wire.until("the redelivered frame's second outcome", () => wire.of(jobId, 0).length >= 2);
    await workSettled();
    await sleep(200);

    const published = wire.of(jobId, 0);
    assert.deepEqual(
      published.map((o) => o.workerId),
      ["dying-worker", "worker-3"],
      "both workers ran the frame",
    );
    assert.deepEqual(
      published.map((o) => o.msgId),
      [`${jobId}.0`, `${jobId}.0`],
    );
    const kept = stored.of(jobId, 0);
    assert.equal(kept.length, 1, "ANNOTATION_EVT kept one");
    assert.equal(kept[0].workerId, "dying-worker");
    assert.deepEqual(await framesTotal(worker), { inferred: 1, failed: 0 });
  });

  let stoppedJob = "";
  let stoppedDone = 0;
  const STOPPED_TOTAL = 24;

  it("stop() settles the frames in flight and returns; the frames left stay in the stream", async (t) => {
    stoppedJob = randomUUID();
    for (let frame = 0; frame < STOPPED_TOTAL; frame++) await publishFrame(inferFrame(stoppedJob, frame, docJpegName));
    await wire.until("two outcomes", () => wire.of(stoppedJob).length >= 2);
    // Frames here take ~100 ms to run: a moment later the next two are surely inside the handler.
    const frameMs = wire.of(stoppedJob)[0].inferred!.inferenceMs;
    t.diagnostic(`inference ${Math.round(frameMs)} ms per frame`);
    await sleep(Math.min(25, frameMs / 4));

    const stopCalled = performance.now();
    await worker!.stop();
    const stopReturned = performance.now();
    // What stop() settled is acked by now: the work queue holds exactly the frames without an outcome.
    await client.nc.flush();
    stoppedDone = wire.of(stoppedJob).length;
    assert.equal(await workMessages(), STOPPED_TOTAL - stoppedDone, "every frame with an outcome was acked before stop() returned");
    const settledDuringStop = wire.of(stoppedJob).filter((o) => o.at >= stopCalled).length;
    assert.ok(settledDuringStop >= 1, "stop() let the frames in flight finish and publish their outcomes");
    assert.ok(stopReturned - stopCalled < 5_000, `stop() took ${Math.round(stopReturned - stopCalled)} ms`);
    assert.ok(stoppedDone < STOPPED_TOTAL, `frames left for the next worker (${stoppedDone} of ${STOPPED_TOTAL} done)`);

    await sleep(400);
    assert.equal(wire.of(stoppedJob).length, stoppedDone, "nothing ran after stop() returned");
    assert.equal(await workMessages(), STOPPED_TOTAL - stoppedDone, "the frames left are still queued");
    assert.deepEqual(handlerErrors(), []);

    // How many of them can the next consumer have right now? Take them and hand them straight back.
    const left = STOPPED_TOTAL - stoppedDone;
    const probe = await client.js.consumers.get(workStream(), DURABLE);
    const available: JsMsg[] = [];
    for await (const m of await probe.fetch({ max_messages: left, expires: 1_500 })) available.push(m);
    for (const m of available) m.nak();
    await client.nc.flush();
    assert.equal(available.length, left, "every frame left is available to the next worker at once, none leased to the stopped one");
  });

  it("another worker takes the frames left, each landing once", async () => {
    assert.ok(stoppedJob, "runs after the stop() test");
    worker = await startOne("worker-4");
    // That no frame waits for a lease to expire is proven above (every frame left was available at once); how fast
    // the frames run here depends on the machine's load, so the wait is generous rather than bound to ack_wait.
    await stored.until(
      `all ${STOPPED_TOTAL} frames`,
      () => new Set(stored.of(stoppedJob).map((o) => o.frame)).size === STOPPED_TOTAL,
      120_000,
    );
    await workSettled();

    for (let frame = 0; frame < STOPPED_TOTAL; frame++) {
      assert.equal(stored.of(stoppedJob, frame).length, 1, `frame ${frame} stored once`);
      assert.equal(wire.of(stoppedJob, frame).length, 1, `frame ${frame} run once`);
      assert.ok(stored.of(stoppedJob, frame)[0].inferred, `frame ${frame} inferred`);
    }
    const byWorker = (id: string) => stored.of(stoppedJob).filter((o) => o.workerId === id).length;
    assert.equal(byWorker("worker-3"), stoppedDone);
    assert.equal(byWorker("worker-4"), STOPPED_TOTAL - stoppedDone);
    assert.deepEqual(handlerErrors(), []);
  });
});
