import { context, ROOT_CONTEXT, type Context, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

/** The W3C trace-context header names (https://www.w3.org/TR/trace-context/). */
export const TRACEPARENT_HEADER = "traceparent";
export const TRACESTATE_HEADER = "tracestate";

/**
 * Prelabel propagates W3C trace context everywhere (HTTP to the subgraphs, NATS headers), whatever global
 * propagator is registered, so these helpers use their own instance: the wire format never depends on setup order.
 */
const w3c = new W3CTraceContextPropagator();

/** Something headers can be written to: a plain object, a Headers-like or a NATS MsgHdrs (`set`). */
export interface HeaderSink {
  set(name: string, value: string): void;
}

/** Something headers can be read from (`get` returning the first value). */
export interface HeaderSource {
  get(name: string): string | null | undefined;
}

const sinkSetter: TextMapSetter<HeaderSink> = { set: (carrier, key, value) => carrier.set(key, value) };
const sourceGetter: TextMapGetter<HeaderSource> = {
  get: (carrier, key) => carrier.get(key) || undefined,
  keys: () => [TRACEPARENT_HEADER, TRACESTATE_HEADER],
};

/** Writes `traceparent` (and `tracestate`) of `ctx` (default: the active context) to `sink`; nothing without a valid span. */
export function injectTraceContext(sink: HeaderSink, ctx: Context = context.active()): void {
  w3c.inject(ctx, sink, sinkSetter);
}

/** The active context's `traceparent` value, or undefined when no span is active. */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const headers: Record<string, string> = {};
  injectTraceContext({ set: (k, v) => void (headers[k] = v) }, ctx);
  return headers[TRACEPARENT_HEADER];
}

/** The remote parent carried by `source` (a `traceparent`), as a context to start a span in; ROOT_CONTEXT-based when absent. */
export function extractTraceContext(source: HeaderSource, base: Context = ROOT_CONTEXT): Context {
  return w3c.extract(base, source, sourceGetter);
}

/** A Node IncomingHttpHeaders-like record as a HeaderSource (lowercase names, first value of repeated ones). */
export function headerRecordSource(headers: Record<string, string | string[] | undefined>): HeaderSource {
  return {
    get: (name) => {
      const v = headers[name.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    },
  };
}
