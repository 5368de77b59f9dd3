import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from "@opentelemetry/api";

export { SpanKind, SpanStatusCode };
export type { Attributes, Context, Span };

const TRACER_NAME = "@prelabel/observability";

/** The tracer every Prelabel span comes from (a no-op one until initTracing ran). */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  /** Parent context; default the active one. */
  parent?: Context;
}

/** Marks a span failed with the error's message (never its stack or cause chain) and records it as an exception. */
export function recordSpanError(span: Span, err: unknown): void {
  const code =
    (err as { code?: unknown; extensions?: { code?: unknown } } | null)?.extensions?.code ?? (err as { code?: unknown } | null)?.code;
  span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
  if (typeof code === "string") span.setAttribute("error.type", code);
  if (err instanceof Error) span.recordException({ name: err.name, message: err.message });
}

/**
 * Runs `fn` inside a new active span and ends it when `fn` settles; a throw marks the span failed and is rethrown.
 */
export async function withSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => Promise<T> | T): Promise<T> {
  const parent = options.parent ?? context.active();
  return tracer().startActiveSpan(
    name,
    { kind: options.kind ?? SpanKind.INTERNAL, attributes: options.attributes },
    parent,
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        recordSpanError(span, err);
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** The active span's ids for log lines; empty when no valid span is active. */
export function activeTraceIds(): { trace_id: string; span_id: string } | Record<string, never> {
  const span = trace.getSpan(context.active());
  const ctx = span?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return {};
  return { trace_id: ctx.traceId, span_id: ctx.spanId };
}

/** The active span, if any. */
export function activeSpan(): Span | undefined {
  return trace.getSpan(context.active());
}

/** Runs `fn` (synchronously started) with `span` active on top of `parent`; async work it starts inherits that context. */
export function runInSpan<T>(span: Span, parent: Context, fn: () => T): T {
  return context.with(trace.setSpan(parent, span), fn);
}

/** A context whose active span is `span` (to inject it, or to parent spans on it explicitly). */
export function contextWithSpan(span: Span, parent: Context = context.active()): Context {
  return trace.setSpan(parent, span);
}
