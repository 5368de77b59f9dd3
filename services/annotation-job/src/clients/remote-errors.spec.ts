import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RemoteServiceError } from "@prelabel/messaging";
import { create, DescribeTaskReplySchema, ShapeType, AttributeInputType } from "@prelabel/proto";
import { AppError } from "@prelabel/service-kit";
import { toAppError } from "./remote-errors.js";
import { NatsTaskDirectory } from "./task-directory.client.js";

describe("describe-endpoint errors", () => {
  it("keeps NOT_FOUND with our own message", () => {
    const e = toAppError(new RemoteServiceError("NOT_FOUND", "no row"), "task service", "Task x was not found.");
    assert.deepEqual([e.code, e.message], ["NOT_FOUND", "Task x was not found."]);
  });
  it("turns timeouts, no responders and unknown remote failures into SERVICE_UNAVAILABLE", () => {
    for (const err of [new RemoteServiceError("SERVICE_UNAVAILABLE", "did not answer"), new RemoteServiceError("INTERNAL", "boom"), new Error("socket closed")]) {
      assert.equal(toAppError(err, "task service", "").code, "SERVICE_UNAVAILABLE");
    }
  });
  it("keeps the task's own range and empty codes", () => {
    assert.equal(toAppError(new RemoteServiceError("INVALID_FRAME_RANGE", "out"), "task service", "").code, "INVALID_FRAME_RANGE");
    assert.equal(toAppError(new RemoteServiceError("TASK_EMPTY", "empty"), "task service", "").code, "TASK_EMPTY");
  });
});

describe("NatsTaskDirectory", () => {
  it("translates the reply into domain labels and passes the range on", async () => {
    const requests: unknown[] = [];
    const directory = new NatsTaskDirectory({
      request: (async (_endpoint: unknown, request: unknown) => {
        requests.push(request);
        return create(DescribeTaskReplySchema, {
          taskId: "t",
          size: 2,
          labels: [{ id: "1", name: "car", type: ShapeType.MASK, attributes: [{ name: "c", inputType: AttributeInputType.RADIO, values: ["a"] }] }],
          frames: [{ index: 1, objectName: "sha256-1" }],
        });
      }) as never,
    });
    const task = await directory.describeTask("t", { start: 1, stop: 1 });
    assert.deepEqual(task.labels, [{ id: "1", name: "car", type: "MASK", attributes: [{ name: "c", inputType: "RADIO", values: ["a"] }], sublabels: [] }]);
    assert.deepEqual(task.frames, [{ index: 1, objectName: "sha256-1" }]);
    assert.deepEqual([(requests[0] as { frameStart?: number }).frameStart, (requests[0] as { frameStop?: number }).frameStop], [1, 1]);
  });
  it("maps a failed request to an AppError", async () => {
    const directory = new NatsTaskDirectory({ request: (async () => Promise.reject(new RemoteServiceError("NOT_FOUND", "x"))) as never });
    await assert.rejects(directory.describeTask("t"), (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND");
  });
});
