export { initTracing, otlpTracesUrl } from "./tracing.js";
export type { Tracing, TracingOptions } from "./tracing.js";
export { activeSpan, activeTraceIds, contextWithSpan, recordSpanError, runInSpan, SpanKind, SpanStatusCode, tracer, withSpan } from "./spans.js";
export type { Attributes, Context, Span, SpanOptions } from "./spans.js";
export {
  currentTraceparent,
  extractTraceContext,
  headerRecordSource,
  injectTraceContext,
  TRACEPARENT_HEADER,
  TRACESTATE_HEADER,
} from "./propagation.js";
export type { HeaderSink, HeaderSource } from "./propagation.js";
export { Counter, createMetricsRegistry, Gauge, Histogram, metricOnce, metricsText, Registry } from "./metrics.js";
export {
  ANONYMOUS_OPERATION,
  GRAPHQL_ERRORS,
  GRAPHQL_OPERATION_DURATION,
  GraphqlMetrics,
  MAX_OPERATION_NAMES,
  OTHER_OPERATION,
} from "./graphql-metrics.js";
export type { OperationObservation, OperationOutcome } from "./graphql-metrics.js";
