import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Consumers, Contracts, create, TaskDeletedSchema } from "@prelabel/proto";
import { ack, handler } from "../src/messaging.js";
import { eventually, namespaces } from "./support/nats-namespace.harness.js";

describe("consume({ confirmAcks: false }) on the real server", () => {
  const spaces = namespaces();

  it("settles every handled message with a plain ack: nothing stays pending or comes back", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    for (let i = 0; i < 50; i++) await messaging.publish(Contracts.taskDeleted, create(TaskDeletedSchema, { taskId: `t${i}` }));
    const seen: string[] = [];
    const consumer = await messaging.consume({
      ...Consumers.taskEvents,
      concurrency: 16,
      confirmAcks: false,
      handlers: [handler(Contracts.taskDeleted, async (m) => (seen.push(m.taskId), ack()))],
    });
    await eventually(async () => {
      const info = await f.consumerInfo(Consumers.taskEvents);
      assert.equal(info.num_pending + info.num_ack_pending, 0);
      assert.equal(info.num_redelivered, 0);
    });
    await consumer.stop();
    assert.equal(new Set(seen).size, 50);
    assert.equal(seen.length, 50, "each handled once");
  });
});
