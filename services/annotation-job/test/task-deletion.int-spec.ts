import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Contracts, create, ShapeType, TaskDeletedSchema } from "@prelabel/proto";
import { eventually, Harness } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { id } }`;
const JOB = `query Job($id: ID!) { autoAnnotationJob(id: $id) { id taskId task { id } status } }`;
const JOBS_OF_TASK = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id autoAnnotationJobs { id taskId task { id } } } } }`;

const A = `tenant-a-${randomUUID()}`;
const B = `tenant-b-${randomUUID()}`;
const labels = [{ id: `person-${randomUUID()}`, name: "person", type: ShapeType.RECTANGLE }];

describe("a job whose task was deleted (TaskDeleted, real PostgreSQL + NATS)", () => {
  let h: Harness;
  let model: string;

  before(async () => {
    h = await Harness.start();
    model = h.addModel({ labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
  });
  after(async () => {
    await h?.close();
  });

  const taskDeleted = (taskId: string, tenantId: string) =>
    h.peer.publish(Contracts.taskDeleted, create(TaskDeletedSchema, { taskId, tenantId }));
  const describesOf = (taskId: string, tenantId: string) =>
    h.describeTaskRequests.filter((r) => r.taskId === taskId && r.tenantId === tenantId).length;

  it("stays readable with task null and taskId kept, once describe-task confirms the task is gone; never for another tenant's word", async () => {
    const task = h.addTask({ labels, tenantId: A });
    const job = (await h.ok(START, { input: { taskId: task.id, modelId: model } }, A)).startAutoAnnotation;
    await h.takeInferFrames(job.id, 4);
    const other = h.addTask({ labels, tenantId: A });
    const untouched = (await h.ok(START, { input: { taskId: other.id, modelId: model } }, A)).startAutoAnnotation;

    // Another tenant announcing A's task id: describe-task answers B NOT_FOUND, and B has no job on it; A's job is untouched.
    const beforeB = describesOf(task.id, B);
    await taskDeleted(task.id, B);
    await eventually(async () => (describesOf(task.id, B) > beforeB ? true : undefined), 10_000, "B's check");

    // Announced while the delete has not committed (the task still answers): checked again until it is gone.
    const beforeA = describesOf(task.id, A);
    await taskDeleted(task.id, A);
    await eventually(async () => (describesOf(task.id, A) >= beforeA + 2 ? true : undefined), 15_000, "a second check of the task");
    assert.deepEqual((await h.ok(JOB, { id: job.id }, A)).autoAnnotationJob.task, { id: task.id }, "not marked while the task exists");

    h.tasks.delete(task.id);
    const read = await eventually(
      async () => {
        const r = await h.exec(JOB, { id: job.id }, A);
        return r.data?.autoAnnotationJob?.task === null ? r : undefined;
      },
      15_000,
      "task: null",
    );
    assert.equal(read.errors, undefined);
    assert.deepEqual({ ...read.data!.autoAnnotationJob }, { id: job.id, taskId: task.id, task: null, status: "RUNNING" });

    const listed = await h.ok(JOBS_OF_TASK, { r: [{ __typename: "Task", id: task.id }] }, A);
    assert.deepEqual(JSON.parse(JSON.stringify(listed._entities[0].autoAnnotationJobs)), [{ id: job.id, taskId: task.id, task: null }]);
    assert.deepEqual(
      (await h.ok(JOB, { id: untouched.id }, A)).autoAnnotationJob.task,
      { id: other.id },
      "other tasks' jobs keep their task",
    );
  });
});
