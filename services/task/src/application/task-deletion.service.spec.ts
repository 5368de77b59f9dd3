import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { TaskDeletionService } from "./task-deletion.service.js";

/** Records what the use case asks of its ports, in order. */
function setup(rows: string[] | null, announce: () => Promise<void> = async () => undefined) {
  const calls: string[] = [];
  const service = new TaskDeletionService({
    tasks: {
      delete: async (tenantId, taskId, beforeCommit = async () => undefined) => {
        calls.push(`delete ${tenantId}/${taskId}`);
        if (rows) await beforeCommit();
        calls.push("commit");
        return rows;
      },
    },
    collector: {
      collect: async (names) => {
        calls.push(`collect ${[...names].join(",")}`);
        return [...names];
      },
    },
    announceTaskDeleted: async (tenantId, taskId) => {
      calls.push(`announce ${tenantId}/${taskId}`);
      await announce();
    },
  });
  return { service, calls };
}

describe("TaskDeletionService", () => {
  it("deletes the rows and announces inside the transaction, then collects the bytes they used", async () => {
    const { service, calls } = setup(["sha256-a", "sha256-b"]);
    await service.delete("t1", "task-1");
    assert.deepEqual(calls, ["delete t1/task-1", "announce t1/task-1", "commit", "collect sha256-a,sha256-b"]);
  });

  it("is NOT_FOUND for a task the tenant does not have, and touches no bytes", async () => {
    const { service, calls } = setup(null);
    await assert.rejects(service.delete("t1", "gone"), (e: unknown) => e instanceof AppError && e.code === ErrorCode.NotFound);
    assert.deepEqual(calls, ["delete t1/gone", "commit"]);
  });

  it("collects nothing when the announcement fails (the delete rolls back)", async () => {
    const { service, calls } = setup(["sha256-a"], () => Promise.reject(new Error("nats down")));
    await assert.rejects(service.delete("t1", "task-1"), /nats down/);
    assert.equal(
      calls.some((c) => c.startsWith("collect")),
      false,
    );
  });
});
