import type { IncomingMessage } from "node:http";
import { activeSpan, GraphqlMetrics, recordSpanError, runInSpan, type Registry, type Span } from "@prelabel/observability";
import { startGraphqlRequestSpan } from "@prelabel/service-kit";

export const GATEWAY_SERVICE = "gateway";

/**
 * The gateway's spans and GraphQL metrics (prelabel_graphql_operation_duration_seconds / prelabel_graphql_errors_total
 * with service="gateway"), shared by its HTTP layer, which opens one span per request, and its Hive plugin
 * (useGatewayObservability), which names that span and counts operations.
 */
export class GatewayTelemetry {
  readonly metrics: GraphqlMetrics;
  private readonly spans = new WeakMap<IncomingMessage, Span>();

  constructor(registry: Registry) {
    this.metrics = new GraphqlMetrics(registry, GATEWAY_SERVICE);
  }

  /** Runs one HTTP request to /graphql inside a SERVER span continuing the client's `traceparent`, if it sent one. */
  traceRequest<T>(req: IncomingMessage, handle: () => Promise<T>): Promise<T> {
    const { span, parent } = startGraphqlRequestSpan(req.headers, GATEWAY_SERVICE);
    this.spans.set(req, span);
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
  }

  /** The span of the HTTP request behind a GraphQL context, else the active one (graphql-ws operations). */
  spanOf(context: unknown): Span | undefined {
    const req = (context as { req?: IncomingMessage } | undefined)?.req;
    return (req && this.spans.get(req)) ?? activeSpan();
  }

  /** A request refused before GraphQL ran (authentication, body size): counted by its code. */
  countRefusal(code: string): void {
    this.metrics.countError(code);
    activeSpan()?.setAttribute("error.type", code);
  }
}
