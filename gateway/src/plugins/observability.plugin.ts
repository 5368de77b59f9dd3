import type { GatewayPlugin } from "@graphql-hive/gateway-runtime";
import { contextWithSpan, injectTraceContext, recordSpanError, type Span } from "@prelabel/observability";
import { graphqlSpanName } from "@prelabel/service-kit";
import { getOperationAST, OperationTypeNode, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { GatewayTelemetry } from "../observability/gateway-telemetry.js";

/**
 * Tracing and metrics of GraphQL operations: names the request's span (`graphql.<type> <name>` once known), sends its
 * context to every HTTP subgraph call as W3C `traceparent` (through `extensions.headers`, as identity forwarding does),
 * and feeds the operation and error metrics.
 */
export function useGatewayObservability(telemetry: GatewayTelemetry): GatewayPlugin {
  const { metrics } = telemetry;
  const countErrors = (errors: readonly { extensions?: Record<string, unknown> }[] | undefined, span: Span | undefined): boolean => {
    if (!errors?.length) return false;
    for (const e of errors) {
      metrics.countError(e.extensions?.code);
      if (span)
        recordSpanError(span, Object.assign(new Error((e as { message?: string }).message ?? "error"), { code: e.extensions?.code }));
    }
    return true;
  };

  return {
    onValidate() {
      return ({ valid, result, context }) => {
        if (valid) return;
        const span = telemetry.spanOf(context);
        for (const _ of result) metrics.countError("GRAPHQL_VALIDATION_FAILED");
        span?.setAttribute("error.type", "GRAPHQL_VALIDATION_FAILED");
      };
    },
    onExecute({ args }) {
      const start = performance.now();
      // envelop types the arguments `any` (it spans graphql versions); they are graphql-js's.
      const { document, operationName: requested, contextValue } = args as ExecutionArgs;
      const operation = getOperationAST(document, requested);
      const operationType = operation?.operation;
      const operationName = requested ?? operation?.name?.value;
      const span = telemetry.spanOf(contextValue);
      span?.updateName(graphqlSpanName(operationType, operationName));
      span?.setAttributes({ "graphql.operation.type": operationType ?? "unknown", "graphql.operation.name": operationName ?? "anonymous" });
      return {
        onExecuteDone({ result }) {
          // Subscriptions and incremental delivery are counted when they start; their events are not operations.
          const single = Symbol.asyncIterator in (result as object) ? undefined : (result as ExecutionResult);
          const failed = countErrors(single?.errors, span);
          metrics.observeOperation({
            operationType,
            operationName,
            outcome: failed ? "error" : "ok",
            seconds: (performance.now() - start) / 1000,
          });
        },
      };
    },
    onSubgraphExecute({ executionRequest }) {
      if (executionRequest.operationType === OperationTypeNode.SUBSCRIPTION) return;
      const span = telemetry.spanOf(executionRequest.context);
      if (!span) return;
      const headers = traceHeadersOf(span);
      if (!headers) return;
      const extensions = (executionRequest.extensions ??= {});
      extensions.headers = { ...(extensions.headers as Record<string, string> | undefined), ...headers };
    },
  };
}

/**
 * The request span's `traceparent` (and `tracestate`), written once per span: every subgraph call of a request carries
 * the same ones, so a three-subgraph query builds them once instead of three times. Null: nothing to send.
 */
const traceHeadersBySpan = new WeakMap<Span, Readonly<Record<string, string>> | null>();
function traceHeadersOf(span: Span): Readonly<Record<string, string>> | null {
  let headers = traceHeadersBySpan.get(span);
  if (headers === undefined) {
    const written: Record<string, string> = {};
    injectTraceContext({ set: (k, v) => void (written[k] = v) }, contextWithSpan(span));
    headers = Object.keys(written).length ? written : null;
    traceHeadersBySpan.set(span, headers);
  }
  return headers;
}
