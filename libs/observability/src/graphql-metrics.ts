import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { metricOnce } from "./metrics.js";

export const GRAPHQL_OPERATION_DURATION = "prelabel_graphql_operation_duration_seconds";
export const GRAPHQL_ERRORS = "prelabel_graphql_errors_total";
export const GRAPHQL_SUBSCRIPTIONS_ACTIVE = "prelabel_graphql_subscriptions_active";

/** Label value for operations without a (usable) name, and for names past the cardinality budget. */
export const ANONYMOUS_OPERATION = "anonymous";
export const OTHER_OPERATION = "other";
/** Distinct operation names a process labels before it files new ones under "other" (clients choose names). */
export const MAX_OPERATION_NAMES = 200;

const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const OPERATION_TYPES = new Set(["query", "mutation", "subscription"]);
const ERROR_CODE = /^[A-Z][A-Z0-9_]{0,63}$/;

export type OperationOutcome = "ok" | "error";

export interface OperationObservation {
  /** query, mutation or subscription; anything else (a request that did not parse) is "unknown". */
  operationType: string | undefined;
  operationName: string | null | undefined;
  outcome: OperationOutcome;
  seconds: number;
}

/**
 * GraphQL operation rate, latency and errors by code, labelled with the service. The same series names serve the
 * gateway and every subgraph, so one dashboard row compares them.
 */
export class GraphqlMetrics {
  private readonly duration: Histogram<"service" | "operation_type" | "operation_name" | "outcome">;
  private readonly errors: Counter<"service" | "code">;
  private readonly subscriptions: Gauge<"service">;
  private readonly names = new Set<string>();

  constructor(
    registry: Registry,
    private readonly service: string,
  ) {
    this.duration = metricOnce(
      registry,
      GRAPHQL_OPERATION_DURATION,
      () =>
        new Histogram({
          name: GRAPHQL_OPERATION_DURATION,
          help: "GraphQL operations by service, type, name and outcome (ok, error): latency in seconds; _count is the rate",
          labelNames: ["service", "operation_type", "operation_name", "outcome"],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers: [registry],
        }),
    );
    this.errors = metricOnce(
      registry,
      GRAPHQL_ERRORS,
      () =>
        new Counter({
          name: GRAPHQL_ERRORS,
          help: "GraphQL errors returned, by service and extensions.code",
          labelNames: ["service", "code"],
          registers: [registry],
        }),
    );
    this.subscriptions = metricOnce(
      registry,
      GRAPHQL_SUBSCRIPTIONS_ACTIVE,
      () =>
        new Gauge({
          name: GRAPHQL_SUBSCRIPTIONS_ACTIVE,
          help: "GraphQL subscriptions open over graphql-ws, by service",
          labelNames: ["service"],
          registers: [registry],
        }),
    );
    // A series from the start (0), so dashboards and alerts see the service before its first subscription.
    this.subscriptions.inc({ service }, 0);
  }

  /** Subscriptions open over graphql-ws (a subscription's lifetime is not a latency, so it is not in the histogram). */
  subscriptionOpened(): void {
    this.subscriptions.inc({ service: this.service });
  }

  subscriptionClosed(): void {
    this.subscriptions.dec({ service: this.service });
  }

  /** The label for a client-chosen operation name: bounded in shape and in number. */
  operationLabel(name: string | null | undefined): string {
    if (!name || !OPERATION_NAME.test(name)) return ANONYMOUS_OPERATION;
    if (this.names.has(name)) return name;
    if (this.names.size >= MAX_OPERATION_NAMES) return OTHER_OPERATION;
    this.names.add(name);
    return name;
  }

  observeOperation(o: OperationObservation): void {
    this.duration.observe(
      {
        service: this.service,
        operation_type: o.operationType && OPERATION_TYPES.has(o.operationType) ? o.operationType : "unknown",
        operation_name: this.operationLabel(o.operationName),
        outcome: o.outcome,
      },
      o.seconds,
    );
  }

  /** One error of that `extensions.code` (missing or odd-shaped codes count as INTERNAL_SERVER_ERROR). */
  countError(code: unknown): void {
    this.errors.inc({ service: this.service, code: typeof code === "string" && ERROR_CODE.test(code) ? code : "INTERNAL_SERVER_ERROR" });
  }
}
