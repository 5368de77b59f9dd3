import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { connect, headers as natsHeaders, type NatsConnection } from "@nats-io/transport-node";
import { extractTraceContext, injectTraceContext } from "../src/propagation.js";
import { SpanKind, withSpan } from "../src/spans.js";
import { initTracing, type Tracing } from "../src/tracing.js";

/** The shared test server (libs/testing's TEST_NATS_URL; that lib depends on messaging, which depends on this one). */
const NATS_URL = process.env.TEST_NATS_URL ?? "nats://127.0.0.1:4222";

describe("trace context through real NATS headers", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let nc: NatsConnection;
  before(async () => {
    tracing = initTracing({ serviceName: "nats-propagation-spec", exporters: [exporter] });
    nc = await connect({ servers: NATS_URL, name: "observability-int-spec" });
  });
  after(async () => {
    await nc.close();
    await tracing.shutdown();
  });

  it("a message published inside a span is handled in a consumer span of the same trace, parented on the publishing span", async () => {
    const subject = `t-${randomBytes(4).toString("hex")}.traced`;
    const handled = new Promise<void>((resolve, reject) => {
      nc.subscribe(subject, {
        max: 1,
        callback: (err, msg) => {
          if (err) return reject(err);
          const parent = extractTraceContext({ get: (k) => msg.headers?.get(k) || undefined });
          void withSpan("handle", { kind: SpanKind.CONSUMER, parent }, async () => undefined).then(resolve, reject);
        },
      });
    });
    let publishing: { traceId: string; spanId: string } | undefined;
    await withSpan("publish", { kind: SpanKind.PRODUCER }, async (span) => {
      publishing = span.spanContext();
      const h = natsHeaders();
      injectTraceContext(h);
      nc.publish(subject, new Uint8Array([1]), { headers: h });
    });
    await nc.flush();
    await handled;

    const consumer = exporter.getFinishedSpans().find((s) => s.name === "handle")!;
    assert.ok(consumer, "the consumer span was recorded");
    assert.equal(consumer.kind, SpanKind.CONSUMER);
    assert.equal(consumer.spanContext().traceId, publishing!.traceId);
    assert.equal(consumer.parentSpanContext?.spanId, publishing!.spanId);
  });
});
