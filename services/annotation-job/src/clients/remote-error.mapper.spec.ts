import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RemoteServiceError } from "@prelabel/messaging";
import { toAppError } from "./remote-error.mapper.js";

describe("remote errors → AppError", () => {
  it("keeps NOT_FOUND with our own message", () => {
    const e = toAppError(new RemoteServiceError("NOT_FOUND", "no row"), "task service", "Task x was not found.");
    assert.deepEqual([e.code, e.message], ["NOT_FOUND", "Task x was not found."]);
  });
  it("turns timeouts, no responders and unknown remote failures into SERVICE_UNAVAILABLE", () => {
    for (const err of [
      new RemoteServiceError("SERVICE_UNAVAILABLE", "did not answer"),
      new RemoteServiceError("INTERNAL", "boom"),
      new Error("socket closed"),
    ]) {
      assert.equal(toAppError(err, "task service", "").code, "SERVICE_UNAVAILABLE");
    }
  });
  it("keeps the task's own range and empty codes", () => {
    assert.equal(toAppError(new RemoteServiceError("INVALID_FRAME_RANGE", "out"), "task service", "").code, "INVALID_FRAME_RANGE");
    assert.equal(toAppError(new RemoteServiceError("TASK_EMPTY", "empty"), "task service", "").code, "TASK_EMPTY");
  });
});
