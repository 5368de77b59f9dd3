import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetricsRegistry } from "@prelabel/observability";
import { Consumers, Contracts, create, Streams, TaskDeletedSchema } from "@prelabel/proto";
import { ack, handler } from "../src/messaging.js";
import { eventually, gate, namespaces } from "./support/nats-namespace.harness.js";

/** The samples of prelabel_nats_consumer_lag_messages, as `consumer → value`. */
async function lagSamples(registry: ReturnType<typeof createMetricsRegistry>): Promise<Record<string, number>> {
  const metric = await registry.getSingleMetric("prelabel_nats_consumer_lag_messages")!.get();
  return Object.fromEntries(metric.values.map((v) => [`${v.labels.stream}/${v.labels.consumer}`, v.value]));
}

describe("prelabel_nats_consumer_lag_messages on the real server", () => {
  const spaces = namespaces();

  it("is num_pending + num_ack_pending per consumer, labelled without the namespace, read when scraped", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    const registry = createMetricsRegistry();
    const missing = { stream: Streams.taskEvents, durable: "nobody" };
    messaging.registerConsumerLag(registry, [Consumers.taskEvents, Consumers.annotationCommands, missing]);
    const events = `${Streams.taskEvents}/${Consumers.taskEvents.durable}`;
    const commands = `${Streams.taskCommands}/${Consumers.annotationCommands.durable}`;
    assert.deepEqual(await lagSamples(registry), { [events]: 0, [commands]: 0 }, "a consumer that does not exist has no sample");

    for (const taskId of ["t1", "t2", "t3"]) await messaging.publish(Contracts.taskDeleted, create(TaskDeletedSchema, { taskId }));
    assert.equal((await lagSamples(registry))[events], 3, "three waiting");

    const release = gate();
    const consumer = await messaging.consume({
      ...Consumers.taskEvents,
      pull: "free-slots",
      handlers: [handler(Contracts.taskDeleted, async (m) => (m.taskId === "t1" ? (await release.promise, ack()) : ack()))],
    });
    await eventually(async () => assert.equal((await f.consumerInfo(Consumers.taskEvents)).num_ack_pending, 1));
    assert.equal((await lagSamples(registry))[events], 3, "one being handled still counts");
    release.open();
    await eventually(async () => assert.equal((await lagSamples(registry))[events], 0));
    await consumer.stop();
  });
});
