import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetricsRegistry, SpanKind, withSpan } from "@prelabel/observability";
import {
  AnnotationsCommittedSchema,
  CommitAnnotationsSchema,
  Consumers,
  Contracts,
  create,
  JobProgressedSchema,
  Streams,
  TaskDeletedSchema,
} from "@prelabel/proto";
import { Header } from "../src/headers.js";
import { ack, handler, type DeliveryContext } from "../src/messaging.js";
import { eventually, namespaces, sleep } from "./support/nats-namespace.harness.js";
import { recordSpans } from "./support/span.recorder.js";

const TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
const taskDeleted = (taskId: string) => create(TaskDeletedSchema, { taskId, tenantId: "tenant-a" });

describe("publish and consume through JetStream", () => {
  const exporter = recordSpans();
  const spaces = namespaces();

  it("round trip: the proto message in the body, the envelope (type, id, time, trace) in headers", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    const seen: { taskId: string; tenantId: string; ctx: DeliveryContext }[] = [];
    const consumer = await messaging.consume({
      ...Consumers.taskEvents,
      handlers: [handler(Contracts.taskDeleted, async (m, ctx) => (seen.push({ taskId: m.taskId, tenantId: m.tenantId, ctx }), ack()))],
    });
    const started = Date.now();
    const published = await messaging.publish(Contracts.taskDeleted, taskDeleted("task-1"), {
      msgId: "task-1-deleted",
      traceparent: TRACEPARENT,
    });
    assert.equal(published.stream, f.ns.stream(Streams.taskEvents));
    await eventually(() => assert.equal(seen.length, 1));
    await consumer.stop();
    const [{ taskId, tenantId, ctx }] = seen as [(typeof seen)[number]];
    assert.deepEqual([taskId, tenantId], ["task-1", "tenant-a"]);
    assert.equal(ctx.subject, `${f.prefix}.${Contracts.taskDeleted.subject}`);
    assert.equal(ctx.deliveryCount, 1);
    assert.equal(ctx.headers?.get(Header.type), TaskDeletedSchema.typeName);
    assert.equal(ctx.headers?.get(Header.msgId), "task-1-deleted");
    assert.equal(ctx.headers?.get(Header.traceparent), TRACEPARENT);
    const occurredAt = Date.parse(ctx.headers?.get(Header.occurredAt) ?? "");
    assert.ok(occurredAt >= started - 1_000 && occurredAt <= Date.now(), "Prelabel-Occurred-At is the publish time");
    assert.equal((await f.consumerInfo(Consumers.taskEvents)).num_ack_pending, 0, "acked");
  });

  it("a Nats-Msg-Id published twice within the duplicate window is stored, and handled, once", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    const first = await messaging.publish(Contracts.taskDeleted, taskDeleted("t"), { msgId: "same" });
    const again = await messaging.publish(Contracts.taskDeleted, taskDeleted("t"), { msgId: "same" });
    const other = await messaging.publish(Contracts.taskDeleted, taskDeleted("t"), { msgId: "other" });
    assert.deepEqual([first.duplicate, again.duplicate, again.seq, other.duplicate], [false, true, first.seq, false]);
    const handled: string[] = [];
    const consumer = await messaging.consume({
      ...Consumers.taskEvents,
      handlers: [handler(Contracts.taskDeleted, async (_m, ctx) => (handled.push(ctx.headers?.get(Header.msgId) ?? ""), ack()))],
    });
    await eventually(() => assert.deepEqual(handled, ["same", "other"]));
    await sleep(200);
    await consumer.stop();
    assert.deepEqual(handled, ["same", "other"]);
    assert.equal((await f.jsm.streams.info(f.ns.stream(Streams.taskEvents))).state.messages, 2);
  });

  it("dispatches each message to the handler of its Prelabel-Type, in order", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    const handled: string[] = [];
    const consumer = await messaging.consume({
      ...Consumers.taskEvents,
      handlers: [
        handler(Contracts.taskDeleted, async (m) => (handled.push(`deleted ${m.taskId}`), ack())),
        handler(Contracts.annotationsCommitted, async (m) => (handled.push(`committed ${m.jobId} ${m.annotationCount}`), ack())),
      ],
    });
    const committed = (jobId: string, annotationCount: number) =>
      create(AnnotationsCommittedSchema, { jobId, taskId: "t", annotationCount });
    await messaging.publish(Contracts.annotationsCommitted, committed("j1", 3));
    await messaging.publish(Contracts.taskDeleted, taskDeleted("t1"));
    await messaging.publish(Contracts.annotationsCommitted, committed("j2", 0));
    await eventually(() => assert.equal(handled.length, 3));
    await consumer.stop();
    assert.deepEqual(handled, ["committed j1 3", "deleted t1", "committed j2 0"]);
  });

  it("continues the publisher's trace: the handler runs in a CONSUMER span parented on the publishing span", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    let traceparent: string | undefined;
    const consumer = await messaging.consume({
      ...Consumers.taskEvents,
      handlers: [handler(Contracts.taskDeleted, async (_m, ctx) => ((traceparent = ctx.headers?.get(Header.traceparent)), ack()))],
    });
    const publishing = await withSpan("publish task deleted", { kind: SpanKind.PRODUCER }, async (span) => {
      await messaging.publish(Contracts.taskDeleted, taskDeleted("traced"));
      return span.spanContext();
    });
    await eventually(() => assert.ok(traceparent));
    await consumer.stop();
    assert.equal(traceparent, `00-${publishing.traceId}-${publishing.spanId}-01`);
    const processed = await eventually(() => {
      const name = `${Contracts.taskDeleted.subject} process`;
      const span = exporter.getFinishedSpans().find((s) => s.name === name && s.spanContext().traceId === publishing.traceId);
      assert.ok(span, "the consumer span was recorded");
      return span;
    });
    assert.equal(processed.kind, SpanKind.CONSUMER);
    assert.equal(processed.parentSpanContext?.spanId, publishing.spanId);
    assert.equal(processed.attributes["messaging.consumer.group.name"], Consumers.taskEvents.durable);
    assert.equal(processed.attributes["messaging.outcome"], "ack");
  });

  it("a work-queue stream drops what was acked; published and consumed messages are counted", async () => {
    const f = await spaces.create();
    const metrics = createMetricsRegistry();
    const messaging = await f.client({ metrics });
    let handled = 0;
    const consumer = await messaging.consume({
      ...Consumers.annotationCommands,
      concurrency: 2,
      handlers: [handler(Contracts.commitAnnotations, async () => (handled++, ack()))],
    });
    for (const jobId of ["j1", "j2", "j3"]) {
      await messaging.publish(Contracts.commitAnnotations, create(CommitAnnotationsSchema, { jobId, taskId: "t" }));
    }
    await eventually(() => assert.equal(handled, 3));
    await consumer.stop();
    await eventually(async () => assert.equal((await f.jsm.streams.info(f.ns.stream(Streams.taskCommands))).state.messages, 0));
    const text = await metrics.metrics();
    const subject = Contracts.commitAnnotations.subject;
    assert.match(text, new RegExp(`^prelabel_nats_messages_published_total\\{subject="${subject}",outcome="ok"\\} 3$`, "m"));
    assert.match(text, new RegExp(`^prelabel_nats_messages_consumed_total\\{subject="${subject}",outcome="ack"\\} 3$`, "m"));
  });

  it("live fan-out: every subscriber gets each message, and a malformed one is dropped without ending the subscription", async () => {
    const f = await spaces.create();
    const messaging = await f.client();
    const a: string[] = [];
    const b: string[] = [];
    messaging.subscribeLive(Contracts.jobProgressed, (m) => a.push(m.jobId));
    messaging.subscribeLive(Contracts.jobProgressed, (m) => b.push(m.jobId));
    await messaging.nc.flush();
    messaging.publishLive(Contracts.jobProgressed, create(JobProgressedSchema, { jobId: "j1", framesTotal: 2 }));
    f.nc.publish(f.ns.subject(Contracts.jobProgressed.subject), Uint8Array.of(0xff, 0xff, 0xff));
    messaging.publishLive(Contracts.jobProgressed, create(JobProgressedSchema, { jobId: "j2", framesTotal: 2 }));
    await eventually(() =>
      assert.deepEqual(
        [a, b],
        [
          ["j1", "j2"],
          ["j1", "j2"],
        ],
      ),
    );
  });
});
