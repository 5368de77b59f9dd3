import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { currentTraceparent, extractTraceContext, headerRecordSource, injectTraceContext } from "./propagation.js";
import { activeTraceIds, SpanKind, tracer, withSpan } from "./spans.js";
import { initTracing, otlpTracesUrl, type Tracing } from "./tracing.js";

describe("trace context: W3C traceparent in and out", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  before(() => (tracing = initTracing({ serviceName: "propagation-spec", exporters: [exporter] })));
  after(() => tracing.shutdown());

  it("injects the active span as a version-00 traceparent and extracts it back as the parent", async () => {
    exporter.reset();
    const headers = new Map<string, string>();
    let parent: { traceId: string; spanId: string } | undefined;
    await withSpan("publisher", {}, async (span) => {
      parent = span.spanContext();
      injectTraceContext({ set: (k, v) => void headers.set(k, v) });
    });
    assert.match(headers.get("traceparent")!, new RegExp(`^00-${parent!.traceId}-${parent!.spanId}-01$`));

    const remote = extractTraceContext({ get: (k) => headers.get(k) });
    await withSpan("consumer", { kind: SpanKind.CONSUMER, parent: remote }, async () => undefined);
    const consumer = exporter.getFinishedSpans().find((s) => s.name === "consumer")!;
    assert.equal(consumer.spanContext().traceId, parent!.traceId);
    assert.equal(consumer.parentSpanContext?.spanId, parent!.spanId);
    assert.equal(consumer.parentSpanContext?.isRemote, true);
  });

  it("writes nothing without an active span, and a missing or malformed header starts a new trace", async () => {
    assert.equal(currentTraceparent(), undefined);
    for (const value of [undefined, "", "not-a-traceparent", "00-00000000000000000000000000000000-0000000000000000-01"]) {
      exporter.reset();
      await withSpan("root", { parent: extractTraceContext(headerRecordSource({ traceparent: value })) }, async () => undefined);
      const [root] = exporter.getFinishedSpans();
      assert.equal(root.parentSpanContext, undefined, `traceparent ${JSON.stringify(value)}`);
    }
  });

  it("withSpan records a throw as an error status and rethrows it; activeTraceIds reads the active span", async () => {
    exporter.reset();
    let ids: ReturnType<typeof activeTraceIds> = {};
    await assert.rejects(
      withSpan("failing", {}, async (span) => {
        ids = activeTraceIds();
        assert.equal((ids as { span_id: string }).span_id, span.spanContext().spanId);
        throw Object.assign(new Error("boom"), { code: "MODEL_UNAVAILABLE" });
      }),
      /boom/,
    );
    const [failed] = exporter.getFinishedSpans();
    assert.equal(failed.status.code, 2);
    assert.equal(failed.status.message, "boom");
    assert.equal(failed.attributes["error.type"], "MODEL_UNAVAILABLE");
    assert.deepEqual(activeTraceIds(), {});
  });

  it("a sampler ratio of 0 samples no new trace but follows a caller's sampled flag", async () => {
    const sampledOut = new InMemorySpanExporter();
    const t = initTracing({ serviceName: "ratio-0", samplerRatio: 0, exporters: [sampledOut] });
    try {
      await withSpan("new-trace", {}, async () => undefined);
      const remote = extractTraceContext({ get: () => "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01" });
      tracer().startSpan("continued", {}, remote).end();
      assert.deepEqual(
        sampledOut.getFinishedSpans().map((s) => s.name),
        ["continued"],
      );
    } finally {
      await t.shutdown();
      tracing = initTracing({ serviceName: "propagation-spec", exporters: [exporter] });
    }
  });

  it("OTLP traces go to <endpoint>/v1/traces", () => {
    assert.equal(otlpTracesUrl("http://collector:4318"), "http://collector:4318/v1/traces");
    assert.equal(otlpTracesUrl("http://collector:4318/"), "http://collector:4318/v1/traces");
  });
});
