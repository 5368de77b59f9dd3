import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { JobStatus } from "./job-status.js";
import { batchStatus, checkBatchTasks, inTaskOrder, summarizeBatch } from "./job-batch.js";

const t0 = new Date("2026-01-01T00:00:00.000Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

function job(
  status: JobStatus,
  framesTotal: number,
  framesDone: number,
  framesFailed = 0,
  startedAt: Date | null = t0,
  finishedAt: Date | null = null,
  needsReviewCount = 0,
) {
  return { status, framesTotal, framesDone, framesFailed, startedAt, finishedAt, needsReviewCount };
}

const statuses = (...s: JobStatus[]) => batchStatus(s.map((status) => ({ status })));

describe("batchStatus", () => {
  it("is RUNNING while any job is active, whatever the others are", () => {
    for (const active of ["QUEUED", "RUNNING", "COMMITTING", "CANCELLING"] as const) {
      assert.equal(statuses("COMPLETED", active, "FAILED"), "RUNNING", active);
    }
  });
  it("is COMPLETED only when every job completed", () => {
    assert.equal(statuses("COMPLETED", "COMPLETED", "COMPLETED"), "COMPLETED");
  });
  it("is PARTIAL when some jobs completed and others failed or were cancelled", () => {
    assert.equal(statuses("COMPLETED", "FAILED"), "PARTIAL");
    assert.equal(statuses("CANCELLED", "COMPLETED"), "PARTIAL");
    assert.equal(statuses("COMPLETED", "CANCELLED", "FAILED"), "PARTIAL");
  });
  it("is CANCELLED when every job was cancelled, FAILED when none completed and one failed", () => {
    assert.equal(statuses("CANCELLED", "CANCELLED"), "CANCELLED");
    assert.equal(statuses("FAILED", "FAILED"), "FAILED");
    assert.equal(statuses("CANCELLED", "FAILED"), "FAILED");
  });
});

describe("checkBatchTasks", () => {
  it("accepts 1..max distinct ids", () => {
    assert.equal(checkBatchTasks(["a"], 3), undefined);
    assert.equal(checkBatchTasks(["a", "b", "c"], 3), undefined);
  });
  it("refuses an empty list, more than max, and an id given twice (naming it)", () => {
    assert.equal(checkBatchTasks([], 3)?.reason, "EMPTY");
    assert.deepEqual(checkBatchTasks(["a", "b", "c", "d"], 3), {
      reason: "TOO_MANY",
      message: "A batch has at most 3 tasks (got 4).",
      max: 3,
      count: 4,
    });
    const dup = checkBatchTasks(["a", "b", "a", "c", "b"], 10);
    assert.equal(dup?.reason, "DUPLICATE");
    assert.deepEqual(dup?.reason === "DUPLICATE" && dup.taskIds, ["a", "b"]);
  });
});

describe("summarizeBatch", () => {
  it("sums the counts and paces the batch from its first job's start", () => {
    const s = summarizeBatch([job("RUNNING", 10, 4, 1, t0), job("RUNNING", 20, 5, 0, at(1_000)), job("QUEUED", 6, 0, 0, null)], at(5_000));
    assert.equal(s.status, "RUNNING");
    assert.deepEqual([s.framesTotal, s.framesDone, s.framesFailed], [36, 9, 1]);
    // 10 settled in 5 s = 2 fps; 26 still to come = 13 s.
    assert.equal(s.fps, 2);
    assert.equal(s.etaSeconds, 13);
    assert.equal(s.finishedAt, null);
  });

  it("does not wait for the unsettled frames of a job that ended", () => {
    const s = summarizeBatch([job("CANCELLED", 100, 10, 0, t0, at(2_000)), job("RUNNING", 10, 0, 0, t0)], at(4_000));
    // 10 settled in 4 s = 2.5 fps; only the running job's 10 frames are to come = 4 s.
    assert.equal(s.fps, 2.5);
    assert.equal(s.etaSeconds, 4);
  });

  it("is unknown before any frame settled", () => {
    const s = summarizeBatch([job("RUNNING", 10, 0, 0, t0), job("QUEUED", 5, 0, 0, null)], at(3_000));
    assert.equal(s.fps, null);
    assert.equal(s.etaSeconds, null);
  });

  it("once final: paced until its last job ended, eta 0, finishedAt the last job's end", () => {
    const s = summarizeBatch(
      [
        job("COMPLETED", 8, 8, 0, t0, at(2_000), 3),
        job("FAILED", 4, 1, 1, at(500), at(4_000)),
        job("CANCELLED", 9, 0, 0, null, at(1_000)),
        job("COMPLETED", 1, 1, 0, t0, at(1_500), 2),
      ],
      at(60_000),
    );
    assert.equal(s.status, "PARTIAL");
    assert.deepEqual([s.framesTotal, s.framesDone, s.framesFailed, s.needsReviewCount], [22, 10, 1, 5]);
    assert.equal(s.fps, 2.75);
    assert.equal(s.etaSeconds, 0);
    assert.deepEqual(s.finishedAt, at(4_000));
  });
});

describe("inTaskOrder", () => {
  it("lists the jobs in the order the tasks were asked for", () => {
    const jobs = [{ taskId: "c" }, { taskId: "a" }, { taskId: "b" }];
    assert.deepEqual(
      inTaskOrder(["a", "b", "c"], jobs).map((j) => j.taskId),
      ["a", "b", "c"],
    );
  });
});
