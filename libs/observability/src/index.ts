export { initTracing, otlpTracesUrl } from "./tracing.js";
export type { Tracing, TracingOptions } from "./tracing.js";
export { activeSpan, activeTraceIds, contextWithSpan, recordSpanError, runInSpan, SpanKind, tracer, withSpan } from "./spans.js";
export type { Attributes, Context, Span, SpanOptions } from "./spans.js";
export { currentTraceparent, extractTraceContext, headerRecordSource, injectTraceContext, TRACEPARENT_HEADER } from "./propagation.js";
export type { HeaderSink, HeaderSource } from "./propagation.js";
export { Counter, createMetricsRegistry, Gauge, Histogram, metricOnce, Registry } from "./metrics.js";
export { GraphqlMetrics } from "./graphql-metrics.js";
export type { OperationObservation, OperationOutcome } from "./graphql-metrics.js";
