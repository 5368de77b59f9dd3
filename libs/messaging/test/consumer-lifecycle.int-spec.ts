import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Consumers, Contracts, create, TaskDeletedSchema } from "@prelabel/proto";
import { ack, handler, type ConsumeOptions } from "../src/messaging.js";
import { eventually, gate, namespaces, sleep, type NamespaceFixture } from "./support/nats-namespace.harness.js";

const consumerRef = Consumers.taskEvents;
const taskDeleted = (taskId: string) => create(TaskDeletedSchema, { taskId });

/** A consumer whose handlers wait for `release`, recording what they took. */
async function blockedConsumer(f: NamespaceFixture, options: Pick<ConsumeOptions, "pull" | "concurrency">) {
  const messaging = await f.client();
  const release = gate();
  const taken: string[] = [];
  const done: string[] = [];
  const handle = await messaging.consume({
    ...consumerRef,
    ...options,
    handlers: [
      handler(Contracts.taskDeleted, async (m) => {
        taken.push(m.taskId);
        await release.promise;
        done.push(m.taskId);
        return ack();
      }),
    ],
  });
  return { messaging, release, taken, done, handle };
}

describe("consumer pulls and stopping, on the real server", () => {
  const spaces = namespaces();

  it('pull "free-slots" leases only as many messages as there are free handler slots', async () => {
    const f = await spaces.create();
    const c = await blockedConsumer(f, { pull: "free-slots", concurrency: 2 });
    for (let i = 1; i <= 5; i++) await c.messaging.publish(Contracts.taskDeleted, taskDeleted(`t${i}`));
    await eventually(() => assert.equal(c.taken.length, 2));
    await sleep(500);
    const busy = await f.consumerInfo(consumerRef);
    assert.deepEqual([c.taken.length, busy.num_ack_pending, busy.num_pending], [2, 2, 3], "the other three stay for other replicas");
    c.release.open();
    await eventually(() => assert.equal(c.done.length, 5));
    await c.handle.stop();
    assert.deepEqual(c.done, ["t1", "t2", "t3", "t4", "t5"]);
  });

  for (const pull of ["stream", "free-slots"] as const) {
    it(`pull "${pull}": stop() waits for running handlers to settle, and leaves later messages to the next consumer`, async () => {
      const f = await spaces.create();
      const c = await blockedConsumer(f, { pull, concurrency: 1 });
      await c.messaging.publish(Contracts.taskDeleted, taskDeleted("running"));
      await eventually(() => assert.deepEqual(c.taken, ["running"]));
      let stopped = false;
      const stopping = c.handle.stop().then(() => (stopped = true));
      await sleep(300);
      assert.equal(stopped, false, "stop() waits for the running handler");
      c.release.open();
      await stopping;
      assert.deepEqual(c.done, ["running"]);
      await c.messaging.publish(Contracts.taskDeleted, taskDeleted("later"));
      await sleep(300);
      const info = await f.consumerInfo(consumerRef);
      assert.deepEqual([info.num_pending, info.num_ack_pending], [1, 0], "no pull of the stopped consumer holds the later message");
      const next = await blockedConsumer(f, { pull, concurrency: 1 });
      next.release.open();
      await eventually(() => assert.deepEqual(next.done, ["later"]));
      await next.handle.stop();
    });
  }
});
