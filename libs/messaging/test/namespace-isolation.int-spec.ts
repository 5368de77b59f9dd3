import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  Buckets,
  Consumers,
  Contracts,
  create,
  DescribeTaskReplySchema,
  DescribeTaskRequestSchema,
  Endpoints,
  JobProgressedSchema,
  Streams,
  TaskDeletedSchema,
} from "@prelabel/proto";
import { RemoteServiceError } from "../src/errors.js";
import { ack, handler } from "../src/messaging.js";
import { eventually, namespaces, sleep } from "./support/nats-namespace.harness.js";

describe("two namespaces on one server do not see each other", () => {
  const spaces = namespaces();

  it("streams, consumers, live messages, endpoints and buckets stay within their namespace", async () => {
    const [a, b] = [await spaces.create(), await spaces.create()];
    const [inA, inB] = [await a.client(), await b.client()];
    const handled = { a: [] as string[], b: [] as string[] };
    const live = { a: [] as string[], b: [] as string[] };
    const consumers = await Promise.all(
      (["a", "b"] as const).map((side) => {
        const messaging = side === "a" ? inA : inB;
        messaging.subscribeLive(Contracts.jobProgressed, (m) => live[side].push(m.jobId));
        const record = handler(Contracts.taskDeleted, async (m) => (handled[side].push(m.taskId), ack()));
        return messaging.consume({ ...Consumers.taskEvents, handlers: [record] });
      }),
    );
    inA.serve(Endpoints.describeTask, async (request) => create(DescribeTaskReplySchema, { taskId: request.taskId }));
    await inA.nc.flush();
    await inB.nc.flush();

    // The same msgId in both: de-duplication is per stream, so per namespace.
    await inA.publish(Contracts.taskDeleted, create(TaskDeletedSchema, { taskId: "from-a" }), { msgId: "one" });
    await inB.publish(Contracts.taskDeleted, create(TaskDeletedSchema, { taskId: "from-b" }), { msgId: "one" });
    inA.publishLive(Contracts.jobProgressed, create(JobProgressedSchema, { jobId: "live-a" }));
    await eventually(() => assert.deepEqual([handled.a, handled.b, live.a], [["from-a"], ["from-b"], ["live-a"]]));
    await sleep(200);
    assert.deepEqual(live.b, [], "live fan-out stays in its namespace");

    const request = create(DescribeTaskRequestSchema, { taskId: "t" });
    assert.equal((await inA.request(Endpoints.describeTask, request)).taskId, "t");
    const fromB = await inB.request(Endpoints.describeTask, request, 1_000).catch((e: unknown) => e);
    assert.ok(fromB instanceof RemoteServiceError && fromB.code === "SERVICE_UNAVAILABLE", "B's request does not reach A's endpoint");

    await (await inA.keyValue(Buckets.jobControl)).put("job-1", "cancelled");
    assert.equal((await (await inA.keyValue(Buckets.jobControl)).get("job-1"))?.string(), "cancelled");
    assert.equal(await (await inB.keyValue(Buckets.jobControl)).get("job-1"), null, "B's bucket is its own");

    for (const c of consumers) await c.stop();
    for (const f of [a, b]) assert.equal((await f.jsm.streams.info(f.ns.stream(Streams.taskEvents))).state.messages, 1);
  });
});
