import type { IncomingMessage } from "node:http";
import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import {
  activeSpan,
  contextWithSpan,
  extractTraceContext,
  GraphqlMetrics,
  headerRecordSource,
  injectTraceContext,
  recordSpanError,
  runInSpan,
  SpanKind,
  tracer,
  type Registry,
  type Span,
} from "@prelabel/observability";
import { graphqlSpanName } from "@prelabel/service-kit";
import { getOperationAST, type ExecutionResult } from "graphql";

export const GATEWAY_SERVICE = "gateway";

export interface GatewayObservability {
  /** The Hive plugin: names the request span, injects `traceparent` into subgraph requests, feeds the GraphQL metrics. */
  plugin: GatewayPlugin;
  /** Runs one HTTP request to /graphql inside a SERVER span continuing the client's `traceparent`, if it sent one. */
  traceRequest<T>(req: IncomingMessage, handle: () => Promise<T>): Promise<T>;
  /** A request refused before GraphQL ran (authentication, body size): counted by its code. */
  countRefusal(code: string): void;
}

/**
 * Tracing and metrics of the gateway: one span per HTTP request (`graphql.<type> <name>` once known), its context sent
 * to every HTTP subgraph call as W3C `traceparent` (through `extensions.headers`, as identity forwarding does), and
 * prelabel_graphql_operation_duration_seconds / prelabel_graphql_errors_total with service="gateway".
 */
export function createGatewayObservability(registry: Registry): GatewayObservability {
  const metrics = new GraphqlMetrics(registry, GATEWAY_SERVICE);
  const spans = new WeakMap<IncomingMessage, Span>();
  const spanOf = (ctx: unknown): Span | undefined => {
    const req = (ctx as { req?: IncomingMessage } | undefined)?.req;
    return (req && spans.get(req)) ?? activeSpan();
  };

  const countErrors = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined, span: Span | undefined): boolean => {
    if (!errors?.length) return false;
    for (const e of errors) {
      metrics.countError(e.extensions?.code);
      if (span) recordSpanError(span, Object.assign(new Error((e as { message?: string }).message ?? "error"), { code: e.extensions?.code }));
    }
    return true;
  };

  const plugin: GatewayPlugin = {
    onValidate() {
      return ({ valid, result, context }) => {
        if (valid) return;
        const span = spanOf(context);
        for (const _ of result) metrics.countError("GRAPHQL_VALIDATION_FAILED");
        span?.setAttribute("error.type", "GRAPHQL_VALIDATION_FAILED");
      };
    },
    onExecute({ args }) {
      const start = performance.now();
      const operation = getOperationAST(args.document, args.operationName);
      const operationType = operation?.operation;
      const operationName = args.operationName ?? operation?.name?.value;
      const span = spanOf(args.contextValue);
      span?.updateName(graphqlSpanName(operationType, operationName));
      span?.setAttributes({ "graphql.operation.type": operationType ?? "unknown", "graphql.operation.name": operationName ?? "anonymous" });
      return {
        onExecuteDone({ result }) {
          // Subscriptions and incremental delivery are counted when they start; their events are not operations.
          const single = Symbol.asyncIterator in (result as object) ? undefined : (result as ExecutionResult);
          const failed = countErrors(single?.errors as never, span);
          metrics.observeOperation({ operationType, operationName, outcome: failed ? "error" : "ok", seconds: (performance.now() - start) / 1000 });
        },
      };
    },
    onSubgraphExecute({ executionRequest }) {
      if (executionRequest.operationType === "subscription") return;
      const span = spanOf(executionRequest.context);
      if (!span) return;
      const headers: Record<string, string> = {};
      injectTraceContext({ set: (k, v) => void (headers[k] = v) }, contextWithSpan(span));
      if (!Object.keys(headers).length) return;
      const extensions = (executionRequest.extensions ??= {});
      extensions.headers = { ...(extensions.headers as Record<string, string> | undefined), ...headers };
    },
  };

  return {
    plugin,
    traceRequest: (req, handle) => {
      const parent = extractTraceContext(headerRecordSource(req.headers));
      const span = tracer().startSpan(graphqlSpanName(undefined, undefined), { kind: SpanKind.SERVER, attributes: { "service.component": GATEWAY_SERVICE } }, parent);
      spans.set(req, span);
      return runInSpan(span, parent, async () => {
        try {
          return await handle();
        } catch (err) {
          recordSpanError(span, err);
          throw err;
        } finally {
          span.end();
        }
      });
    },
    countRefusal: (code) => {
      metrics.countError(code);
      activeSpan()?.setAttribute("error.type", code);
    },
  };
}
