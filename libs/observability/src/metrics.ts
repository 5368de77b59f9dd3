import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry, type Metric } from "prom-client";

export { Counter, Gauge, Histogram, Registry };

/** A registry with Node's default process metrics (process_*, nodejs_*): what each deployable serves on /metrics. */
export function createMetricsRegistry(options: { defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

/**
 * The metric of that name already in `registry`, else the one `create` makes: lets several components (the server's
 * GraphQL plugin, a service's own module) share one registry without "already registered" errors.
 */
export function metricOnce<M extends Metric>(registry: Registry, name: string, create: () => M): M {
  return (registry.getSingleMetric(name) as M | undefined) ?? create();
}
