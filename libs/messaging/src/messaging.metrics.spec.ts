import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetricsRegistry } from "@prelabel/observability";
import { consumerLagGauge, MessagingMetrics, NATS_CONSUMER_LAG } from "./messaging.metrics.js";

describe("messaging metrics", () => {
  it("consumer lag: a sample per consumer that answers in time, none for one that fails or is too slow", async () => {
    const registry = createMetricsRegistry();
    const lags: Record<string, () => Promise<number>> = {
      quick: async () => 7,
      failing: async () => {
        throw new Error("consumer not found");
      },
      hanging: () => new Promise<number>(() => undefined),
    };
    const consumers = Object.keys(lags).map((durable) => ({ stream: "S", durable }));
    consumerLagGauge(registry, consumers, (c) => lags[c.durable](), 50);
    const metric = await registry.getSingleMetric(NATS_CONSUMER_LAG)!.get();
    assert.deepEqual(
      metric.values.map((v) => [v.labels, v.value]),
      [[{ stream: "S", consumer: "quick" }, 7]],
    );
  });

  it("two clients on one registry share the counters instead of registering them twice", async () => {
    const registry = createMetricsRegistry();
    const [a, b] = [new MessagingMetrics(registry), new MessagingMetrics(registry)];
    a.publishedOne("evt.x.v1", true);
    b.publishedOne("evt.x.v1", true);
    b.consumedOne("evt.x.v1", "term");
    const text = await registry.metrics();
    assert.match(text, /^prelabel_nats_messages_published_total\{subject="evt.x.v1",outcome="ok"\} 2$/m);
    assert.match(text, /^prelabel_nats_messages_consumed_total\{subject="evt.x.v1",outcome="term"\} 1$/m);
  });
});
