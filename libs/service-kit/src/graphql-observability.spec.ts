import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildSubgraphSchema } from "@apollo/subgraph";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { initTracing, SpanKind, type Tracing } from "@prelabel/observability";
import { assertMetricSeries } from "@prelabel/testing";
import { parse } from "graphql";
import { AppError, ErrorCode } from "./errors.js";
import { createLogger } from "./logger.js";
import { startSubgraphServer, type RunningServer } from "./subgraph-server.js";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

describe("subgraph server: GraphQL metrics on /metrics and a span per operation", () => {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing;
  let server: RunningServer;
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(server.url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) }).then(
      (r) => r.json() as Promise<any>,
    );

  before(async () => {
    tracing = initTracing({ serviceName: "subgraph-spec", exporters: [exporter] });
    const schema = buildSubgraphSchema({
      typeDefs: parse("type Query { hello: String fail: String boom: String }"),
      resolvers: {
        Query: {
          hello: () => "world",
          fail: () => {
            throw new AppError(ErrorCode.NotFound, "No such thing");
          },
          boom: () => {
            throw new Error("SELECT * FROM secrets failed");
          },
        },
      },
    });
    server = await startSubgraphServer({
      name: "spec-subgraph",
      schema,
      host: "127.0.0.1",
      port: 0,
      logger: createLogger("spec", "silent"),
      context: () => ({}),
      ready: async () => true,
    });
  });
  after(async () => {
    await server.close();
    await tracing.shutdown();
  });

  it("counts operations by type, name and outcome, and errors by the code the client sees", async () => {
    assert.deepEqual((await post({ query: "query Hello { hello }", operationName: "Hello" })).data, { hello: "world" });
    await post({ query: "query Hello { hello }", operationName: "Hello" });
    assert.equal((await post({ query: "query Oops { fail }" })).errors[0].extensions.code, "NOT_FOUND");
    assert.equal((await post({ query: "{ boom }" })).errors[0].extensions.code, "INTERNAL_SERVER_ERROR");
    assert.equal((await post({ query: "{ nope }" })).errors[0].extensions.code, "GRAPHQL_VALIDATION_FAILED");

    const text = await (await fetch(server.url.replace(/\/graphql$/, "/metrics"))).text();
    assertMetricSeries(
      text,
      'prelabel_graphql_operation_duration_seconds_count{service="spec-subgraph",operation_type="query",operation_name="Hello",outcome="ok"} 2',
      'prelabel_graphql_operation_duration_seconds_count{service="spec-subgraph",operation_type="query",operation_name="Oops",outcome="error"} 1',
      'prelabel_graphql_operation_duration_seconds_count{service="spec-subgraph",operation_type="query",operation_name="anonymous",outcome="error"} 1',
      'prelabel_graphql_errors_total{service="spec-subgraph",code="NOT_FOUND"} 1',
      'prelabel_graphql_errors_total{service="spec-subgraph",code="INTERNAL_SERVER_ERROR"} 1',
      'prelabel_graphql_errors_total{service="spec-subgraph",code="GRAPHQL_VALIDATION_FAILED"} 1',
    );
    assert.match(text, /^process_cpu_user_seconds_total /m, "default process metrics are served too");
  });

  it("continues the caller's traceparent in a SERVER span named graphql.<type> <name>", async () => {
    exporter.reset();
    await post({ query: "query Traced { hello }" }, { traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` });
    await post({ query: "mutation { hello }" }).catch(() => undefined);
    const span = exporter.getFinishedSpans().find((s) => s.name === "graphql.query Traced");
    assert.ok(
      span,
      `spans: ${exporter
        .getFinishedSpans()
        .map((s) => s.name)
        .join(", ")}`,
    );
    assert.equal(span.kind, SpanKind.SERVER);
    assert.equal(span.spanContext().traceId, TRACE_ID);
    assert.equal(span.parentSpanContext?.spanId, CALLER_SPAN);
    assert.equal(span.attributes["graphql.operation.name"], "Traced");
    assert.equal(span.attributes["http.response.status_code"], 200);
  });
});
