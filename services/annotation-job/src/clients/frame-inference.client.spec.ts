import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RemoteServiceError, type Messaging } from "@prelabel/messaging";
import {
  create,
  FrameFailedSchema,
  FrameFailureCode,
  FrameInferredSchema,
  InferFrameReplySchema,
  InferFrameSchema,
  type InferFrameReply,
  type InferFrameRequest,
} from "@prelabel/proto";
import { NatsFrameInference } from "./frame-inference.client.js";

const message = create(InferFrameSchema, { taskId: "t1", tenantId: "tenant-a", frame: 3, frameObject: "obj" });
const busy = () =>
  create(InferFrameReplySchema, {
    outcome: { case: "failed", value: create(FrameFailedSchema, { frame: 3, code: FrameFailureCode.WORKER_BUSY }) },
  });
const inferred = () =>
  create(InferFrameReplySchema, {
    outcome: { case: "inferred", value: create(FrameInferredSchema, { frame: 3, shapes: [{ labelId: "l" }] }) },
    decodeMs: 2,
    inferenceMs: 30,
  });

/** A Messaging whose request answers (or throws) from `answers`, one per call, recording what was asked. */
function messaging(answers: (() => InferFrameReply)[]) {
  const asked: { request: InferFrameRequest; timeoutMs: number | undefined }[] = [];
  const m = {
    request: (_endpoint: unknown, request: InferFrameRequest, timeoutMs?: number) => {
      asked.push({ request, timeoutMs });
      const next = answers.shift();
      if (!next) return Promise.reject(new Error("no more answers"));
      // An answer that throws rejects the request, as Messaging.request does.
      return new Promise<InferFrameReply>((resolve) => resolve(next()));
    },
  } as unknown as Pick<Messaging, "request">;
  return { m, asked };
}

describe("NatsFrameInference", () => {
  it("asks again after WORKER_BUSY and returns the shapes with the worker's timing", async () => {
    const { m, asked } = messaging([busy, busy, inferred]);
    const result = await new NatsFrameInference(m).infer(message, { timeoutMs: 10_000 });
    assert.ok(result.ok);
    assert.equal(result.inferred.shapes.length, 1);
    assert.deepEqual([result.decodeMs, result.inferenceMs], [2, 30]);
    assert.equal(asked.length, 3);
    for (const a of asked) {
      assert.equal(a.request.frame?.frame, 3);
      // The worker is given less than the client waits, so its own INFERENCE_TIMEOUT can still arrive.
      assert.ok(a.timeoutMs !== undefined && a.request.timeoutMs < a.timeoutMs, JSON.stringify([a.request.timeoutMs, a.timeoutMs]));
    }
  });

  it("a worker's failure is returned as it is", async () => {
    const notImage = () =>
      create(InferFrameReplySchema, {
        outcome: { case: "failed", value: create(FrameFailedSchema, { frame: 3, code: FrameFailureCode.NOT_AN_IMAGE, reason: "x" }) },
      });
    const result = await new NatsFrameInference(messaging([notImage]).m).infer(message, { timeoutMs: 1_000 });
    assert.ok(!result.ok && result.failed.code === FrameFailureCode.NOT_AN_IMAGE);
  });

  it("no responders is MODEL_UNAVAILABLE, a request timeout INFERENCE_TIMEOUT, another remote error INFERENCE_ERROR: never a throw", async () => {
    const noResponders = () => {
      const cause = Object.assign(new Error("no responders"), { name: "RequestError", isNoResponders: () => true });
      throw new RemoteServiceError("SERVICE_UNAVAILABLE", "did not answer", { cause });
    };
    const timeout = () => {
      throw new RemoteServiceError("SERVICE_UNAVAILABLE", "did not answer", {
        cause: Object.assign(new Error("timeout"), { name: "TimeoutError" }),
      });
    };
    const internal = () => {
      throw new RemoteServiceError("INTERNAL", "internal error");
    };
    const codes = [];
    for (const answer of [noResponders, timeout, internal]) {
      const result = await new NatsFrameInference(messaging([answer]).m).infer(message, { timeoutMs: 1_000 });
      assert.ok(!result.ok);
      assert.deepEqual([result.failed.frame, result.failed.taskId, result.failed.tenantId], [3, "t1", "tenant-a"]);
      codes.push(result.failed.code);
    }
    assert.deepEqual(codes, [FrameFailureCode.MODEL_UNAVAILABLE, FrameFailureCode.INFERENCE_TIMEOUT, FrameFailureCode.INFERENCE_ERROR]);
  });

  it("a worker that stays busy past the deadline is INFERENCE_TIMEOUT, after a bounded number of tries", async () => {
    const { m, asked } = messaging(Array.from({ length: 1_000 }, () => busy));
    const result = await new NatsFrameInference(m).infer(message, { timeoutMs: 300 });
    assert.ok(!result.ok && result.failed.code === FrameFailureCode.INFERENCE_TIMEOUT);
    assert.ok(asked.length < 20, `${asked.length} tries`);
  });

  it("an aborted signal stops at once", async () => {
    const aborted = new AbortController();
    aborted.abort();
    const { m, asked } = messaging([inferred]);
    const result = await new NatsFrameInference(m).infer(message, { timeoutMs: 1_000, signal: aborted.signal });
    assert.ok(!result.ok && result.failed.code === FrameFailureCode.INFERENCE_TIMEOUT);
    assert.equal(asked.length, 0);
  });
});
