import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { createMetricsRegistry, initTracing, SpanKind, type Tracing } from "@prelabel/observability";
import { createLogger, type RunningServer } from "@prelabel/service-kit";
import { assertMetricSeries } from "@prelabel/testing";
import { composeSupergraph } from "../src/compose.js";
import { createGateway, type Gateway } from "../src/server.js";
import { fixtureSdl, startFixtureSubgraph, taskFixtureSchema, TASK } from "./fixtures/fixture-subgraphs.js";

const CLIENT_TRACE = "0af7651916cd43dd8448eb211c80319c";
const CLIENT_SPAN = "b7ad6b7169203331";

describe("gateway observability: /metrics and one trace from the client through the subgraph", () => {
  const exporter = new InMemorySpanExporter();
  const logger = createLogger("gateway-observability-test", "silent");
  let tracing: Tracing;
  let task: RunningServer;
  let gateway: Gateway;
  let url: string;
  const query = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then((r) =>
      r.json(),
    );

  before(async () => {
    tracing = initTracing({ serviceName: "gateway-observability-test", exporters: [exporter] });
    task = await startFixtureSubgraph("task", taskFixtureSchema(), logger);
    const { supergraphSdl } = composeSupergraph([{ name: "task", url: task.url, sdl: fixtureSdl("task") }]);
    gateway = await createGateway({
      supergraphSdl,
      subgraphUrls: { task: task.url },
      logger,
      maxUploadBytes: 1024 * 1024,
      metrics: createMetricsRegistry(),
    });
    url = (await gateway.listen(0, "127.0.0.1")).url;
  });
  after(async () => {
    await gateway.close();
    await task.close();
    await tracing.shutdown();
  });

  it("the gateway span continues the client's traceparent and the subgraph's span is its child", async () => {
    exporter.reset();
    const result = await query({ query: "query TaskNames { tasks { id name } }" }, { traceparent: `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01` });
    assert.deepEqual(result.data, { tasks: [{ id: TASK.id, name: TASK.name }] });
    const spans = exporter.getFinishedSpans();
    const names = spans.map((s) => s.name).join(", ");
    const gatewaySpan = spans.find((s) => s.name === "graphql.query TaskNames" && s.parentSpanContext?.spanId === CLIENT_SPAN);
    assert.ok(gatewaySpan, `gateway span among: ${names}`);
    assert.equal(gatewaySpan.kind, SpanKind.SERVER);
    assert.equal(gatewaySpan.spanContext().traceId, CLIENT_TRACE);
    const subgraphSpan = spans.find((s) => s.attributes["service.component"] === "task");
    assert.ok(subgraphSpan, `subgraph span among: ${names}`);
    assert.equal(subgraphSpan.spanContext().traceId, CLIENT_TRACE);
    assert.equal(subgraphSpan.parentSpanContext?.spanId, gatewaySpan.spanContext().spanId);
    assert.match(subgraphSpan.name, /^graphql\.query /);
  });

  it("serves prelabel_graphql_* with service=gateway on /metrics: operations by outcome, errors by code", async () => {
    await query({ query: 'query OneTask { task(id: "task-1") { name } }' });
    assert.equal((await query({ query: 'query Missing { task(id: "nope") { name } }' })).errors[0].extensions.code, "NOT_FOUND");
    assert.equal((await query({ query: "{ nosuchfield }" })).errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");
    const res = await fetch(url.replace(/\/graphql$/, "/metrics"));
    assert.equal(res.status, 200);
    const text = await res.text();
    assertMetricSeries(
      text,
      'prelabel_graphql_operation_duration_seconds_count{service="gateway",operation_type="query",operation_name="OneTask",outcome="ok"} 1',
      'prelabel_graphql_operation_duration_seconds_count{service="gateway",operation_type="query",operation_name="Missing",outcome="error"} 1',
      'prelabel_graphql_errors_total{service="gateway",code="NOT_FOUND"} 1',
      'prelabel_graphql_errors_total{service="gateway",code="GRAPHQL_VALIDATION_FAILED"} 1',
    );
    assert.match(text, /^nodejs_heap_size_used_bytes /m);
  });
});
