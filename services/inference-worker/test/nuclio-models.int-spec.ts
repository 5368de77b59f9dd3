import assert from "node:assert/strict";
import { after, before, beforeEach, describe, it } from "node:test";
import type { ConsumerMessages } from "@nats-io/jetstream";
import type { Subscription } from "@nats-io/transport-node";
import { cocoLabels, nuclioFaults, nuclioFixtureNames, startNuclioFakes, type NuclioFakes } from "@prelabel/hub-fakes";
import { Messaging } from "@prelabel/messaging";
import {
  Buckets,
  Consumers,
  create,
  FrameFailureCode,
  ModelDescriptorSchema,
  NuclioFunctionSpecSchema,
  ShapeType,
  TileMerge,
  type LabelMapping,
  type ModelDescriptor,
} from "@prelabel/proto";
import { createTestNats, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import sharp from "sharp";
import { startWorker } from "../src/app.js";
import { createNuclioRuntime, decodeMaskRle } from "../src/inference/index.js";
import { WORKER_NUCLIO_CALLS, WORKER_NUCLIO_RETRIES, WorkerMetrics } from "../src/worker.metrics.js";
import { logStoredOutcomes, OutcomeLog, type FrameOutcome } from "./support/frame-outcomes.js";
import { greyFramePng, storeFrame } from "./support/frames.js";
import { inferFrame, publishInferFrame } from "./support/infer-frames.js";
import { serveDescribeModel } from "./support/model-registry.stand-in.js";
import { testModelResolver } from "./support/model-resolver.js";

/*
 * Nuclio functions on real NATS, against the loopback Nuclio fakes (a dashboard and one HTTP port per function,
 * speaking CVAT's detector protocol): a stand-in registry describes them as model-registry does (runtime "nuclio",
 * NuclioFunctionSpec), the worker (wired as app.ts wires it, self-hosted: the dashboard's host may be private) calls
 * them through libs/nuclio's HttpNuclioInvoker and publishes one outcome per frame whatever the faults.
 */

const TENANT = "default";
const W = 200;
const H = 100;
const WORKER_CONCURRENCY = 4;
const TIMEOUT_MS = 1_500;
const MAX_ATTEMPTS = 3;
const mapping = (modelLabel: string, taskLabelId: string, taskLabelType: ShapeType, sublabels: LabelMapping[] = []): LabelMapping =>
  ({ modelLabel, taskLabelId, taskLabelType, attributes: [], sublabels }) as unknown as LabelMapping;

describe("Nuclio functions on the worker (self-hosted, NATS JetStream, Nuclio fakes)", () => {
  let nats: TestNats;
  let client: Messaging;
  let fakes: NuclioFakes;
  let registry: Subscription;
  let stored: ConsumerMessages;
  let stopWorker: (() => Promise<void>) | undefined;
  let frameName: string;
  const metrics = new Registry();
  const outcomes = new OutcomeLog("stored");
  /** Model id → descriptor; tests change it to move or remove a function. */
  const models = new Map<string, ModelDescriptor>();

  const describeFunction = (
    id: string,
    functionName: string,
    labels: { name: string; type: ShapeType; sublabels?: { name: string; type: ShapeType }[] }[],
    spec: { method?: "dashboard" | "direct"; maxConcurrency?: number } = {},
  ) => {
    const direct = spec.method === "direct";
    models.set(
      id,
      create(ModelDescriptorSchema, {
        id,
        name: id,
        runtime: "nuclio",
        defaultThreshold: 0.5,
        labels,
        nuclio: create(NuclioFunctionSpecSchema, {
          functionName,
          invokeMethod: direct ? "direct" : "dashboard",
          invokeUrl: direct ? fakes.dashboard.fn(functionName).url : fakes.url,
          project: "cvat",
          namespace: "nuclio",
          tenantId: TENANT,
          maxConcurrency: spec.maxConcurrency ?? 0,
        }),
      }),
    );
  };
  const coco = cocoLabels.map((l) => ({ name: l.name, type: ShapeType.RECTANGLE }));

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "nuclio-models-test" });
    fakes = await startNuclioFakes();
    describeFunction("yolov7", nuclioFixtureNames.yolov7, coco);
    describeFunction("yolov3-direct", nuclioFixtureNames.yolov3, coco, { method: "direct" });
    describeFunction("retinanet", nuclioFixtureNames.retinanet, coco, { maxConcurrency: 2 });
    describeFunction(
      "mask-rcnn",
      nuclioFixtureNames.maskRcnn,
      cocoLabels.map((l) => ({ name: l.name, type: ShapeType.MASK })),
    );
    describeFunction("pose", nuclioFixtureNames.pose, [
      {
        name: "person",
        type: ShapeType.SKELETON,
        sublabels: ["nose", "left_wrist"].map((name) => ({ name, type: ShapeType.POINTS })),
      },
    ]);
    registry = serveDescribeModel(client, (modelId) => models.get(modelId));
    stored = await logStoredOutcomes(client, outcomes);
    frameName = await storeFrame(client, await greyFramePng(W, H));
    await client.nc.flush();

    // Wired as app.ts wires it, self-hosted with the fakes' dashboard as NUCLIO_DASHBOARD_URL (its host, 127.0.0.1, may be private).
    const logger = pino({ level: "silent" });
    const workerMetrics = new WorkerMetrics(metrics);
    const nuclio = createNuclioRuntime(
      {
        mode: "self-hosted",
        dashboardUrl: fakes.url,
        allowedHosts: [],
        timeoutMs: TIMEOUT_MS,
        maxAttempts: MAX_ATTEMPTS,
        maxConcurrencyPerFunction: 3,
        breakerFailures: 50,
        breakerCooldownMs: 30_000,
        descriptorTtlMs: 30_000,
      },
      {
        onCall: (outcome) => workerMetrics.onNuclioCall(outcome),
        onEvent: (event) => void (event.type === "retry" && workerMetrics.onNuclioRetry()),
      },
    );
    const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "inference-worker nuclio test" });
    const resolver = testModelResolver(messaging, { fetchArtifact: async () => assert.fail("Nuclio models have no artifact"), nuclio });
    const worker = await startWorker({
      messaging,
      models: resolver,
      logger,
      metrics,
      workerId: "w1",
      concurrency: WORKER_CONCURRENCY,
      maxFramePixels: 10_000_000,
    });
    stopWorker = async () => {
      await worker.stop();
      nuclio.close();
      await messaging.close();
      await resolver.dispose();
    };
  });

  after(async () => {
    await stopWorker?.();
    registry?.unsubscribe();
    await stored?.close();
    await client?.close();
    await nats?.cleanup();
    await fakes?.close();
  });

  beforeEach(() => fakes.reset());

  /**
   * Publishes frames 0..n-1 of a fresh job (all at once, or each after the previous one's outcome) and waits for their
   * outcomes; then a moment more, to catch a duplicate.
   */
  async function runFrames(
    modelId: string,
    map: LabelMapping[],
    n = 1,
    convertMasksToPolygons = true,
    oneByOne = false,
  ): Promise<FrameOutcome[]> {
    const first = inferFrame({ frameObject: frameName, model: { id: modelId, runtime: "nuclio" }, convertMasksToPolygons, mapping: map });
    for (let frame = 0; frame < n; frame++) {
      await publishInferFrame(client, { ...first, frame });
      if (oneByOne) await outcomes.until(`frame ${frame}'s outcome`, () => outcomes.of(first.jobId, frame).length > 0);
    }
    await outcomes.until(`${n} outcomes of ${modelId}`, () => new Set(outcomes.of(first.jobId).map((o) => o.frame)).size === n);
    await new Promise((r) => setTimeout(r, 300));
    const got = outcomes.of(first.jobId);
    assert.equal(got.length, n, `exactly one outcome per frame, got ${JSON.stringify(got.map((o) => [o.frame, o.failed?.code]))}`);
    return got.sort((a, b) => a.frame - b.frame);
  }
  const runFrame = async (modelId: string, map: LabelMapping[], convertMasksToPolygons = true) =>
    (await runFrames(modelId, map, 1, convertMasksToPolygons))[0];

  const counter = async (name: string, labels: Record<string, string> = {}) =>
    (await metrics.getSingleMetric(name)?.get())?.values.find((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x))?.value ??
    0;

  it("runs YOLO v7 through the dashboard: car → vehicle, string confidences kept as scores, unmapped labels counted", async () => {
    const outcome = await runFrame("yolov7", [mapping("car", "L-vehicle", ShapeType.RECTANGLE)]);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    const shapes = outcome.inferred.shapes;
    assert.deepEqual(
      shapes.map((s) => [s.labelId, s.type, s.points, Math.round(s.score! * 100) / 100]),
      [["L-vehicle", ShapeType.RECTANGLE, [100, 55, 190, 85], 0.81]],
    );
    assert.equal(outcome.inferred.unmappedDetections, 1, "person (0.93) has no mapping; dog (0.42) is under the threshold");
    const [call] = fakes.dashboard.requestsTo("invocations");
    assert.equal(call.headers["x-nuclio-function-name"], nuclioFixtureNames.yolov7);
    assert.equal(call.headers["x-nuclio-project-name"], "cvat");
    const body = JSON.parse(call.body.toString("utf8")) as { image: string; threshold: number };
    assert.equal(body.threshold, 0.5);
    assert.equal(Buffer.from(body.image, "base64").subarray(1, 4).toString("latin1"), "PNG", "the stored PNG is sent as it is");
  });

  it("tiles a frame in the worker: one call for the whole frame (its stored bytes) and one per tile (the tile's pixels)", async () => {
    // 200 × 100 px in tiles of 128 (the smallest the worker cuts), overlap 0.2: tiles at x 0 and 72, each 128 × 100.
    const frame = inferFrame({
      frameObject: frameName,
      model: { id: "yolov7", runtime: "nuclio" },
      mapping: [mapping("car", "L-vehicle", ShapeType.RECTANGLE)],
      tiling: { tileSize: 128, overlap: 0.2, merge: TileMerge.NMS },
    });
    await publishInferFrame(client, frame);
    await outcomes.until("the tiled frame's outcome", () => outcomes.of(frame.jobId, 0).length > 0);
    const [outcome] = outcomes.of(frame.jobId, 0);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    const images = await Promise.all(
      fakes.dashboard.requestsTo("invocations").map(async (call) => {
        const image = Buffer.from((JSON.parse(call.body.toString("utf8")) as { image: string }).image, "base64");
        const meta = await sharp(image).metadata();
        return [meta.format, meta.width, meta.height];
      }),
    );
    assert.deepEqual(images, [
      ["png", W, H],
      ["jpeg", 128, H],
      ["jpeg", 128, H],
    ]);
    for (const s of outcome.inferred.shapes) {
      assert.ok(s.points[0] >= 0 && s.points[2] <= W && s.points[1] >= 0 && s.points[3] <= H, `in the frame: ${s.points.join(",")}`);
    }
  });

  it("calls a function directly at its own port", async () => {
    const outcome = await runFrame("yolov3-direct", [mapping("person", "L-person", ShapeType.RECTANGLE)]);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    assert.equal(outcome.inferred.shapes.length, 1);
    assert.equal(fakes.dashboard.fn(nuclioFixtureNames.yolov3).calls, 1);
    assert.equal(fakes.dashboard.requestsTo("invocations").length, 0);
  });

  it("retries a 503 and a connection reset, then succeeds with exactly one outcome", async () => {
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov3);
    fn.inject("invoke", nuclioFaults.unavailable(), nuclioFaults.reset());
    const retriesBefore = await counter(WORKER_NUCLIO_RETRIES);
    const outcome = await runFrame("yolov3-direct", [mapping("person", "L-person", ShapeType.RECTANGLE)]);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    assert.deepEqual(
      fn.requestsTo("invoke").map((r) => r.answer),
      [503, "reset", 200],
    );
    assert.equal((await counter(WORKER_NUCLIO_RETRIES)) - retriesBefore, 2);
  });

  const faultCases: [string, () => ReturnType<typeof nuclioFaults.garbage>[], FrameFailureCode][] = [
    ["a garbage body", () => [nuclioFaults.garbage()], FrameFailureCode.FUNCTION_BAD_RESPONSE],
    ["NaN coordinates", () => [nuclioFaults.nanCoordinates()], FrameFailureCode.FUNCTION_BAD_RESPONSE],
    ["a Python traceback (500)", () => [nuclioFaults.traceback()], FrameFailureCode.FUNCTION_ERROR],
    [
      "resets on every attempt",
      () => Array.from({ length: MAX_ATTEMPTS }, () => nuclioFaults.reset()),
      FrameFailureCode.FUNCTION_UNAVAILABLE,
    ],
    [
      "no answer within the timeout",
      () => Array.from({ length: MAX_ATTEMPTS }, () => nuclioFaults.hang()),
      FrameFailureCode.FUNCTION_TIMEOUT,
    ],
  ];
  for (const [what, faults, code] of faultCases) {
    it(`fails the frame ${code} on ${what}, with one outcome, and the run goes on`, async () => {
      const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov3);
      fn.inject("invoke", ...faults());
      const before = await counter(WORKER_NUCLIO_CALLS, { outcome: code });
      // One by one, so the first frame takes every queued fault (its retries included) and the second none.
      const [bad, good] = await runFrames("yolov3-direct", [mapping("person", "L-person", ShapeType.RECTANGLE)], 2, true, true);
      assert.equal(bad.failed?.code, code, JSON.stringify(bad));
      assert.match(bad.failed?.reason ?? "", new RegExp(nuclioFixtureNames.yolov3));
      assert.equal(good.inferred?.shapes.length, 1, "the run goes on: the next frame is annotated");
      assert.equal((await counter(WORKER_NUCLIO_CALLS, { outcome: code })) - before, 1);
    });
  }

  it("keeps at most the function's max_concurrency calls in flight, below the worker's and its own limits", async () => {
    const fn = fakes.dashboard.fn(nuclioFixtureNames.retinanet);
    fn.inject("invoke", ...Array.from({ length: 8 }, () => nuclioFaults.slow(150)));
    const done = await runFrames("retinanet", [mapping("car", "L-vehicle", ShapeType.RECTANGLE)], 8);
    assert.ok(
      done.every((o) => o.inferred?.shapes.length === 1),
      JSON.stringify(done.map((o) => o.failed)),
    );
    assert.equal(fn.calls, 8);
    assert.equal(
      fn.peakInFlight,
      2,
      `peak in flight ${fn.peakInFlight}: the descriptor's 2, not the worker's ${WORKER_CONCURRENCY} slots or its limit of 3`,
    );
  });

  it("returns masks as polygons (the function's own) with the toggle on, and as CVAT RLE with it off", async () => {
    const map = [mapping("person", "L-person", ShapeType.MASK)];
    const polygon = await runFrame("mask-rcnn", map, true);
    assert.ok(polygon.inferred, JSON.stringify(polygon.failed));
    assert.deepEqual(
      polygon.inferred.shapes.map((s) => [s.type, s.points.length]),
      [[ShapeType.POLYGON, 16]],
      "the 8-point outline the function sent with its mask",
    );
    assert.ok(Math.abs(polygon.inferred.shapes[0].score! - 0.95) < 1e-6);
    assert.equal(polygon.inferred.unmappedDetections, 1, "car");

    const mask = await runFrame("mask-rcnn", map, false);
    assert.ok(mask.inferred, JSON.stringify(mask.failed));
    const [shape] = mask.inferred.shapes;
    assert.equal(shape.type, ShapeType.MASK);
    assert.ok(shape.mask);
    // The person's box [0.1, 0.1, 0.4, 0.9] of 200×100: an ellipse within pixels 20..79 × 10..89.
    assert.ok(
      shape.mask.left >= 20 && shape.mask.right <= 79 && shape.mask.top >= 10 && shape.mask.bottom <= 89,
      JSON.stringify(shape.mask),
    );
    const decoded = decodeMaskRle(shape.mask);
    const set = decoded.data.reduce((n, v) => n + v, 0);
    assert.ok(set > 0.7 * Math.PI * 30 * 40 && set < 1.1 * Math.PI * 30 * 40, `an ellipse's area, got ${set}`);
  });

  it("maps a skeleton's elements onto the task's sublabels, keeping outside points", async () => {
    const outcome = await runFrame("pose", [
      mapping("person", "L-body", ShapeType.SKELETON, [
        mapping("nose", "L-nose", ShapeType.POINTS),
        mapping("left_wrist", "L-wrist", ShapeType.POINTS),
      ]),
    ]);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    const [skeleton] = outcome.inferred.shapes;
    assert.equal(skeleton.type, ShapeType.SKELETON);
    assert.ok(Math.abs(skeleton.score! - 0.88) < 1e-6);
    assert.deepEqual(
      skeleton.elements.map((e) => [e.labelId, e.outside]),
      [
        ["L-nose", false],
        ["L-wrist", true],
      ],
    );
    // nose at (0.3 + 0.3·0.5, 0.1 + 0.85·0.1) of 200×100.
    assert.deepEqual(skeleton.elements[0].points, [90, 18.5]);
  });

  it("fails frames FUNCTION_REMOVED once the function is removed from its dashboard, then once the registry forgets it", async () => {
    const map = [mapping("car", "L-vehicle", ShapeType.RECTANGLE)];
    assert.ok((await runFrame("yolov7", map)).inferred);
    await fakes.dashboard.remove(nuclioFixtureNames.yolov7);
    const gone = await runFrame("yolov7", map);
    assert.equal(gone.failed?.code, FrameFailureCode.FUNCTION_REMOVED, JSON.stringify(gone));
    models.delete("yolov7");
    const unknown = await runFrame("yolov7", map);
    assert.equal(unknown.failed?.code, FrameFailureCode.FUNCTION_REMOVED, JSON.stringify(unknown));
    assert.match(unknown.failed?.reason ?? "", /no longer known to the registry/);
  });

  it("aborts a running call when its job is cancelled: no outcome, the frame acked long before the timeout", async () => {
    const fn = fakes.dashboard.fn(nuclioFixtureNames.yolov3);
    fn.inject("invoke", nuclioFaults.hang());
    const frame = inferFrame({
      frameObject: frameName,
      model: { id: "yolov3-direct", runtime: "nuclio" },
      mapping: [mapping("person", "L-person", ShapeType.RECTANGLE)],
    });
    await publishInferFrame(client, frame);
    const deadline = Date.now() + 10_000;
    while (fn.calls === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(fn.calls, 1, "the call is running");
    const cancelledAt = Date.now();
    await (await client.keyValue(Buckets.jobControl)).put(frame.jobId, "cancelled");
    const info = async () => client.jsm.consumers.info(client.ns.stream(Consumers.inferFrames.stream), Consumers.inferFrames.durable);
    while (Date.now() < deadline) {
      const i = await info();
      if (i.num_pending + i.num_ack_pending === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.ok(Date.now() - cancelledAt < TIMEOUT_MS, `acked ${Date.now() - cancelledAt} ms after the cancel mark`);
    assert.equal((await info()).num_ack_pending, 0);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(outcomes.of(frame.jobId), [], "no outcome for the cancelled frame");
    assert.equal(fn.calls, 1, "not retried");
  });
});
