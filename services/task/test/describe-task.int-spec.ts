import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Subscription } from "@nats-io/transport-node";
import { RemoteServiceError } from "@prelabel/messaging";
import { AttributeInputType, create, DescribeTaskRequestSchema, Endpoints, ShapeType } from "@prelabel/proto";
import { serveDescribeTask } from "../src/messaging/describe-task.endpoint.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { CREATE_TASK, createSchemaHarness, dataOf, SAMPLE_LABELS, type SchemaHarness } from "./support/harness.js";

let h: SchemaHarness;
let sub: Subscription;
let tasks: TaskRepository;

before(async () => {
  h = await createSchemaHarness();
  tasks = new TaskRepository(h.dataSource);
  sub = serveDescribeTask(h.messaging, tasks, (err) => console.error(err));
});

after(async () => {
  sub?.unsubscribe();
  await h?.cleanup();
});

const describeTask = (init: { taskId: string; frameStart?: number; frameStop?: number }) =>
  h.messaging.request(Endpoints.describeTask, create(DescribeTaskRequestSchema, init));

describe("task.v1.describe-task", () => {
  let task: any;

  before(async () => {
    task = dataOf(await h.exec(CREATE_TASK, { input: { name: "described", labels: SAMPLE_LABELS } })).createTask;
    await tasks.appendFrames(
      task.id,
      [0, 1, 2, 3].map((i) => ({ name: `f${i}.png`, objectName: `sha256-${String(i).repeat(64)}`, width: i === 2 ? null : 100 + i, height: i === 2 ? null : 50, sizeBytes: 10 })),
    );
  });

  it("describes labels with ids, attributes and sublabels, and every frame when no range is given", async () => {
    const reply = await describeTask({ taskId: task.id });
    assert.equal(reply.taskId, task.id);
    assert.equal(reply.name, "described");
    assert.equal(reply.size, 4);
    assert.deepEqual(reply.labels.map((l) => [l.id, l.name, l.type]), [
      [task.labels[0].id, "car", ShapeType.RECTANGLE],
      [task.labels[1].id, "person", ShapeType.SKELETON],
      [task.labels[2].id, "road", ShapeType.MASK],
    ]);
    const color = reply.labels[0].attributes[0];
    assert.deepEqual([color.name, color.inputType, color.values, color.defaultValue], ["color", AttributeInputType.SELECT, ["red", "blue"], "red"]);
    assert.equal(reply.labels[0].attributes[1].defaultValue, undefined);
    assert.deepEqual(reply.labels[1].sublabels.map((s) => [s.id, s.name, s.type]), task.labels[1].sublabels.map((s: any) => [s.id, s.name, ShapeType.POINTS]));
    assert.deepEqual(reply.frames.map((f) => f.index), [0, 1, 2, 3]);
  });

  it("limits frames to the inclusive range and reports unknown sizes as 0", async () => {
    const reply = await describeTask({ taskId: task.id, frameStart: 1, frameStop: 2 });
    assert.deepEqual(reply.frames.map((f) => [f.index, f.objectName.slice(0, 8), f.width, f.height]), [
      [1, "sha256-1", 101, 50],
      [2, "sha256-2", 0, 0],
    ]);
    assert.deepEqual((await describeTask({ taskId: task.id, frameStart: 3 })).frames.map((f) => f.index), [3]);
    assert.deepEqual((await describeTask({ taskId: task.id, frameStop: 0 })).frames.map((f) => f.index), [0]);
  });

  it("answers NOT_FOUND for an unknown or malformed task id", async () => {
    for (const taskId of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      await assert.rejects(describeTask({ taskId }), (err: unknown) => err instanceof RemoteServiceError && err.code === "NOT_FOUND");
    }
  });
});
