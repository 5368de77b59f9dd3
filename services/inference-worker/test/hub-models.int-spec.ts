import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { after, before, beforeEach, describe, it } from "node:test";
import type { ConsumerMessages } from "@nats-io/jetstream";
import type { Subscription } from "@nats-io/transport-node";
import { HubPublicCode } from "@prelabel/hubs";
import {
  fakeCredentials,
  hfFixtureIds,
  hfInferenceFaults,
  roboflowFixtureRefs,
  roboflowInferFaults,
  startHubFakes,
  type HubFakes,
} from "@prelabel/hub-fakes";
import { Messaging } from "@prelabel/messaging";
import { create, HubModelSpecSchema, HubProvider, ModelDescriptorSchema, ShapeType, type LabelMapping } from "@prelabel/proto";
import { SecretBox } from "@prelabel/secret-box";
import { createTestNats, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import { Registry } from "prom-client";
import { startWorker } from "../src/app.js";
import { createHubRuntime } from "../src/inference/index.js";
import { logStoredOutcomes, OutcomeLog } from "./support/frame-outcomes.js";
import { greyFramePng, storeFrame } from "./support/frames.js";
import { inferFrame, publishInferFrame } from "./support/infer-frames.js";
import { serveDescribeModel } from "./support/model-registry.stand-in.js";
import { testModelResolver } from "./support/model-resolver.js";

/*
 * Hub models on real NATS, against the loopback hub fakes: a stand-in registry describes Hugging Face and
 * Roboflow models with sealed credentials; the worker (wired as app.ts wires it, cloud mode) opens them,
 * calls the fakes through @prelabel/hubs and publishes outcomes. Faults end in one outcome each, and no
 * credential appears on NATS or in the logs.
 */

const TENANT = "acme";
const W = 200;
const H = 100;
const mapping = (modelLabel: string, taskLabelId: string, taskLabelType: ShapeType): LabelMapping =>
  ({ modelLabel, taskLabelId, taskLabelType, attributes: [], sublabels: [] }) as unknown as LabelMapping;
const rounded = (points: number[]) => points.map((v) => Math.round(v * 100) / 100);
const secrets = [fakeCredentials.hfToken, fakeCredentials.roboflowKey, fakeCredentials.hfTokenUnknown];

describe("hub models on the worker (cloud mode, NATS JetStream, hub fakes)", () => {
  let nats: TestNats;
  let client: Messaging;
  let fakes: HubFakes;
  let registry: Subscription;
  let everything: Subscription;
  let stored: ConsumerMessages;
  let stopWorker: (() => Promise<void>) | undefined;
  let frameName: string;
  const payloads: Uint8Array[] = [];
  const logLines: string[] = [];
  const outcomes = new OutcomeLog("stored");

  const box = new SecretBox([{ id: "k1", key: new Uint8Array(32).map((_, i) => i * 7) }]);
  const models = {
    "hf-detr": {
      provider: HubProvider.HUGGING_FACE,
      ref: hfFixtureIds.detector,
      task: "object-detection",
      key: fakeCredentials.hfToken,
      labels: ["person", "bicycle", "car"],
    },
    "hf-revoked": {
      provider: HubProvider.HUGGING_FACE,
      ref: hfFixtureIds.detector,
      task: "object-detection",
      key: fakeCredentials.hfTokenUnknown,
      labels: ["person"],
    },
    "rf-potholes": {
      provider: HubProvider.ROBOFLOW,
      ref: roboflowFixtureRefs.segmentation,
      task: "instance-segmentation",
      key: fakeCredentials.roboflowKey,
      labels: ["pothole"],
    },
  } as const;

  before(async () => {
    nats = await createTestNats();
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "hub-models-test" });
    fakes = await startHubFakes();

    // Every message on this namespace's server, JetStream API and replies included: searched for keys at the end.
    everything = client.nc.subscribe(">");
    void (async () => {
      for await (const m of everything) payloads.push(m.data);
    })();

    registry = serveDescribeModel(client, (modelId) => {
      const m = models[modelId as keyof typeof models];
      if (!m) return undefined;
      const sealed = box.seal(m.key, `${TENANT}/${modelId}`);
      return create(ModelDescriptorSchema, {
        id: modelId,
        name: modelId,
        runtime: "hub",
        defaultThreshold: 0.5,
        labels: m.labels.map((name) => ({ name, type: ShapeType.RECTANGLE })),
        hub: create(HubModelSpecSchema, { provider: m.provider, modelRef: m.ref, task: m.task, tenantId: TENANT, credential: sealed }),
      });
    });

    stored = await logStoredOutcomes(client, outcomes);
    frameName = await storeFrame(client, await greyFramePng(W, H));
    await client.nc.flush();

    // Wired as app.ts wires it (cloud mode), on the worker's own connection, logging at debug into memory.
    const logger = pino(
      { level: "debug" },
      new Writable({
        write(chunk, _enc, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );
    const messaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "inference-worker hub test" });
    const hubs = createHubRuntime(
      { mode: "cloud", secretBox: box, hubEndpoints: fakes.endpoints },
      { maxConcurrentPerTenant: 4, callsPerSecondPerTenant: 50, maxAttempts: 4, attemptTimeoutMs: 5_000, maxRetryWaitMs: 5_000 },
      { logger },
    );
    const resolver = testModelResolver(messaging, { fetchArtifact: async () => assert.fail("hub models have no artifact"), hubs });
    const worker = await startWorker({
      messaging,
      models: resolver,
      logger,
      metrics: new Registry(),
      workerId: "w1",
      concurrency: 2,
      maxFramePixels: 10_000_000,
    });
    stopWorker = async () => {
      await worker.stop();
      await messaging.close();
      await resolver.dispose();
    };
  });

  after(async () => {
    await stopWorker?.();
    registry?.unsubscribe();
    everything?.unsubscribe();
    await stored?.close();
    await client?.close();
    await nats?.cleanup();
    await fakes?.close();
  });

  beforeEach(() => fakes.reset());

  /** Publishes one frame of a fresh job and waits for its outcome; then a moment more, to catch a duplicate. */
  async function runFrame(modelId: string, map: LabelMapping[], convertMasksToPolygons = true) {
    const frame = inferFrame({ frameObject: frameName, model: { id: modelId, runtime: "hub" }, convertMasksToPolygons, mapping: map });
    await publishInferFrame(client, frame);
    const { jobId } = frame;
    const deadline = Date.now() + 20_000;
    while (!outcomes.of(jobId).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    await new Promise((r) => setTimeout(r, 300));
    const got = outcomes.of(jobId);
    assert.equal(got.length, 1, `exactly one outcome for the frame, got ${JSON.stringify(got)}`);
    return got[0];
  }

  it("runs a Hugging Face detector: mapped labels, scores kept, boxes in frame pixels, the token sent as Bearer", async () => {
    const outcome = await runFrame("hf-detr", [
      mapping("person", "L-person", ShapeType.RECTANGLE),
      mapping("car", "L-car", ShapeType.RECTANGLE),
    ]);
    assert.ok(outcome.inferred, `inferred, got ${JSON.stringify(outcome.failed)}`);
    const shapes = [...outcome.inferred.shapes].sort((a, b) => a.labelId.localeCompare(b.labelId));
    assert.deepEqual(
      shapes.map((s) => [s.labelId, s.type, rounded(s.points), Math.round(s.score! * 100) / 100]),
      [
        ["L-car", ShapeType.RECTANGLE, [100, 50, 190, 80], 0.71],
        ["L-person", ShapeType.RECTANGLE, [20, 20, 80, 90], 0.98],
      ],
      "bicycle (0.35) is under the threshold",
    );
    const calls = fakes.hfInference.requestsTo("infer");
    assert.equal(calls.length, 1);
    assert.equal(calls[0].headers.authorization, `Bearer ${fakeCredentials.hfToken}`);
  });

  it("runs a Roboflow instance-segmentation model: polygons with the toggle on, rasterised masks with it off", async () => {
    const polygon = await runFrame("rf-potholes", [mapping("pothole", "L-hole", ShapeType.POLYGON)], true);
    assert.ok(polygon.inferred, JSON.stringify(polygon.failed));
    assert.equal(polygon.inferred.shapes.length, 1);
    assert.equal(polygon.inferred.shapes[0].type, ShapeType.POLYGON);
    assert.deepEqual(rounded(polygon.inferred.shapes[0].points), [60, 40, 140, 40, 140, 60, 60, 60]);
    assert.ok(Math.abs(polygon.inferred.shapes[0].score! - 0.88) < 1e-6);

    const mask = await runFrame("rf-potholes", [mapping("pothole", "L-hole", ShapeType.MASK)], false);
    assert.ok(mask.inferred, JSON.stringify(mask.failed));
    const shape = mask.inferred.shapes[0];
    assert.equal(shape.type, ShapeType.MASK);
    assert.deepEqual([shape.mask?.left, shape.mask?.top, shape.mask?.right, shape.mask?.bottom], [60, 40, 139, 59]);
    assert.deepEqual(shape.mask?.counts, [0, 80 * 20], "a filled 80×20 rectangle");
    // The key travels in the query only, never in a header or the body.
    const calls = fakes.roboflowInfer.requestsTo("infer");
    assert.equal(calls.length, 2);
    assert.equal(calls[0].query.get("api_key"), fakeCredentials.roboflowKey);
  });

  it("retries a model that is loading (503) and publishes one outcome after two requests", async () => {
    fakes.hfInference.inject("infer", hfInferenceFaults.loading(0.2));
    const outcome = await runFrame("hf-detr", [mapping("person", "L-person", ShapeType.RECTANGLE)]);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    assert.equal(outcome.inferred.shapes.length, 1);
    assert.deepEqual(
      fakes.hfInference.requestsTo("infer").map((r) => r.answer),
      [503, 200],
    );
  });

  it("fails the frame with HUB_UNAUTHORIZED when the hub rejects the token, without retrying or leaking it", async () => {
    const outcome = await runFrame("hf-revoked", [mapping("person", "L-person", ShapeType.RECTANGLE)]);
    assert.ok(outcome.failed, `failed, got ${JSON.stringify(outcome.inferred)}`);
    assert.equal(outcome.failed.code, HubPublicCode.Unauthorized);
    assert.match(outcome.failed.reason, /facebook\/detr-resnet-50/);
    assert.doesNotMatch(outcome.failed.reason, /hf_fake/);
    assert.equal(fakes.hfInference.requestsTo("infer").length, 1, "a rejected token is not retried");
  });

  it("waits out a 429 with Retry-After, then succeeds with one outcome", async () => {
    fakes.roboflowInfer.inject("infer", roboflowInferFaults.rateLimited(1));
    const start = Date.now();
    const outcome = await runFrame("rf-potholes", [mapping("pothole", "L-hole", ShapeType.POLYGON)]);
    assert.ok(outcome.inferred, JSON.stringify(outcome.failed));
    const calls = fakes.roboflowInfer.requestsTo("infer");
    assert.deepEqual(
      calls.map((r) => r.answer),
      [429, 200],
    );
    assert.ok(calls[1].at - calls[0].at >= 950, `retried after the hub's 1 s, not ${calls[1].at - calls[0].at} ms`);
    assert.ok(Date.now() - start >= 950);
  });

  it("never puts a credential on NATS in clear or in the logs", async () => {
    await client.nc.flush();
    assert.ok(payloads.length > 10, `saw the traffic (${payloads.length} messages)`);
    const describeReplies = payloads.filter((p) => Buffer.from(p).includes(Buffer.from(roboflowFixtureRefs.segmentation)));
    assert.ok(describeReplies.length > 0, "the describe-model replies, sealed credentials inside, were among them");
    assert.ok(
      logLines.some((l) => l.includes("hub call failed, retrying")),
      "retries were logged",
    );
    for (const secret of secrets) {
      const needle = Buffer.from(secret);
      assert.equal(
        payloads.filter((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength).includes(needle)).length,
        0,
        `no NATS payload holds ${secret.slice(0, 6)}…`,
      );
      assert.equal(logLines.filter((l) => l.includes(secret)).length, 0, `no log line holds ${secret.slice(0, 6)}…`);
    }
  });
});
