import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { nextStatus } from "./job-status.js";
import { stuckJobAction, SWEEPABLE_STATUSES } from "./stuck-job.js";

describe("stuckJobAction", () => {
  const policy = { maxCommitRedrives: 2 };

  it("fails a QUEUED job", () => {
    assert.deepEqual(stuckJobAction({ status: "QUEUED", redriveCount: 0 }, policy), { kind: "fail-dispatch" });
  });

  it("re-sends a commit, numbered, then discards after the last re-send", () => {
    assert.deepEqual(stuckJobAction({ status: "COMMITTING", redriveCount: 0 }, policy), { kind: "resend-commit", attempt: 1 });
    assert.deepEqual(stuckJobAction({ status: "COMMITTING", redriveCount: 1 }, policy), { kind: "resend-commit", attempt: 2 });
    assert.deepEqual(stuckJobAction({ status: "COMMITTING", redriveCount: 2 }, policy), { kind: "discard-stalled-commit", attempt: 3 });
  });

  it("re-sends a cancel", () => {
    assert.deepEqual(stuckJobAction({ status: "CANCELLING", redriveCount: 4 }, policy), { kind: "resend-discard", attempt: 5 });
  });

  it("leaves RUNNING and finished jobs alone", () => {
    for (const status of ["RUNNING", "COMPLETED", "FAILED", "CANCELLED"] as const) {
      assert.equal(stuckJobAction({ status, redriveCount: 0 }, policy), undefined, status);
      assert.ok(!SWEEPABLE_STATUSES.includes(status));
    }
  });

  it("a discarded COMMITTING job ends FAILED; a committed one COMPLETED", () => {
    assert.equal(nextStatus("COMMITTING", "discarded"), "FAILED");
    assert.equal(nextStatus("COMMITTING", "committed"), "COMPLETED");
  });
});
