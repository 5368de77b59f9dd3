import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { waitForJob } from "./support/jobs.js";
import { ADD_FRAMES, CREATE_TASK, START } from "./support/operations.js";
import { sampleDocuments, startSystem, type System } from "./support/system.js";

interface CollectedSpan {
  service: string;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
}

/** OTLP/JSON ids are hex strings; tolerate base64 too (the proto3 JSON mapping of bytes). */
const hexId = (id: unknown): string => {
  const text = typeof id === "string" ? id : "";
  return /^[0-9a-f]*$/i.test(text) ? text.toLowerCase() : Buffer.from(text, "base64").toString("hex");
};

/**
 * A loopback OpenTelemetry collector: OTLP/HTTP JSON on /v1/traces, as every process exports with
 * OTEL_EXPORTER_OTLP_ENDPOINT set. The outside world (a real collector) is what is faked here, nothing of ours.
 */
async function startCollector(): Promise<{ url: string; spans: CollectedSpan[]; close(): Promise<void> }> {
  const spans: CollectedSpan[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url === "/v1/traces" && (req.headers["content-type"] ?? "").includes("json")) {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { resourceSpans?: any[] };
        for (const rs of body.resourceSpans ?? []) {
          const service = rs.resource?.attributes?.find((a: any) => a.key === "service.name")?.value?.stringValue ?? "?";
          for (const ss of rs.scopeSpans ?? []) {
            for (const s of ss.spans ?? []) {
              spans.push({
                service,
                name: s.name,
                traceId: hexId(s.traceId),
                spanId: hexId(s.spanId),
                parentSpanId: hexId(s.parentSpanId ?? ""),
              });
            }
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, spans, close: () => new Promise((r) => server.close(() => r())) };
}

describe("one trace from the client's request through the gateway, the subgraphs and NATS to the worker's inference", () => {
  let sys: System;
  let collector: Awaited<ReturnType<typeof startCollector>>;

  before(async () => {
    collector = await startCollector();
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
    sys = await startSystem({ workers: 1, env: otel, gatewayEnv: otel });
  });
  after(async () => {
    await sys?.stop();
    await collector?.close();
  });

  it("every hop of a started job is a span of the client's trace, each parented inside it", async () => {
    const { createTask: task } = await sys.client.must(CREATE_TASK, {
      input: { name: "traced", labels: [{ name: "text", type: "POLYGON" }] },
    });
    const up = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", sampleDocuments().slice(0, 2));
    assert.equal(up.errors, undefined, JSON.stringify(up.errors));

    // The client starts the trace (W3C traceparent), as an instrumented frontend would.
    const traceId = randomBytes(16).toString("hex");
    const clientSpanId = randomBytes(8).toString("hex");
    const res = await fetch(sys.stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", traceparent: `00-${traceId}-${clientSpanId}-01` },
      body: JSON.stringify({ query: START, variables: { input: { taskId: task.id, modelId: "text-detection" } } }),
    });
    const body = (await res.json()) as { data?: any; errors?: unknown };
    assert.equal(body.errors, undefined, JSON.stringify(body.errors));
    const jobId = body.data.startAutoAnnotation.id as string;
    assert.equal((await waitForJob(sys.client, jobId, { logDir: sys.logDir })).status, "COMPLETED");

    // Exporters batch (every 5 s by default); wait until every hop has reported.
    const wanted = (s: CollectedSpan) => s.traceId === traceId;
    const hop = (service: string, name: RegExp) => collector.spans.find((s) => wanted(s) && s.service === service && name.test(s.name));
    const hops = {
      gateway: () => hop("gateway", /^graphql\.mutation/),
      annotationJob: () => hop("annotation-job", /^graphql\.mutation/),
      describeTask: () => hop("task", /describe-task/),
      describeModel: () => hop("model-registry", /describe-model/),
      inference: () => hop("inference-worker", /^inference$/),
    };
    const deadline = Date.now() + 30_000;
    while (Object.values(hops).some((h) => !h()) && Date.now() < deadline) await sleep(250);
    const missing = Object.entries(hops)
      .filter(([, h]) => !h())
      .map(([k]) => k);
    const seen = [...new Set(collector.spans.filter(wanted).map((s) => `${s.service}:${s.name}`))];
    assert.deepEqual(missing, [], `every hop in the client's trace; seen: ${seen.join(", ")}`);

    // Parent links stay inside the trace: the gateway's span hangs off the client's, and every other span's parent
    // is a span of this trace (or the client's), so the trace is one tree rooted at the client.
    const inTrace = collector.spans.filter(wanted);
    const ids = new Set([clientSpanId, ...inTrace.map((s) => s.spanId)]);
    assert.equal(hops.gateway()!.parentSpanId, clientSpanId);
    const orphans = inTrace.filter((s) => !ids.has(s.parentSpanId)).map((s) => `${s.service}:${s.name}`);
    assert.deepEqual(orphans, [], "no span of the trace points outside it");
    // One inference span per frame, each under the worker's handling of its InferFrame.
    assert.equal(inTrace.filter((s) => s.service === "inference-worker" && s.name === "inference").length, 2);
  });
});
