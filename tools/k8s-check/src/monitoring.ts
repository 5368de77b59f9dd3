import { createRequire } from "node:module";
import type { K8sObject } from "./render.js";
import { ofKind } from "./render.js";
import { repoPath } from "./repo.js";

/** PromQL words that are not metric names: operators, aggregation modifiers, functions are followed by "(". */
const KEYWORDS = new Set([
  "and",
  "or",
  "unless",
  "by",
  "without",
  "on",
  "ignoring",
  "group_left",
  "group_right",
  "bool",
  "offset",
  "inf",
  "nan",
]);

/**
 * Metric names a PromQL expression selects: identifiers left after removing strings, label matchers ({…}), ranges and
 * subqueries ([…]), grouping clauses (by/without/on/ignoring (…)), function names (followed by "(") and keywords.
 */
export function metricNamesIn(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, " ")
    .replace(/\{[^}]*\}/g, " ")
    .replace(/\[[^\]]*\]/g, " ")
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, " ");
  const names = new Set<string>();
  for (const m of stripped.matchAll(/[A-Za-z_:][A-Za-z0-9_:]*/g)) {
    const after = stripped.slice(m.index + m[0].length).trimStart();
    if (after.startsWith("(") || KEYWORDS.has(m[0].toLowerCase())) continue;
    names.add(m[0]);
  }
  return [...names];
}

/** The fields of a PrometheusRule's spec read here. */
interface PrometheusRuleSpec {
  groups?: { rules?: { alert?: string; record?: string; expr: unknown }[] }[];
}

/** The fields of a Grafana dashboard panel read here (rows nest panels). */
interface DashboardPanel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: DashboardPanel[];
}

/** Every PromQL expression of the rendered PrometheusRules and of the Grafana dashboards (ConfigMaps labelled grafana_dashboard). */
export function monitoringExpressions(objects: readonly K8sObject[]): { where: string; expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const rule of ofKind(objects, "PrometheusRule")) {
    for (const group of (rule.spec as PrometheusRuleSpec).groups ?? []) {
      for (const r of group.rules ?? [])
        out.push({ where: `PrometheusRule ${rule.metadata.name} ${r.alert ?? r.record}`, expr: String(r.expr) });
    }
  }
  for (const cm of ofKind(objects, "ConfigMap").filter((c) => c.metadata?.labels?.grafana_dashboard === "1")) {
    for (const [key, text] of Object.entries<string>(cm.data ?? {})) {
      const visit = (panels: DashboardPanel[] | undefined) => {
        for (const p of panels ?? []) {
          for (const t of p.targets ?? []) if (t.expr) out.push({ where: `dashboard ${key} panel "${p.title}"`, expr: t.expr });
          visit(p.panels);
        }
      };
      visit((JSON.parse(text) as { panels?: DashboardPanel[] }).panels);
    }
  }
  return out;
}

/** The part of a prom-client Registry read here. */
interface MetricsRegistry {
  getMetricsAsJSON(): Promise<{ name: string; type: string }[]>;
}

/** Series names a registry exposes (histograms as _bucket, _sum, _count). */
async function exposedNames(registry: MetricsRegistry): Promise<string[]> {
  return (await registry.getMetricsAsJSON()).flatMap((m) =>
    m.type === "histogram" ? [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name],
  );
}

/** The exports of the built metric-definition modules used here (a tool imports no service: they are loaded by path). */
interface ObservabilityModule {
  createMetricsRegistry(): MetricsRegistry;
  GraphqlMetrics: new (registry: MetricsRegistry, service: string) => unknown;
}
interface MessagingMetricsModule {
  MessagingMetrics: new (registry: MetricsRegistry) => unknown;
  consumerLagGauge(registry: MetricsRegistry, consumers: readonly unknown[], lagOf: () => Promise<number>): unknown;
}
interface JobMetricsModule {
  JobMetrics: new (registry: MetricsRegistry, jobsByStatus: () => Promise<Map<string, number>>) => unknown;
}
interface WorkerMetricsModule {
  WorkerMetrics: new (registry: MetricsRegistry) => unknown;
}

const requireBuilt = createRequire(__filename);

/**
 * Every series the deployables register, built by running the services' own metric-definition code (compiled,
 * loaded by path as the env checks load the config schemas) against fresh registries: the process metrics, the
 * GraphQL metrics (gateway and subgraphs), the NATS metrics, annotation-job's and the worker's.
 */
export async function registeredMetricNames(): Promise<Set<string>> {
  const obs = requireBuilt(repoPath("libs/observability/dist/src/index.js")) as ObservabilityModule;
  const messaging = requireBuilt(repoPath("libs/messaging/dist/src/messaging.metrics.js")) as MessagingMetricsModule;
  const job = requireBuilt(repoPath("services/annotation-job/dist/src/job.metrics.js")) as JobMetricsModule;
  const worker = requireBuilt(repoPath("services/inference-worker/dist/src/worker.metrics.js")) as WorkerMetricsModule;
  const registry = obs.createMetricsRegistry();
  new obs.GraphqlMetrics(registry, "check");
  new messaging.MessagingMetrics(registry);
  messaging.consumerLagGauge(registry, [], async () => 0);
  new job.JobMetrics(registry, async () => new Map());
  new worker.WorkerMetrics(registry);
  return new Set(await exposedNames(registry));
}

/** Series Prometheus itself adds to every target. */
export const PROMETHEUS_SERIES = new Set(["up", "scrape_duration_seconds", "scrape_samples_scraped"]);
