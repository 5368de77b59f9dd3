import assert from "node:assert/strict";
import { mkdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DEFAULT_LABEL_SCHEMA_LIMITS } from "../src/domain/label-schema.js";
import { taskDeletedAnnouncer } from "../src/messaging/publishers/task-events.publisher.js";
import { ack, handler } from "@prelabel/messaging";
import { Consumers, Contracts } from "@prelabel/proto";
import { createTaskUseCases, type TaskUseCaseDeps } from "../src/app.js";
import { buildTaskSubgraph } from "../src/subgraph.js";
import {
  CREATE_TASK,
  createSchemaHarness,
  dataOf,
  errorCodes,
  errorMessages,
  makeImage,
  makeTempDir,
  SAMPLE_LABELS,
  TEST_EXPORT_SETTINGS,
  type SchemaHarness,
} from "./support/harness.js";
import { SELF_HOSTED_CALLER } from "./support/callers.js";
import { graphql, type ExecutionResult } from "graphql";

let h: SchemaHarness;
let importDir: Awaited<ReturnType<typeof makeTempDir>>;
let outsideDir: Awaited<ReturnType<typeof makeTempDir>>;

before(async () => {
  importDir = await makeTempDir("task-import-");
  outsideDir = await makeTempDir("task-outside-");
  h = await createSchemaHarness({ importRoot: importDir.path });
});

after(async () => {
  await h?.cleanup();
  await importDir?.remove();
  await outsideDir?.remove();
});

const ONE_LABEL = [{ name: "car", type: "RECTANGLE" }];
/** For schemas built only to create tasks or import frames. */
const NO_DELETES = () => Promise.reject(new Error("this schema deletes no task"));

/** Runs operations (as the self-hosted caller) on a second schema over the same database and frames, built with other options. */
async function execWith(
  options: Partial<TaskUseCaseDeps>,
): Promise<(source: string, variableValues: Record<string, unknown>) => Promise<ExecutionResult<Record<string, any>>>> {
  const schema = await buildTaskSubgraph(
    createTaskUseCases({
      dataSource: h.dataSource,
      frameStore: h.frameStore,
      maxUploadBytes: 1_000_000,
      maxFramePixels: 1e6,
      announceTaskDeleted: NO_DELETES,
      exports: TEST_EXPORT_SETTINGS,
      ...options,
    }),
  );
  return (source, variableValues) =>
    graphql({ schema, source, variableValues, contextValue: { ...SELF_HOSTED_CALLER } }) as Promise<ExecutionResult<Record<string, any>>>;
}

async function createTask(name: string, labels: unknown[] = SAMPLE_LABELS) {
  return dataOf(await h.exec(CREATE_TASK, { input: { name, labels } })).createTask;
}

async function countRows(table: string, taskId: string): Promise<number> {
  const rows: { n: string }[] = await h.dataSource.query(`SELECT count(*) AS n FROM "task"."${table}" WHERE "task_id" = $1`, [taskId]);
  return Number(rows[0].n);
}

describe("createTask and task", () => {
  it("stores the label tree with ids and reads it back", async () => {
    const task = await createTask("  streets  ");
    assert.equal(task.name, "streets");
    assert.equal(task.size, 0);
    assert.ok(!Number.isNaN(Date.parse(task.createdAt)));
    assert.deepEqual(
      task.labels.map((l: { name: string }) => l.name),
      ["car", "person", "road"],
    );
    const [car, person] = task.labels;
    assert.deepEqual(car.attributes, [
      { name: "color", inputType: "SELECT", values: ["red", "blue"], defaultValue: "red" },
      { name: "speed", inputType: "NUMBER", values: ["0", "200", "1"], defaultValue: null },
    ]);
    assert.deepEqual(
      person.sublabels.map((s: { name: string; type: string }) => [s.name, s.type]),
      [
        ["head", "POINTS"],
        ["foot", "POINTS"],
      ],
    );
    assert.ok(person.sublabels.every((s: { id: string }) => /^[0-9a-f-]{36}$/.test(s.id)));

    const again = dataOf(await h.exec(`query ($id: ID!) { task(id: $id) { id name labels { id sublabels { id } } } }`, { id: task.id }));
    assert.equal(again.task.id, task.id);
    assert.deepEqual(
      again.task.labels.map((l: { id: string }) => l.id),
      task.labels.map((l: { id: string }) => l.id),
    );
  });

  it("answers null for unknown or malformed ids", async () => {
    const r = dataOf(await h.exec(`{ a: task(id: "00000000-0000-4000-8000-000000000000") { id } b: task(id: "nope") { id } }`));
    assert.deepEqual(r, { a: null, b: null });
  });

  it("rejects invalid label schemas with INVALID_LABEL_SCHEMA and stores nothing", async () => {
    const before = dataOf(await h.exec(`{ tasks(first: 0) { totalCount } }`)).tasks.totalCount;
    const cases: unknown[][] = [
      [
        { name: "Car", type: "RECTANGLE" },
        { name: "car ", type: "POLYGON" },
      ],
      [{ name: "", type: "TAG" }],
      [{ name: "person", type: "SKELETON" }],
      [{ name: "person", type: "SKELETON", sublabels: [{ name: "box", type: "RECTANGLE" }] }],
      [{ name: "car", type: "RECTANGLE", attributes: [{ name: "kind", inputType: "SELECT", values: [] }] }],
      [{ name: "car", type: "RECTANGLE", attributes: [{ name: "speed", inputType: "NUMBER", values: ["0", "fast", "1"] }] }],
      [{ name: "car", type: "RECTANGLE", attributes: [{ name: "color", inputType: "RADIO", values: ["red"], defaultValue: "green" }] }],
    ];
    for (const labels of cases) {
      const result = await h.exec(CREATE_TASK, { input: { name: "bad", labels } });
      assert.deepEqual(errorCodes(result), ["INVALID_LABEL_SCHEMA"], JSON.stringify(labels));
      assert.match(errorMessages(result)[0], /labels\[/);
    }
    const noName = await h.exec(CREATE_TASK, { input: { name: "   ", labels: ONE_LABEL } });
    assert.deepEqual(errorCodes(noName), ["BAD_USER_INPUT"]);
    // No run could use a task without labels.
    const noLabels = await h.exec(CREATE_TASK, { input: { name: "no-labels", labels: [] } });
    assert.deepEqual(errorCodes(noLabels), ["INVALID_LABEL_SCHEMA"]);
    assert.equal(errorMessages(noLabels)[0], "Invalid label schema: labels: a task needs at least one label");
    // Variable coercion fails before any resolver runs (over HTTP, Apollo marks it BAD_USER_INPUT).
    const badEnum = await h.exec(CREATE_TASK, { input: { name: "x", labels: [{ name: "a", type: "CIRCLE" }] } });
    assert.match(badEnum.errors?.[0]?.message ?? "", /does not exist in "ShapeType" enum/);
    assert.equal(dataOf(await h.exec(`{ tasks(first: 0) { totalCount } }`)).tasks.totalCount, before);
  });

  it("resolves Task references for the gateway", async () => {
    const task = await createTask("federated", ONE_LABEL);
    const r = dataOf(
      await h.exec(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Task { id name size } } }`, {
        r: [
          { __typename: "Task", id: task.id },
          { __typename: "Task", id: "00000000-0000-4000-8000-000000000000" },
        ],
      }),
    );
    assert.deepEqual(r._entities, [{ id: task.id, name: "federated", size: 0 }, null]);
  });
});

describe("tasks pagination", () => {
  it("pages newest first with opaque cursors and counts the total", async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await createTask(`page-${i}`, ONE_LABEL)).id);
    const total = dataOf(await h.exec(`{ tasks(first: 0) { totalCount pageInfo { hasNextPage endCursor } edges { cursor } } }`)).tasks;
    assert.ok(total.totalCount >= 5);
    assert.equal(total.pageInfo.hasNextPage, true);
    assert.equal(total.pageInfo.endCursor, null);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = dataOf(
        await h.exec(
          `query ($after: String) { tasks(first: 2, after: $after) { edges { cursor node { id name } } pageInfo { hasNextPage hasPreviousPage endCursor } } }`,
          {
            after: cursor,
          },
        ),
      ).tasks;
      pages += 1;
      assert.ok(page.edges.length <= 2);
      assert.equal(page.pageInfo.hasPreviousPage, cursor !== null);
      seen.push(...page.edges.map((e: { node: { id: string } }) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      cursor = page.pageInfo.endCursor;
    }
    assert.equal(seen.length, total.totalCount);
    assert.equal(new Set(seen).size, seen.length, "no task twice");
    assert.equal(pages, Math.ceil(total.totalCount / 2));
    // Newest first: the five just created come first, in reverse order of creation.
    assert.deepEqual(seen.slice(0, 5), [...created].reverse());
  });

  it("rejects bad cursors and page sizes with BAD_USER_INPUT", async () => {
    for (const args of [`after: "garbage"`, `after: ""`, `first: 501`, `first: -1`]) {
      assert.deepEqual(errorCodes(await h.exec(`{ tasks(${args}) { totalCount } }`)), ["BAD_USER_INPUT"], args);
    }
    const task = await createTask("frames-cursor", ONE_LABEL);
    const frameCursor = Buffer.from(JSON.stringify(["f1", 0])).toString("base64url");
    assert.deepEqual(errorCodes(await h.exec(`{ tasks(after: "${frameCursor}") { totalCount } }`)), ["BAD_USER_INPUT"]);
    const taskCursor = dataOf(await h.exec(`{ tasks(first: 1) { edges { cursor } } }`)).tasks.edges[0].cursor;
    assert.deepEqual(
      errorCodes(
        await h.exec(`query ($id: ID!, $c: String) { task(id: $id) { frames(after: $c) { totalCount } } }`, { id: task.id, c: taskCursor }),
      ),
      ["BAD_USER_INPUT"],
    );
  });
});

describe("importFrames", () => {
  const IMPORT = `mutation ($taskId: ID!, $path: String!) { importFrames(taskId: $taskId, serverPath: $path) { id size } }`;
  const FRAMES = `query ($id: ID!, $first: Int, $after: String) {
    task(id: $id) { size frames(first: $first, after: $after) { totalCount edges { cursor node { index name width height sizeBytes } } pageInfo { hasNextPage endCursor } } } }`;

  before(async () => {
    const set = join(importDir.path, "set1");
    await mkdir(set);
    await writeFile(join(set, "b.png"), await makeImage(40, 30));
    await writeFile(join(set, "a.jpg"), await makeImage(20, 10, "jpeg"));
    await writeFile(join(set, "notes.txt"), "not a frame");
    await writeFile(join(set, "c.PNG"), Buffer.from("these bytes are not an image"));
    await mkdir(join(set, "nested.png")); // a directory with an image-like name is skipped
    await mkdir(join(importDir.path, "empty"));
    await writeFile(join(outsideDir.path, "secret.png"), await makeImage(5, 5));
    await symlink(outsideDir.path, join(importDir.path, "escape"));
    await symlink(set, join(importDir.path, "alias")); // a link that stays inside the root is fine
    const leaky = join(importDir.path, "leaky");
    await mkdir(leaky);
    await symlink(join(outsideDir.path, "secret.png"), join(leaky, "x.png"));
  });

  it("appends a directory's images sorted by name, with sizes read from the bytes", async () => {
    const task = await createTask("imported", ONE_LABEL);
    const r = dataOf(await h.exec(IMPORT, { taskId: task.id, path: "set1" }));
    assert.equal(r.importFrames.size, 3);
    const frames = dataOf(await h.exec(FRAMES, { id: task.id })).task.frames;
    assert.equal(frames.totalCount, 3);
    assert.deepEqual(
      frames.edges.map((e: any) => [e.node.index, e.node.name, e.node.width, e.node.height]),
      [
        [0, "a.jpg", 20, 10],
        [1, "b.png", 40, 30],
        [2, "c.PNG", null, null],
      ],
    );
    assert.equal(frames.edges[2].node.sizeBytes, Buffer.byteLength("these bytes are not an image"));

    // A second import appends after the last index; equal bytes share one content-addressed object.
    const again = dataOf(await h.exec(IMPORT, { taskId: task.id, path: "/alias/" }));
    assert.equal(again.importFrames.size, 6);
    const rows: { index: number; object_name: string }[] = await h.dataSource.query(
      `SELECT "index", "object_name" FROM "task"."frame" WHERE "task_id" = $1 ORDER BY "index"`,
      [task.id],
    );
    assert.deepEqual(
      rows.map((r) => r.index),
      [0, 1, 2, 3, 4, 5],
    );
    assert.equal(rows[0].object_name, rows[3].object_name);
    assert.match(rows[0].object_name, /^sha256-[0-9a-f]{64}$/);
    const stored = await h.frameStore.get(rows[1].object_name);
    assert.ok(stored && stored.byteLength > 0);
    assert.ok(await h.frameStore.has(rows[2].object_name));

    // Frames page by index.
    const first = dataOf(await h.exec(FRAMES, { id: task.id, first: 4 })).task.frames;
    assert.equal(first.edges.length, 4);
    assert.equal(first.pageInfo.hasNextPage, true);
    const rest = dataOf(await h.exec(FRAMES, { id: task.id, first: 4, after: first.pageInfo.endCursor })).task.frames;
    assert.deepEqual(
      rest.edges.map((e: any) => e.node.index),
      [4, 5],
    );
    assert.equal(rest.pageInfo.hasNextPage, false);
  });

  it("refuses every path that leaves IMPORT_ROOT, and anything that is not a directory of images", async () => {
    const task = await createTask("escapes", ONE_LABEL);
    const attempts = [
      "..",
      "../",
      "set1/../../",
      "set1/../set1",
      "/etc",
      outsideDir.path,
      "escape",
      "escape/",
      "leaky",
      "missing",
      "set1/b.png",
      "empty",
      "",
    ];
    for (const path of attempts) {
      const result = await h.exec(IMPORT, { taskId: task.id, path });
      assert.deepEqual(errorCodes(result), ["INVALID_PATH"], `path ${JSON.stringify(path)}`);
    }
    assert.equal(await countRows("frame", task.id), 0);
    assert.equal(dataOf(await h.exec(`query ($id: ID!) { task(id: $id) { size } }`, { id: task.id })).task.size, 0);
  });

  it("answers NOT_FOUND for an unknown task and INVALID_PATH when IMPORT_ROOT is unset", async () => {
    assert.deepEqual(errorCodes(await h.exec(IMPORT, { taskId: "00000000-0000-4000-8000-000000000000", path: "set1" })), ["NOT_FOUND"]);
    const task = await createTask("no-root", ONE_LABEL);
    const withoutRoot = await execWith({});
    const result = await withoutRoot(IMPORT, { taskId: task.id, path: "set1" });
    assert.deepEqual(errorCodes(result), ["INVALID_PATH"]);
    assert.match(errorMessages(result)[0], /IMPORT_ROOT/);
  });

  it("applies the per-file size limit to imports", async () => {
    const small = await execWith({ importRoot: importDir.path, maxUploadBytes: 50 });
    const task = await createTask("too-big", ONE_LABEL);
    const result = await small(IMPORT, { taskId: task.id, path: "set1" });
    assert.deepEqual(errorCodes(result), ["PAYLOAD_TOO_LARGE"]);
    assert.equal(await countRows("frame", task.id), 0);
  });
});

describe("createTask label schema limits", () => {
  const labels = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `class-${i}`, type: "RECTANGLE" }));
  const READ_LABELS = `query ($id: ID!) { task(id: $id) { labels { name } } }`;

  it("creates a schema at the default label limit and reads it back in order", async () => {
    const task = dataOf(
      await h.exec(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, {
        input: { name: "at-limit", labels: labels(DEFAULT_LABEL_SCHEMA_LIMITS.maxLabels) },
      }),
    ).createTask;
    const read = dataOf(await h.exec(READ_LABELS, { id: task.id })).task.labels.map((l: { name: string }) => l.name);
    assert.deepEqual(
      read,
      labels(DEFAULT_LABEL_SCHEMA_LIMITS.maxLabels).map((l) => l.name),
    );
  });

  it("refuses one label over the limit (and the issue's 20,000) with INVALID_LABEL_SCHEMA, storing nothing", async () => {
    const before = dataOf(await h.exec(`{ tasks(first: 0) { totalCount } }`)).tasks.totalCount;
    for (const n of [DEFAULT_LABEL_SCHEMA_LIMITS.maxLabels + 1, 20_000]) {
      const result = await h.exec(CREATE_TASK, { input: { name: "over", labels: labels(n) } });
      assert.deepEqual(errorCodes(result), ["INVALID_LABEL_SCHEMA"]);
      assert.equal(
        errorMessages(result)[0],
        `Invalid label schema: labels: ${n} labels (skeleton sublabels included), more than the ${DEFAULT_LABEL_SCHEMA_LIMITS.maxLabels} a task may have`,
      );
    }
    assert.equal(dataOf(await h.exec(`{ tasks(first: 0) { totalCount } }`)).tasks.totalCount, before);
  });

  it("stores a schema whose labels need more bind parameters than one INSERT may carry (limits raised)", async () => {
    // 10,000 labels × 7 columns = 70,000 parameters, over PostgreSQL's 65,535 for one statement.
    const exec = await execWith({
      maxUploadBytes: 50,
      labelSchemaLimits: { ...DEFAULT_LABEL_SCHEMA_LIMITS, maxLabels: 10_000, maxBytes: 4 * 1024 * 1024 },
    });
    const big = [...labels(9_990), { name: "pose", type: "SKELETON", sublabels: labels(9).map((l) => ({ ...l, type: "POINTS" })) }];
    const task = dataOf(
      await exec(`mutation ($input: CreateTaskInput!) { createTask(input: $input) { id } }`, { input: { name: "huge", labels: big } }),
    ).createTask;
    const read = dataOf(await exec(`query ($id: ID!) { task(id: $id) { labels { name sublabels { name } } } }`, { id: task.id })).task
      .labels;
    assert.equal(read.length, 9_991);
    assert.deepEqual(
      read.slice(0, 3).map((l: { name: string }) => l.name),
      ["class-0", "class-1", "class-2"],
    );
    assert.deepEqual(read.at(-1), { name: "pose", sublabels: labels(9).map((l) => ({ name: l.name })) });
    assert.equal(await countRows("label", task.id), 10_000);
  });
});

describe("deleteTask", () => {
  it("changes nothing when TaskDeleted cannot be published: SERVICE_UNAVAILABLE, the task intact", async () => {
    const task = await createTask("kept");
    await h.exec(`mutation ($id: ID!) { importFrames(taskId: $id, serverPath: "set1") { size } }`, { id: task.id });
    const natsDown = await execWith({
      announceTaskDeleted: taskDeletedAnnouncer({ publish: () => Promise.reject(new Error("nats: no responders available")) }),
    });
    const result = await natsDown(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id: task.id });
    assert.deepEqual(errorCodes(result), ["SERVICE_UNAVAILABLE"]);
    assert.doesNotMatch(errorMessages(result)[0], /nats|responders/);
    assert.equal(dataOf(await h.exec(`query ($id: ID!) { task(id: $id) { id } }`, { id: task.id })).task.id, task.id);
    assert.equal(await countRows("label", task.id), 5);
    assert.ok((await countRows("frame", task.id)) > 0);
  });

  it("removes the task with its labels, frames, annotations and staged results", async () => {
    const task = await createTask("doomed");
    await h.exec(`mutation ($id: ID!) { importFrames(taskId: $id, serverPath: "set1") { size } }`, { id: task.id });
    const [car, person] = task.labels;
    await h.dataSource.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "source")
       VALUES (gen_random_uuid(), $1, 0, $2, 'RECTANGLE', '{1,2,3,4}', 'MANUAL')`,
      [task.id, car.id],
    );
    const parent: { id: string }[] = await h.dataSource.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "source") VALUES (gen_random_uuid(), $1, 1, $2, 'SKELETON', 'MANUAL') RETURNING "id"`,
      [task.id, person.id],
    );
    await h.dataSource.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "source")
       VALUES (gen_random_uuid(), $1, $2, 1, $3, 'POINTS', '{5,6}', 'MANUAL')`,
      [task.id, parent[0].id, person.sublabels[0].id],
    );
    await h.dataSource.query(`INSERT INTO "task"."staged_result" ("job_id", "frame", "task_id", "shapes") VALUES ('job-x', 0, $1, '[]')`, [
      task.id,
    ]);
    const keeper = await createTask("keeper", [{ name: "car", type: "RECTANGLE" }]);

    const listed = dataOf(
      await h.exec(
        `query ($id: ID!) { task(id: $id) { annotations { totalCount edges { node { frame type label { name } elements { label { name } points } } } } } }`,
        {
          id: task.id,
        },
      ),
    ).task.annotations;
    assert.equal(listed.totalCount, 2);
    assert.deepEqual(listed.edges[1].node.elements, [{ label: { name: "head" }, points: [5, 6] }]);

    const announced: { taskId: string; tenantId: string }[] = [];
    const listener = await h.messaging.consume({
      ...Consumers.taskEvents,
      handlers: [handler(Contracts.taskDeleted, async (m) => (announced.push({ taskId: m.taskId, tenantId: m.tenantId }), ack()))],
    });
    assert.deepEqual(dataOf(await h.exec(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id: task.id })), { deleteTask: true });
    // TaskDeleted was published before the mutation answered (inside its transaction): annotation-job hears of it.
    await until(() => announced.length > 0);
    await listener.stop();
    assert.deepEqual(announced, [{ taskId: task.id, tenantId: SELF_HOSTED_CALLER.identity.tenantId }]);
    assert.equal(dataOf(await h.exec(`query ($id: ID!) { task(id: $id) { id } }`, { id: task.id })).task, null);
    for (const table of ["label", "frame", "annotation", "staged_result"]) assert.equal(await countRows(table, task.id), 0, table);
    assert.equal(await countRows("label", keeper.id), 1, "other tasks are untouched");

    assert.deepEqual(errorCodes(await h.exec(`mutation ($id: ID!) { deleteTask(id: $id) }`, { id: task.id })), ["NOT_FOUND"]);
    assert.deepEqual(errorCodes(await h.exec(`mutation { deleteTask(id: "not-a-uuid") }`)), ["NOT_FOUND"]);
  });
});

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 20));
}
