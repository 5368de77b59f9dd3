import { before, after } from "node:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { initTracing, type Tracing } from "@prelabel/observability";

/** Call inside describe(): tracing for the suite, its finished spans kept in memory. */
export function recordSpans(): InMemorySpanExporter {
  const exporter = new InMemorySpanExporter();
  let tracing: Tracing | undefined;
  before(() => {
    tracing = initTracing({ serviceName: "messaging-int-spec", exporters: [exporter] });
  });
  after(() => tracing?.shutdown());
  return exporter;
}
