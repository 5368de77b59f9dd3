import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, before, describe, it } from "node:test";
import { Upload } from "graphql-upload-minimal";
import { objectNameOf } from "../src/domain/frame-object.js";
import { AnnotationRepository } from "../src/persistence/annotation.repository.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { callerOf, SELF_HOSTED_CALLER } from "./support/callers.js";
import {
  CREATE_TASK,
  createSchemaHarness,
  dataOf,
  errorCodes,
  makeImage,
  makeTempDir,
  SAMPLE_LABELS,
  type SchemaHarness,
} from "./support/harness.js";

const A = callerOf("tenant-a");
const B = callerOf("tenant-b");

const TASK = `query ($id: ID!) { task(id: $id) {
  id name size labels { name sublabels { name } }
  frames { totalCount edges { node { index name } } }
  annotations { totalCount edges { node { frame type label { name } elements { label { name } points } } } } } }`;
const TASKS = `{ tasks(first: 50) { totalCount edges { node { id } } } }`;
const ENTITIES = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id name } } }`;
const IMPORT = `mutation ($taskId: ID!, $path: String!) { importFrames(taskId: $taskId, serverPath: $path) { id size } }`;
const ADD = `mutation ($taskId: ID!, $files: [Upload!]!) { addFrames(taskId: $taskId, files: $files) { id size } }`;
const DELETE = `mutation ($id: ID!) { deleteTask(id: $id) }`;

let h: SchemaHarness;
let importDir: Awaited<ReturnType<typeof makeTempDir>>;
let image: Buffer;
let taskA: { id: string; labels: { id: string; name: string; sublabels: { id: string }[] }[] };

/** What A's task holds, as A reads it (compared before and after B's attempts). */
const viewOfA = async () => dataOf(await h.execAs(A, TASK, { id: taskA.id })).task;

function upload(name: string, bytes: Buffer): Upload {
  // What processRequest does for a multipart request (`resolve` is set at runtime, not in the typings).
  const file = new Upload() as Upload & { resolve(file: unknown): void };
  file.resolve({
    filename: name,
    mimetype: "image/png",
    encoding: "7bit",
    fieldName: "files",
    createReadStream: () => Readable.from([bytes]),
  });
  return file;
}

async function countRows(table: string, taskId: string): Promise<number> {
  const rows: { n: string }[] = await h.dataSource.query(`SELECT count(*) AS n FROM "task"."${table}" WHERE "task_id" = $1`, [taskId]);
  return Number(rows[0].n);
}

before(async () => {
  importDir = await makeTempDir("task-tenancy-");
  h = await createSchemaHarness({ importRoot: importDir.path });
  image = await makeImage(16, 12);
  await mkdir(join(importDir.path, "set"));
  await writeFile(join(importDir.path, "set", "a.png"), image);
  await writeFile(join(importDir.path, "set", "b.png"), await makeImage(8, 8, "png", "#cc3366"));

  taskA = dataOf(await h.execAs(A, CREATE_TASK, { input: { name: "a-streets", labels: SAMPLE_LABELS } })).createTask;
  assert.equal(dataOf(await h.execAs(A, IMPORT, { taskId: taskA.id, path: "set" })).importFrames.size, 2);
  const [car, person] = taskA.labels;
  await h.dataSource.query(
    `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "source") VALUES (gen_random_uuid(), $1, 0, $2, 'RECTANGLE', '{1,2,3,4}', 'MANUAL')`,
    [taskA.id, car.id],
  );
  const skeleton: { id: string }[] = await h.dataSource.query(
    `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "source") VALUES (gen_random_uuid(), $1, 1, $2, 'SKELETON', 'MANUAL') RETURNING "id"`,
    [taskA.id, person.id],
  );
  await h.dataSource.query(
    `INSERT INTO "task"."annotation" ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "source") VALUES (gen_random_uuid(), $1, $2, 1, $3, 'POINTS', '{5,6}', 'MANUAL')`,
    [taskA.id, skeleton[0].id, person.sublabels[0].id],
  );
});

after(async () => {
  await h?.cleanup();
  await importDir?.remove();
});

describe("tenant-scoped task API", () => {
  it("a tenant sees its own task with its labels, frames and annotations", async () => {
    const task = await viewOfA();
    assert.equal(task.name, "a-streets");
    assert.equal(task.size, 2);
    assert.deepEqual(
      task.labels.map((l: { name: string }) => l.name),
      ["car", "person", "road"],
    );
    assert.deepEqual(
      task.frames.edges.map((e: { node: { name: string } }) => e.node.name),
      ["a.png", "b.png"],
    );
    assert.equal(task.annotations.totalCount, 2);
    assert.deepEqual(task.annotations.edges[1].node.elements, [{ label: { name: "head" }, points: [5, 6] }]);
    const listed = dataOf(await h.execAs(A, TASKS)).tasks;
    assert.deepEqual(
      listed.edges.map((e: { node: { id: string } }) => e.node.id),
      [taskA.id],
    );
    assert.equal(listed.totalCount, 1);
    assert.deepEqual(dataOf(await h.execAs(A, ENTITIES, { r: [{ __typename: "Task", id: taskA.id }] }))._entities, [
      { id: taskA.id, name: "a-streets" },
    ]);
  });

  it("another tenant's tasks, task(id) and Task references are empty or null", async () => {
    assert.deepEqual(dataOf(await h.execAs(B, TASKS)).tasks, { totalCount: 0, edges: [] });
    assert.equal(dataOf(await h.execAs(B, TASK, { id: taskA.id })).task, null);
    assert.deepEqual(dataOf(await h.execAs(B, ENTITIES, { r: [{ __typename: "Task", id: taskA.id }] }))._entities, [null]);
  });

  it("another tenant's writes on the task answer NOT_FOUND and change nothing", async () => {
    const before = await viewOfA();
    assert.deepEqual(errorCodes(await h.execAs(B, ADD, { taskId: taskA.id, files: [upload("x.png", image)] })), ["NOT_FOUND"]);
    assert.deepEqual(errorCodes(await h.execAs(B, IMPORT, { taskId: taskA.id, path: "set" })), ["NOT_FOUND"]);
    assert.deepEqual(errorCodes(await h.execAs(B, DELETE, { id: taskA.id })), ["NOT_FOUND"]);
    assert.deepEqual(await viewOfA(), before);
    assert.equal(await countRows("frame", taskA.id), 2);
    assert.equal(await countRows("annotation", taskA.id), 3);
    assert.equal(await countRows("label", taskA.id), 5);
  });

  it("the repositories read nothing of another tenant's task, even by its ids", async () => {
    const tasks = new TaskRepository(h.dataSource);
    const annotations = new AnnotationRepository(h.dataSource);
    assert.equal(await tasks.findById("tenant-b", taskA.id), null);
    assert.deepEqual((await tasks.labelTrees("tenant-b", [taskA.id])).get(taskA.id), []);
    assert.equal((await tasks.labelTrees("tenant-a", [taskA.id])).get(taskA.id)?.length, 3);
    assert.deepEqual((await tasks.framesPage("tenant-b", taskA.id, 10, null)).rows, []);
    assert.equal(await tasks.appendFrames("tenant-b", taskA.id, []), null);
    assert.deepEqual((await annotations.page("tenant-b", taskA.id, null, 10, null)).rows, []);
    assert.equal(await annotations.count("tenant-b", taskA.id, null), 0);
    const [skeleton] = (await annotations.page("tenant-a", taskA.id, 1, 10, null)).rows;
    assert.equal((await annotations.elementsOf("tenant-a", [skeleton.id])).get(skeleton.id)?.length, 1);
    assert.deepEqual((await annotations.elementsOf("tenant-b", [skeleton.id])).get(skeleton.id), []);
  });

  it("createTask stores the caller's tenant; each tenant lists only its own", async () => {
    const taskB = dataOf(
      await h.execAs(B, CREATE_TASK, { input: { name: "b-fields", labels: [{ name: "cow", type: "RECTANGLE" }] } }),
    ).createTask;
    const [row]: { tenant_id: string }[] = await h.dataSource.query(`SELECT "tenant_id" FROM "task"."task" WHERE "id" = $1`, [taskB.id]);
    assert.equal(row.tenant_id, "tenant-b");
    assert.deepEqual(
      dataOf(await h.execAs(B, TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id),
      [taskB.id],
    );
    assert.deepEqual(
      dataOf(await h.execAs(A, TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id),
      [taskA.id],
    );
    assert.equal(dataOf(await h.execAs(A, TASK, { id: taskB.id })).task, null);
    assert.deepEqual(errorCodes(await h.execAs(A, DELETE, { id: taskB.id })), ["NOT_FOUND"]);
    assert.equal(dataOf(await h.execAs(B, DELETE, { id: taskB.id })).deleteTask, true);
  });

  it("a task row must name its tenant; the default tenant's rows (self-hosted, and those from before tenancy) are not others'", async () => {
    await assert.rejects(h.dataSource.query(`INSERT INTO "task"."task" ("name") VALUES ('no tenant')`), /null value in column "tenant_id"/);
    const [row]: { id: string; tenant_id: string }[] = await h.dataSource.query(
      `INSERT INTO "task"."task" ("name", "tenant_id") VALUES ('legacy', 'default') RETURNING "id", "tenant_id"`,
    );
    assert.equal(dataOf(await h.execAs(SELF_HOSTED_CALLER, TASK, { id: row.id })).task.name, "legacy");
    assert.deepEqual(
      dataOf(await h.exec(TASKS)).tasks.edges.map((e: { node: { id: string } }) => e.node.id),
      [row.id],
    );
    assert.equal(dataOf(await h.execAs(A, TASK, { id: row.id })).task, null);
  });

  it("frame bytes shared by two tenants stay until no task of any tenant uses them", async () => {
    const taskB = dataOf(
      await h.execAs(B, CREATE_TASK, { input: { name: "b-same-bytes", labels: [{ name: "car", type: "RECTANGLE" }] } }),
    ).createTask;
    assert.equal(dataOf(await h.execAs(B, ADD, { taskId: taskB.id, files: [upload("same.png", image)] })).addFrames.size, 1);
    const shared = objectNameOf(image);
    assert.equal(dataOf(await h.execAs(A, DELETE, { id: taskA.id })).deleteTask, true);
    assert.equal(await h.frameStore.has(shared), true, "B's frame still uses the bytes");
    assert.equal(dataOf(await h.execAs(B, DELETE, { id: taskB.id })).deleteTask, true);
    assert.equal(await h.frameStore.has(shared), false);
  });
});
