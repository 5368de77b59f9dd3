import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { Messaging } from "@prelabel/messaging";
import { createMetricsRegistry, initTracing, SpanKind, withSpan, type Registry, type Tracing } from "@prelabel/observability";
import { Buckets, Consumers, Contracts, ShapeType } from "@prelabel/proto";
import { createTestNats, type TestNats } from "@prelabel/testing";
import { pino } from "pino";
import sharp from "sharp";
import type { ModelResolver } from "../src/inference/index.js";
import { startWorker } from "../src/app.js";
import { inferFrame, publishInferFrame } from "./support/infer-frames.js";

/*
 * The real worker wiring (startWorker, libs/messaging) on the real NATS JetStream, with a stand-in model (the
 * tracing around it is what is tested, not inference): annotation-job's InferFrame publish, the worker's CONSUMER
 * span and its `inference` span are one trace; the worker's metrics come out of its registry.
 */
const MODEL_ID = "model-traced";

describe("inference-worker: one trace from the InferFrame publisher to the inference span, and the worker's metrics", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let nats: TestNats;
  let publisher: Messaging;
  let workerMessaging: Messaging;
  let metrics: Registry;
  let worker: { stop(): Promise<void> };
  let frameObject: string;

  before(async () => {
    tracing = initTracing({ serviceName: "worker-tracing-spec", exporters: [exporter] });
    nats = await createTestNats();
    metrics = createMetricsRegistry({ defaultMetrics: false });
    publisher = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "annotation-job (test)" });
    workerMessaging = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "inference-worker (test)", metrics });
    workerMessaging.registerConsumerLag(metrics, [Consumers.inferFrames]);
    const png = await sharp({ create: { width: 32, height: 24, channels: 3, background: "#336699" } })
      .png()
      .toBuffer();
    frameObject = `sha256-${randomUUID()}`;
    await (await publisher.objectStore(Buckets.frames)).putBlob({ name: frameObject }, new Uint8Array(png));
    const models: Pick<ModelResolver, "resolve"> = {
      resolve: async (_tenant, ref) => (ref.id === MODEL_ID ? { detect: async () => (await sleep(5), []) } : undefined) as never,
    };
    worker = await startWorker({
      messaging: workerMessaging,
      models,
      logger: pino({ level: "silent" }),
      metrics,
      workerId: "w-traced",
      concurrency: 1,
      maxFramePixels: 1_000_000,
    });
  });

  after(async () => {
    await worker?.stop();
    await workerMessaging?.close();
    await publisher?.close();
    await nats?.cleanup();
    await tracing?.shutdown();
  });

  it("the inference span has the InferFrame publisher's trace id, under the worker's consumer span", async () => {
    const jobId = randomUUID();
    let publishing: { traceId: string; spanId: string } | undefined;
    await withSpan("startAutoAnnotation (test)", {}, async (span) => {
      publishing = span.spanContext();
      const mapping = [{ modelLabel: "thing", taskLabelId: "label-1", taskLabelType: ShapeType.RECTANGLE }];
      const model = { id: MODEL_ID, runtime: "catalog:stand-in" };
      await publishInferFrame(publisher, inferFrame({ jobId, taskId: "task-traced", frame: 7, frameObject, model, mapping }));
    });

    let inference: ReadableSpan | undefined;
    for (let i = 0; i < 100 && !inference; i++) {
      await sleep(50);
      inference = exporter.getFinishedSpans().find((s) => s.name === "inference" && s.attributes["prelabel.job.id"] === jobId);
    }
    assert.ok(
      inference,
      `no inference span; spans: ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(", ")}`,
    );
    assert.equal(inference.spanContext().traceId, publishing!.traceId);
    assert.equal(inference.attributes["prelabel.model.id"], MODEL_ID);
    assert.equal(inference.attributes["prelabel.frame"], 7);

    // Its parent is the worker's CONSUMER span, whose parent is the span that published the InferFrame.
    let consumer: ReadableSpan | undefined;
    for (let i = 0; i < 40 && !consumer; i++) {
      consumer = exporter.getFinishedSpans().find((s) => s.spanContext().spanId === inference.parentSpanContext?.spanId);
      if (!consumer) await sleep(50);
    }
    assert.ok(consumer, "the consumer span");
    assert.equal(consumer.kind, SpanKind.CONSUMER);
    assert.equal(consumer.name, `${Contracts.inferFrame.subject} process`);
    assert.equal(consumer.attributes["messaging.consumer.group.name"], Consumers.inferFrames.durable);
    assert.equal(consumer.attributes["messaging.outcome"], "ack");
    assert.equal(consumer.parentSpanContext?.spanId, publishing!.spanId);
  });

  it("serves frames by outcome, inference ms per model, NATS message counts and the consumer's lag", async () => {
    let text = "";
    for (let i = 0; i < 40; i++) {
      text = await metrics.metrics();
      if (text.includes(`prelabel_nats_messages_consumed_total{subject="${Contracts.inferFrame.subject}",outcome="ack"} 1`)) break;
      await sleep(50);
    }
    const lines = text.split("\n");
    const has = (line: string) =>
      assert.ok(lines.includes(line), `missing ${line}\n${lines.filter((l) => l.startsWith("prelabel_")).join("\n")}`);
    has('prelabel_worker_frames_total{outcome="inferred"} 1');
    has(`prelabel_worker_inference_ms_count{model="${MODEL_ID}"} 1`);
    has(`prelabel_nats_messages_consumed_total{subject="${Contracts.inferFrame.subject}",outcome="ack"} 1`);
    has(`prelabel_nats_messages_published_total{subject="${Contracts.frameInferred.subject}",outcome="ok"} 1`);
    has(`prelabel_nats_consumer_lag_messages{stream="${Consumers.inferFrames.stream}",consumer="${Consumers.inferFrames.durable}"} 0`);
  });
});
