import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { TASK_DELETED_MAX_CHECKS, TaskDeletionService } from "./task-deletion.service.js";

function setup(describeTask: () => Promise<unknown>) {
  const marked: [string, string][] = [];
  const evaluationsDeleted: [string, string][] = [];
  const service = new TaskDeletionService({
    jobs: { markTaskDeleted: async (tenantId, taskId) => (marked.push([tenantId, taskId]), 2) },
    tasks: { describeTask: describeTask as never },
    evaluations: { deleteByTask: async (tenantId, taskId) => (evaluationsDeleted.push([tenantId, taskId]), 3) },
  });
  return { service, marked, evaluationsDeleted };
}

describe("TaskDeletionService", () => {
  it("marks the tenant's jobs and deletes its evaluations once describe-task answers NOT_FOUND", async () => {
    const { service, marked, evaluationsDeleted } = setup(() => Promise.reject(new AppError(ErrorCode.NotFound, "gone")));
    assert.deepEqual(await service.onTaskDeleted("t1", "task-1", 1), { kind: "recorded", jobs: 2, evaluations: 3 });
    assert.deepEqual(marked, [["t1", "task-1"]]);
    assert.deepEqual(evaluationsDeleted, [["t1", "task-1"]]);
  });

  it("checks again while the task exists, and drops the announcement after the last check (its delete rolled back)", async () => {
    const { service, marked, evaluationsDeleted } = setup(async () => ({ id: "task-1" }));
    assert.equal((await service.onTaskDeleted("t1", "task-1", 1)).kind, "retry");
    assert.equal((await service.onTaskDeleted("t1", "task-1", TASK_DELETED_MAX_CHECKS - 1)).kind, "retry");
    assert.equal((await service.onTaskDeleted("t1", "task-1", TASK_DELETED_MAX_CHECKS)).kind, "dropped");
    assert.deepEqual(marked, []);
    assert.deepEqual(evaluationsDeleted, []);
  });

  it("retries, without marking, while the task service does not answer", async () => {
    const { service, marked } = setup(() => Promise.reject(new AppError(ErrorCode.ServiceUnavailable, "down")));
    const result = await service.onTaskDeleted("t1", "task-1", TASK_DELETED_MAX_CHECKS + 5);
    assert.equal(result.kind, "retry");
    assert.deepEqual(marked, []);
  });
});
