import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { decodeCursor } from "../domain/pagination.js";
import type { Frame } from "../domain/task.js";
import { TaskQueryService, type TaskQueryDeps } from "./task-query.service.js";

const frames: Frame[] = Array.from({ length: 5 }, (_, index) => ({
  taskId: "task-1",
  index,
  name: `${index}.png`,
  objectName: `sha256-${index}`,
  width: 8,
  height: 8,
  sizeBytes: 10,
}));
const unused = () => Promise.reject(new Error("not used here"));
const isBadInput = (e: unknown) => e instanceof AppError && e.code === ErrorCode.BadUserInput;

function serviceOver(asked: unknown[]): TaskQueryService {
  const tasks = {
    findById: unused,
    page: unused,
    count: unused,
    labelTrees: unused,
    videos: unused,
    framesPage: async (_tenantId: string, _taskId: string, first: number, after: { index: number } | null) => {
      asked.push({ first, after });
      const rest = frames.filter((f) => !after || f.index > after.index);
      return { rows: rest.slice(0, first), hasNextPage: rest.length > first };
    },
  } as TaskQueryDeps["tasks"];
  return new TaskQueryService({
    tasks,
    annotations: { page: unused, count: unused, elementsOf: unused },
    tracks: { page: unused, count: unused, keyframesOf: unused },
  });
}

describe("TaskQueryService pages", () => {
  it("gives each node a cursor the next request continues after", async () => {
    const asked: unknown[] = [];
    const queries = serviceOver(asked);
    const first = await queries.framesPage("t1", "task-1", { first: 2 });
    assert.deepEqual([first.edges.map((e) => e.node.index), first.hasNextPage], [[0, 1], true]);
    assert.deepEqual(decodeCursor("frame", first.edges[1].cursor), { index: 1 });
    const rest = await queries.framesPage("t1", "task-1", { first: 10, after: first.edges[1].cursor });
    assert.deepEqual([rest.edges.map((e) => e.node.index), rest.hasNextPage], [[2, 3, 4], false]);
    assert.deepEqual(asked, [
      { first: 2, after: null },
      { first: 10, after: { index: 1 } },
    ]);
  });

  it("refuses a bad page size or another connection's cursor with BAD_USER_INPUT, without reading", async () => {
    const asked: unknown[] = [];
    const queries = serviceOver(asked);
    await assert.rejects(queries.framesPage("t1", "task-1", { first: 501 }), isBadInput);
    const taskCursor = Buffer.from(JSON.stringify(["t1", 0, "00000000-0000-4000-8000-000000000000"])).toString("base64url");
    await assert.rejects(queries.framesPage("t1", "task-1", { after: taskCursor }), isBadInput);
    assert.deepEqual(asked, []);
  });
});
