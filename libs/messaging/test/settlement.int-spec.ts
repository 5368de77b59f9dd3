import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { headers as natsHeaders } from "@nats-io/transport-node";
import { createMetricsRegistry } from "@prelabel/observability";
import { AnnotationsCommittedSchema, Consumers, Contracts, create, TaskDeletedSchema } from "@prelabel/proto";
import { Header } from "../src/headers.js";
import { ack, handler, nak, term } from "../src/messaging.js";
import { eventually, gate, namespaces, sleep, terminations, tuned } from "./support/nats-namespace.harness.js";

/** ack_wait 1 s on the consumer under test: a message left unsettled comes back within a second. */
const ACK_WAIT_MS = 1_000;
const consumerRef = Consumers.taskEvents;
const topology = tuned(consumerRef, { ack_wait_ms: ACK_WAIT_MS });
const taskDeleted = (taskId: string) => create(TaskDeletedSchema, { taskId });

describe("how consumed messages are settled (ack, nak, term) on the real server", () => {
  const spaces = namespaces();

  it("a message no handler takes is terminated, not redelivered", async () => {
    const f = await spaces.create(topology);
    const messaging = await f.client();
    const terminated = terminations(f, consumerRef);
    let handled = 0;
    const count = handler(Contracts.taskDeleted, async () => (handled++, ack()));
    const consumer = await messaging.consume({ ...consumerRef, handlers: [count] });
    const other = await messaging.publish(Contracts.annotationsCommitted, create(AnnotationsCommittedSchema, { jobId: "j" }));
    await messaging.publish(Contracts.taskDeleted, taskDeleted("t"));
    await eventually(() => assert.deepEqual(terminated.seqs, [other.seq]));
    await eventually(() => assert.equal(handled, 1));
    await sleep(ACK_WAIT_MS + 300);
    await consumer.stop();
    terminated.stop();
    const info = await f.consumerInfo(consumerRef);
    assert.deepEqual([info.num_ack_pending, info.num_redelivered, handled], [0, 0, 1]);
  });

  it("an undecodable body is terminated and reported, never redelivered", async () => {
    const f = await spaces.create(topology);
    const messaging = await f.client();
    const terminated = terminations(f, consumerRef);
    const errors: unknown[] = [];
    const consumer = await messaging.consume({
      ...consumerRef,
      handlers: [handler(Contracts.taskDeleted, async () => assert.fail("not decodable, so never handled"))],
      onError: (err) => errors.push(err),
    });
    const h = natsHeaders();
    h.set(Header.type, TaskDeletedSchema.typeName);
    const bad = await messaging.js.publish(f.ns.subject(Contracts.taskDeleted.subject), Uint8Array.of(0xff, 0xff, 0xff), { headers: h });
    await eventually(() => assert.deepEqual(terminated.seqs, [bad.seq]));
    await sleep(ACK_WAIT_MS + 300);
    await consumer.stop();
    terminated.stop();
    assert.equal(errors.length, 1);
    assert.equal((await f.consumerInfo(consumerRef)).num_redelivered, 0);
  });

  it("a handler that throws: the message is nak'd, redelivered, counted as error, and reported", async () => {
    const f = await spaces.create(topology);
    const metrics = createMetricsRegistry();
    const messaging = await f.client({ metrics });
    const deliveries: number[] = [];
    const errors: unknown[] = [];
    const consumer = await messaging.consume({
      ...consumerRef,
      handlers: [
        handler(Contracts.taskDeleted, async (_m, ctx) => {
          deliveries.push(ctx.deliveryCount);
          if (ctx.deliveryCount === 1) throw new Error("database down");
          return ack();
        }),
      ],
      onError: (err) => errors.push(err),
    });
    await messaging.publish(Contracts.taskDeleted, taskDeleted("t"));
    await eventually(() => assert.deepEqual(deliveries, [1, 2]), 10_000);
    await consumer.stop();
    assert.deepEqual(
      errors.map((e) => (e as Error).message),
      ["database down"],
    );
    const text = await metrics.metrics();
    const subject = Contracts.taskDeleted.subject;
    assert.match(text, new RegExp(`^prelabel_nats_messages_consumed_total\\{subject="${subject}",outcome="error"\\} 1$`, "m"));
    assert.match(text, new RegExp(`^prelabel_nats_messages_consumed_total\\{subject="${subject}",outcome="ack"\\} 1$`, "m"));
  });

  it("a handler's nak(delay) brings the message back after the delay; its term() ends it", async () => {
    const f = await spaces.create(topology);
    const messaging = await f.client();
    const terminated = terminations(f, consumerRef);
    const times: Record<string, number[]> = {};
    const consumer = await messaging.consume({
      ...consumerRef,
      handlers: [
        handler(Contracts.taskDeleted, async (m, ctx) => {
          (times[m.taskId] ??= []).push(Date.now());
          if (m.taskId === "retry") return ctx.deliveryCount === 1 ? nak(300) : ack();
          return term("not for this consumer");
        }),
      ],
    });
    await messaging.publish(Contracts.taskDeleted, taskDeleted("retry"));
    const ended = await messaging.publish(Contracts.taskDeleted, taskDeleted("end"));
    await eventually(() => assert.equal(times.retry?.length, 2));
    await eventually(() => assert.deepEqual(terminated.seqs, [ended.seq]));
    await sleep(ACK_WAIT_MS + 300);
    await consumer.stop();
    terminated.stop();
    const [first, second] = times.retry as [number, number];
    assert.ok(second - first >= 250, `redelivered after the nak delay (${second - first} ms)`);
    assert.equal(times.end?.length, 1, "terminated: never redelivered");
  });

  it("a handler running past ack_wait keeps its message (in-progress acks): delivered once", async () => {
    const f = await spaces.create(topology);
    const messaging = await f.client();
    const deliveries: number[] = [];
    const release = gate();
    const consumer = await messaging.consume({
      ...consumerRef,
      // A second slot would take the message again if the server redelivered it.
      concurrency: 2,
      handlers: [
        handler(Contracts.taskDeleted, async (_m, ctx) => {
          deliveries.push(ctx.deliveryCount);
          await release.promise;
          return ack();
        }),
      ],
    });
    await messaging.publish(Contracts.taskDeleted, taskDeleted("slow"));
    await eventually(() => assert.equal(deliveries.length, 1));
    await sleep(ACK_WAIT_MS * 2.5);
    const during = await f.consumerInfo(consumerRef);
    release.open();
    await consumer.stop();
    assert.deepEqual(deliveries, [1]);
    assert.deepEqual([during.num_ack_pending, during.num_redelivered], [1, 0]);
    assert.equal((await f.consumerInfo(consumerRef)).num_ack_pending, 0);
  });
});
