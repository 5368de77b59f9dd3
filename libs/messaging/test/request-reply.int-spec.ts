import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMetricsRegistry, SpanKind, withSpan } from "@prelabel/observability";
import { create, DescribeTaskReplySchema, DescribeTaskRequestSchema, Endpoints } from "@prelabel/proto";
import { EndpointError, RemoteServiceError } from "../src/errors.js";
import { eventually, namespaces, sleep } from "./support/nats-namespace.harness.js";
import { recordSpans } from "./support/span.recorder.js";

const endpoint = Endpoints.describeTask;
const describeTask = (taskId: string) => create(DescribeTaskRequestSchema, { taskId });

/** The RemoteServiceError a request fails with (or a failed assertion if it succeeds). */
async function refusal(request: Promise<unknown>): Promise<RemoteServiceError> {
  const err = await request.then(
    () => assert.fail("the request succeeded"),
    (e: unknown) => e,
  );
  assert.ok(err instanceof RemoteServiceError, String(err));
  return err;
}

describe("request/reply endpoints on the real server", () => {
  const exporter = recordSpans();
  const spaces = namespaces();

  it("answers the typed reply, within the caller's trace; EndpointErrors keep their code, other errors become INTERNAL", async () => {
    const f = await spaces.create(null);
    const metrics = createMetricsRegistry();
    const server = await f.client({ metrics });
    const internal: unknown[] = [];
    server.serve(
      endpoint,
      async (request) => {
        if (request.taskId === "missing") throw new EndpointError("NOT_FOUND", "No task missing");
        if (request.taskId === "broken") throw new Error('relation "task" does not exist');
        return create(DescribeTaskReplySchema, { taskId: request.taskId, name: `task ${request.taskId}`, size: 3 });
      },
      (err) => internal.push(err),
    );
    await server.nc.flush();
    const caller = await f.client();

    const { reply, calling } = await withSpan("caller", { kind: SpanKind.INTERNAL }, async (span) => ({
      reply: await caller.request(endpoint, describeTask("t1")),
      calling: span.spanContext(),
    }));
    assert.deepEqual([reply.taskId, reply.name, reply.size], ["t1", "task t1", 3]);
    const served = await eventually(() => {
      const span = exporter.getFinishedSpans().find((s) => s.name === `${endpoint.subject} serve`);
      assert.ok(span);
      return span;
    });
    assert.equal(served.kind, SpanKind.SERVER);
    assert.deepEqual([served.spanContext().traceId, served.parentSpanContext?.spanId], [calling.traceId, calling.spanId]);

    const notFound = await refusal(caller.request(endpoint, describeTask("missing")));
    assert.deepEqual([notFound.code, notFound.message], ["NOT_FOUND", "No task missing"]);
    const broken = await refusal(caller.request(endpoint, describeTask("broken")));
    assert.deepEqual([broken.code, broken.message], ["INTERNAL", "internal error"], "no driver words cross the wire");
    assert.deepEqual(
      internal.map((e) => (e as Error).message),
      ['relation "task" does not exist'],
      "but the server reports them",
    );

    const text = await metrics.metrics();
    for (const code of ["OK", "NOT_FOUND", "INTERNAL"]) {
      const served = new RegExp(`^prelabel_nats_requests_served_seconds_count\\{subject="${endpoint.subject}",code="${code}"\\} 1$`, "m");
      assert.match(text, served, code);
    }
  });

  it("nobody serving, or a reply later than the timeout: SERVICE_UNAVAILABLE", async () => {
    const f = await spaces.create(null);
    const caller = await f.client();
    const nobody = await refusal(caller.request(endpoint, describeTask("t"), 1_000));
    assert.equal(nobody.code, "SERVICE_UNAVAILABLE");
    assert.match(nobody.message, /task\.v1\.describe-task did not answer/);

    const server = await f.client();
    server.serve(endpoint, async (request) => {
      await sleep(1_000);
      return create(DescribeTaskReplySchema, { taskId: request.taskId });
    });
    await server.nc.flush();
    const started = Date.now();
    const slow = await refusal(caller.request(endpoint, describeTask("t"), 200));
    assert.equal(slow.code, "SERVICE_UNAVAILABLE");
    assert.ok(slow.cause, "the transport's error is kept as the cause");
    assert.ok(Date.now() - started < 900, "the caller did not wait for the slow reply");
  });

  it("replicas share an endpoint (queue group): each request is answered once", async () => {
    const f = await spaces.create(null);
    const answeredBy: string[] = [];
    for (const name of ["a", "b"]) {
      const replica = await f.client({ name });
      replica.serve(endpoint, async (request) => {
        answeredBy.push(name);
        return create(DescribeTaskReplySchema, { taskId: request.taskId });
      });
      await replica.nc.flush();
    }
    const caller = await f.client();
    for (let i = 0; i < 20; i++) assert.equal((await caller.request(endpoint, describeTask(`t${i}`))).taskId, `t${i}`);
    assert.equal(answeredBy.length, 20);
  });
});
