import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { metricNamesIn, monitoringExpressions, PROMETHEUS_SERIES, registeredMetricNames } from "./monitoring.js";
import { ofKind, renderOverlay } from "./render.js";
import { DEPLOYABLES, OVERLAYS } from "./repo.js";

describe("monitoring: dashboard and alert rules use metrics the services register", () => {
  it("metricNamesIn finds selectors, not functions, labels, ranges or keywords", () => {
    assert.deepEqual(
      metricNamesIn(
        'sum by (le, service) (rate(prelabel_x_bucket{outcome="error", a=~"b|c"}[5m])) / on(job) up > 0.05 and bool nodejs_heap',
      ),
      ["prelabel_x_bucket", "up", "nodejs_heap"],
    );
    assert.deepEqual(metricNamesIn("histogram_quantile(0.95, sum by (le) (rate(m_bucket[$__rate_interval])))"), ["m_bucket"]);
  });

  for (const overlay of OVERLAYS) {
    it(`k8s/overlays/${overlay}: every metric in the PrometheusRule and the Grafana dashboard is registered by a service`, async () => {
      const objects = renderOverlay(overlay);
      const expressions = monitoringExpressions(objects);
      assert.ok(expressions.length >= 15, `found ${expressions.length} expressions`);
      const known = await registeredMetricNames();
      const unknown = expressions.flatMap(({ where, expr }) =>
        metricNamesIn(expr)
          .filter((name) => !known.has(name) && !PROMETHEUS_SERIES.has(name))
          .map((name) => `${where}: ${name}`),
      );
      assert.deepEqual(unknown, []);
    });

    it(`k8s/overlays/${overlay}: a ServiceMonitor scrapes /metrics on the Service port of every deployable`, () => {
      const objects = renderOverlay(overlay);
      const monitors = ofKind(objects, "ServiceMonitor");
      for (const d of DEPLOYABLES) {
        const service = objects.find((o) => o.kind === "Service" && o.spec?.selector?.["app.kubernetes.io/name"] === d.name);
        assert.ok(service, `a Service for ${d.name}`);
        const monitor = monitors.find((m) => m.spec.selector.matchLabels?.["app.kubernetes.io/name"] === d.name);
        assert.ok(monitor, `a ServiceMonitor for ${d.name}`);
        const portNames = service.spec.ports.map((p: { name: string }) => p.name);
        for (const e of monitor.spec.endpoints) {
          assert.ok(portNames.includes(e.port), `${d.name}: ServiceMonitor port ${e.port} is one of ${portNames.join(", ")}`);
          assert.equal(e.path, "/metrics");
        }
      }
    });

    it(`k8s/overlays/${overlay}: the dashboard ConfigMap carries grafana_dashboard: "1", and every alert has a severity and a summary`, () => {
      const objects = renderOverlay(overlay);
      assert.equal(ofKind(objects, "ConfigMap").filter((c) => c.metadata?.labels?.grafana_dashboard === "1").length, 1);
      const alerts = ofKind(objects, "PrometheusRule").flatMap((r) => r.spec.groups.flatMap((g: { rules: any[] }) => g.rules));
      const names = alerts.map((a) => a.alert);
      for (const needed of [
        "PrelabelServiceDown",
        "PrelabelGraphqlErrorRateHigh",
        "PrelabelJobFailures",
        "PrelabelConsumerLagHigh",
        "PrelabelConsumerLagGrowing",
      ]) {
        assert.ok(names.includes(needed), `alert ${needed}`);
      }
      for (const a of alerts) {
        assert.ok(a.labels?.severity, `${a.alert}: severity`);
        assert.ok(a.annotations?.summary, `${a.alert}: summary`);
      }
    });
  }
});
