import { context, propagation, trace, type TracerProvider } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  ParentBasedSampler,
  SimpleSpanProcessor,
  TraceIdRatioBasedSampler,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { ATTR_SERVICE_NAME } from "@opentelemetry/semantic-conventions";

export interface TracingOptions {
  /** `service.name` of every span (OTEL_SERVICE_NAME, default the deployable's name). */
  serviceName: string;
  /**
   * OTLP/HTTP collector base URL (OTEL_EXPORTER_OTLP_ENDPOINT, e.g. http://otel-collector:4318); spans go to
   * `<endpoint>/v1/traces`. Unset: nothing is exported, but spans still exist so trace ids propagate and reach the logs.
   */
  otlpEndpoint?: string | undefined;
  /** Fraction of new traces sampled (OTEL_TRACES_SAMPLER_RATIO, 0..1); a caller's sampled flag is followed. */
  samplerRatio?: number;
  /** Extra exporters, each behind a SimpleSpanProcessor (tests: an InMemorySpanExporter). */
  exporters?: SpanExporter[];
}

export interface Tracing {
  readonly provider: TracerProvider;
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  /** Flushes and stops exporting; the global provider stays registered until the process ends. */
  shutdown(): Promise<void>;
}

/** The OTLP/HTTP traces URL for a collector base URL (the spec's signal path `v1/traces`). */
export function otlpTracesUrl(endpoint: string): string {
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}

/**
 * Registers the process-wide tracer provider, an AsyncLocalStorage context manager (the active span follows
 * async calls) and the W3C trace-context propagator. Only main.ts (or a test) calls this; calling it again replaces
 * the previous registration.
 */
export function initTracing(options: TracingOptions): Tracing {
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint) {
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: otlpTracesUrl(options.otlpEndpoint) })));
  }
  for (const exporter of options.exporters ?? []) processors.push(new SimpleSpanProcessor(exporter));
  const ratio = Math.min(1, Math.max(0, options.samplerRatio ?? 1));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }),
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio) }),
    spanProcessors: processors,
  });
  // The API refuses a second registration; drop the previous one first (tests initialise once per file).
  trace.disable();
  context.disable();
  propagation.disable();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  return {
    provider,
    forceFlush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
