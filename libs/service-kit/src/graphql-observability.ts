import type { ApolloServerPlugin, BaseContext } from "@apollo/server";
import {
  activeSpan,
  extractTraceContext,
  GraphqlMetrics,
  headerRecordSource,
  recordSpanError,
  runInSpan,
  SpanKind,
  tracer,
  type Context,
  type Span,
} from "@prelabel/observability";
import type { NextFunction, Request, Response } from "express";
import { formatGraphQLError } from "./errors.js";

/** The span name of one GraphQL operation: `graphql.query tasks`, `graphql.mutation anonymous`. */
export const graphqlSpanName = (operationType: string | undefined, operationName: string | null | undefined): string =>
  `graphql.${operationType ?? "request"} ${operationName || "anonymous"}`;

/**
 * The SERVER span of one GraphQL request over HTTP, continuing the caller's W3C `traceparent` if it sent one, and that
 * parent context: run the request with `runInSpan(span, parent, …)`. It is named once the operation is known.
 */
export function startGraphqlRequestSpan(
  headers: Record<string, string | string[] | undefined>,
  service: string,
): { span: Span; parent: Context } {
  const parent = extractTraceContext(headerRecordSource(headers));
  const span = tracer().startSpan(
    graphqlSpanName(undefined, undefined),
    { kind: SpanKind.SERVER, attributes: { "service.component": service } },
    parent,
  );
  return { span, parent };
}

const REQUEST_SPAN = Symbol("prelabel.graphqlSpan");

/**
 * Express middleware in front of the GraphQL handler: continues the caller's trace (W3C `traceparent`, sent by the
 * gateway) in a SERVER span and runs the rest of the request inside it, so resolvers' logs carry its trace id and
 * the NATS messages they publish carry it on. The Apollo plugin below names the span once the operation is known.
 */
export function graphqlTracingMiddleware(service: string) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const { span, parent } = startGraphqlRequestSpan(req.headers, service);
    (req as unknown as Record<symbol, Span>)[REQUEST_SPAN] = span;
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      span.setAttribute("http.response.status_code", res.statusCode);
      span.end();
    };
    res.once("finish", end);
    res.once("close", end);
    runInSpan(span, parent, next);
  };
}

/**
 * Apollo Server plugin: names the request's span `graphql.<type> <name>`, records errors on it, and feeds
 * prelabel_graphql_operation_duration_seconds and prelabel_graphql_errors_total (codes as the client sees them,
 * i.e. after formatGraphQLError).
 */
export function graphqlObservabilityPlugin<C extends BaseContext>(metrics: GraphqlMetrics): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      const start = performance.now();
      const span = activeSpan();
      let operationType: string | undefined;
      let operationName: string | null | undefined;
      let failed = false;
      return {
        async didResolveOperation({ operation, operationName: name }) {
          operationType = operation?.operation;
          operationName = name ?? operation?.name?.value;
          span?.updateName(graphqlSpanName(operationType, operationName));
          span?.setAttributes({ "graphql.operation.type": operationType, "graphql.operation.name": operationName ?? "anonymous" });
        },
        async didEncounterErrors({ errors }) {
          failed = true;
          for (const error of errors) {
            const code = formatGraphQLError(error.toJSON(), error).extensions?.code;
            metrics.countError(code);
            if (span) recordSpanError(span, Object.assign(new Error(error.message), { code }));
          }
        },
        async willSendResponse() {
          metrics.observeOperation({
            operationType,
            operationName,
            outcome: failed ? "error" : "ok",
            seconds: (performance.now() - start) / 1000,
          });
        },
      };
    },
  };
}
