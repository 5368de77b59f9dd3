import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isActive, isTerminal, JobStatuses, nextStatus, outcomeDisposition, type JobEvent } from "./job-status.js";

describe("job state machine", () => {
  it("runs the happy path", () => {
    assert.equal(nextStatus("QUEUED", "dispatched"), "RUNNING");
    assert.equal(nextStatus("RUNNING", "allFramesSettled"), "COMMITTING");
    assert.equal(nextStatus("COMMITTING", "committed"), "COMPLETED");
  });
  it("cancels from QUEUED and RUNNING, idempotently, but not while committing", () => {
    assert.equal(nextStatus("QUEUED", "cancelRequested"), "CANCELLING");
    assert.equal(nextStatus("RUNNING", "cancelRequested"), "CANCELLING");
    assert.equal(nextStatus("CANCELLING", "cancelRequested"), "CANCELLING");
    assert.equal(nextStatus("COMMITTING", "cancelRequested"), undefined);
    assert.equal(nextStatus("CANCELLING", "discarded"), "CANCELLED");
  });
  it("fails a job whose frames could not be dispatched", () => {
    assert.equal(nextStatus("QUEUED", "dispatchFailed"), "FAILED");
  });
  it("lets nothing leave a terminal status", () => {
    const events: JobEvent[] = ["dispatched", "dispatchFailed", "allFramesSettled", "cancelRequested", "committed", "discarded"];
    for (const s of ["COMPLETED", "FAILED", "CANCELLED"] as const) {
      assert.ok(isTerminal(s) && !isActive(s));
      for (const e of events) assert.equal(nextStatus(s, e), undefined, `${s} + ${e}`);
    }
  });
  it("ignores events that do not apply", () => {
    assert.equal(nextStatus("RUNNING", "committed"), undefined);
    assert.equal(nextStatus("QUEUED", "allFramesSettled"), undefined);
    assert.equal(nextStatus("RUNNING", "discarded"), undefined);
  });
  it("classifies every status as active xor terminal", () => {
    for (const s of JobStatuses) assert.notEqual(isActive(s), isTerminal(s), s);
  });
  it("records outcomes only while RUNNING, retries them while QUEUED", () => {
    assert.equal(outcomeDisposition("RUNNING"), "record");
    assert.equal(outcomeDisposition("QUEUED"), "retry-later");
    for (const s of ["COMMITTING", "COMPLETED", "FAILED", "CANCELLING", "CANCELLED"] as const) assert.equal(outcomeDisposition(s), "drop");
  });
});
