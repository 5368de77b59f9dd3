import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { AppError, formatGraphQLError } from "@prelabel/service-kit";
import type { ExecutionResult } from "graphql";
import { AnnotationEditService, type SaveAnnotationsRequest } from "../src/application/annotation-edit.service.js";
import { ShapeType } from "../src/domain/label-types.js";
import type { StagedShape } from "../src/domain/staged-shape.js";
import { TaskErrorCode } from "../src/domain/task-error-codes.js";
import { AnnotationEditRepository } from "../src/persistence/annotation-edit.repository.js";
import { lockTaskAnnotations, TASK_ANNOTATIONS_LOCK_CLASS } from "../src/persistence/annotation-lock.js";
import { StagingRepository } from "../src/persistence/staging.repository.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { callerOf, DEFAULT_TENANT } from "./support/callers.js";
import { createSchemaHarness, dataOf, errorCodes, eventually, type SchemaHarness } from "./support/harness.js";

/** One label of every type (and an ANY one), with attributes and a skeleton. */
const LABELS = [
  {
    name: "car",
    type: "RECTANGLE",
    attributes: [
      { name: "color", inputType: "SELECT", values: ["red", "blue"], defaultValue: "red" },
      { name: "speed", inputType: "NUMBER", values: ["0", "200", "1"] },
    ],
  },
  { name: "zone", type: "POLYGON" },
  { name: "lane", type: "POLYLINE" },
  { name: "spot", type: "POINTS" },
  { name: "road", type: "MASK" },
  {
    name: "person",
    type: "SKELETON",
    sublabels: [
      { name: "head", type: "POINTS" },
      { name: "foot", type: "POINTS" },
    ],
  },
  { name: "weather", type: "TAG", attributes: [{ name: "rain", inputType: "CHECKBOX", values: [] }] },
  { name: "thing", type: "ANY" },
];

const CREATE_TASK = `mutation ($input: CreateTaskInput!) { createTask(input: $input) {
  id annotationsVersion labels { id name sublabels { id name } } } }`;

const SAVE = `mutation ($taskId: ID!, $input: SaveAnnotationsInput!) { saveAnnotations(taskId: $taskId, input: $input) {
  annotationsVersion deleted clippedCoordinates clippedShapes
  created { id frame type points version source score label { name } mask { counts left top right bottom } attributes { name value }
    elements { type points label { name } } }
  updated { id frame type points version source score jobId label { name } elements { points label { name } } } } }`;

const READ = `query ($id: ID!) { task(id: $id) { annotationsVersion annotations(first: 500) { totalCount edges { node {
  id frame type points version source score jobId label { name } attributes { name value } elements { points label { name } } } } } } }`;

const A = callerOf("edits-a");
const B = callerOf("edits-b");

let h: SchemaHarness;
let tasks: TaskRepository;

interface TestTask {
  id: string;
  label: Record<string, string>;
}

/** A task of `tenant` with LABELS and `frames` 100×50 frames. */
async function newTask(tenant = DEFAULT_TENANT, frames = 3): Promise<TestTask> {
  const caller = callerOf(tenant);
  const task = dataOf(await h.execAs(caller, CREATE_TASK, { input: { name: "edits", labels: LABELS } })).createTask;
  const label: Record<string, string> = {};
  for (const l of task.labels) {
    label[l.name] = l.id;
    for (const s of l.sublabels) label[s.name] = s.id;
  }
  await tasks.appendFrames(
    tenant,
    task.id,
    Array.from({ length: frames }, (_, i) => ({
      name: `f${i}.png`,
      objectName: `sha256-${String(i).repeat(64)}`,
      width: 100,
      height: 50,
      sizeBytes: 1,
    })),
  );
  return { id: task.id, label };
}

const save = (task: TestTask, input: Record<string, unknown>, caller = callerOf(DEFAULT_TENANT)) =>
  h.execAs(caller, SAVE, { taskId: task.id, input });

async function read(task: TestTask, caller = callerOf(DEFAULT_TENANT)) {
  const t = dataOf(await h.execAs(caller, READ, { id: task.id })).task;
  return { version: t.annotationsVersion as number, annotations: t.annotations.edges.map((e: any) => e.node) as any[] };
}

/** `extensions.details` of the first error, as the service's error formatter gives it to clients. */
function detailsOf(result: ExecutionResult): any {
  const [e] = result.errors ?? [];
  assert.ok(e, "expected an error");
  return formatGraphQLError(e.toJSON(), e).extensions?.details;
}

const box = (task: TestTask, frame: number, points = [10, 10, 20, 20]) => ({ frame, labelId: task.label.car, points });

before(async () => {
  h = await createSchemaHarness();
  tasks = new TaskRepository(h.dataSource);
});

after(async () => {
  await h?.cleanup();
});

describe("saveAnnotations: create, update, delete in one transaction", () => {
  it("creates shapes of every type as MANUAL, version 1, clipping to the frame and counting it", async () => {
    const task = await newTask();
    const mask = { counts: [1, 2, 1], left: 2, top: 3, right: 3, bottom: 4 };
    const result = dataOf(
      await save(task, {
        expectedVersion: 0,
        create: [
          { ...box(task, 0, [-5, 10, 20, 70]), attributes: [{ name: "color", value: "blue" }] },
          { frame: 0, labelId: task.label.zone, points: [0, 0, 10, 0, 10, 10] },
          { frame: 1, labelId: task.label.lane, points: [1, 1, 2, 2] },
          { frame: 1, labelId: task.label.spot, points: [5, 5, 6, 6] },
          { frame: 1, labelId: task.label.road, mask },
          {
            frame: 2,
            labelId: task.label.person,
            elements: [
              { labelId: task.label.head, points: [10, 5] },
              { labelId: task.label.foot, points: [10, 45] },
            ],
          },
          { frame: 2, labelId: task.label.weather, attributes: [{ name: "rain", value: "true" }] },
          { frame: 2, labelId: task.label.thing, type: "POLYLINE", points: [0, 0, 5, 5] },
        ],
      }),
    ).saveAnnotations;
    assert.equal(result.annotationsVersion, 1);
    assert.equal(result.created.length, 8);
    assert.deepEqual(
      result.created.map((a: any) => [a.type, a.label.name, a.source, a.version, a.score]),
      [
        ["RECTANGLE", "car", "MANUAL", 1, null],
        ["POLYGON", "zone", "MANUAL", 1, null],
        ["POLYLINE", "lane", "MANUAL", 1, null],
        ["POINTS", "spot", "MANUAL", 1, null],
        ["MASK", "road", "MANUAL", 1, null],
        ["SKELETON", "person", "MANUAL", 1, null],
        ["TAG", "weather", "MANUAL", 1, null],
        ["POLYLINE", "thing", "MANUAL", 1, null],
      ],
    );
    assert.deepEqual(result.created[0].points, [0, 10, 20, 50]);
    assert.equal(result.clippedCoordinates, 2);
    assert.equal(result.clippedShapes, 1);
    assert.deepEqual(result.created[4].mask, mask);
    assert.deepEqual(
      result.created[5].elements.map((e: any) => [e.label.name, e.type, e.points]),
      [
        ["head", "POINTS", [10, 5]],
        ["foot", "POINTS", [10, 45]],
      ],
    );
    const stored = await read(task);
    assert.equal(stored.version, 1);
    assert.equal(stored.annotations.length, 8);
    assert.deepEqual(stored.annotations[0].attributes, [{ name: "color", value: "blue" }]);
  });

  it("updates, deletes and creates together: versions go up, a skeleton's points are replaced, a deleted skeleton's go with it", async () => {
    const task = await newTask();
    const skeleton = {
      frame: 0,
      labelId: task.label.person,
      elements: [
        { labelId: task.label.head, points: [1, 1] },
        { labelId: task.label.foot, points: [2, 2] },
      ],
    };
    const first = dataOf(await save(task, { create: [box(task, 0), skeleton, { ...skeleton, frame: 1 }] })).saveAnnotations;
    const [rect, person, doomed] = first.created;
    const second = dataOf(
      await save(task, {
        expectedVersion: first.annotationsVersion,
        update: [
          { id: rect.id, version: 1, labelId: task.label.car, points: [30, 30, 40, 45], attributes: [{ name: "speed", value: "50" }] },
          { id: person.id, version: 1, labelId: task.label.person, elements: [{ labelId: task.label.head, points: [7, 8] }] },
        ],
        delete: [doomed.id],
        create: [box(task, 2)],
      }),
    ).saveAnnotations;
    assert.equal(second.annotationsVersion, 2);
    assert.deepEqual(second.deleted, [doomed.id]);
    assert.deepEqual(
      second.updated.map((a: any) => [a.id, a.frame, a.version, a.source]),
      [
        [rect.id, 0, 2, "MANUAL"],
        [person.id, 0, 2, "MANUAL"],
      ],
    );
    assert.deepEqual(second.updated[0].points, [30, 30, 40, 45]);
    assert.deepEqual(
      second.updated[1].elements.map((e: any) => [e.label.name, e.points]),
      [["head", [7, 8]]],
    );
    const stored = await read(task);
    assert.deepEqual(stored.annotations.map((a: any) => a.id).sort(), [rect.id, person.id, second.created[0].id].sort());
    const orphans: unknown[] = await h.dataSource.query(`SELECT 1 FROM "task"."annotation" WHERE "parent_id" = $1`, [doomed.id]);
    assert.equal(orphans.length, 0);
    const elements: { n: number }[] = await h.dataSource.query(
      `SELECT count(*)::int AS n FROM "task"."annotation" WHERE "parent_id" = $1`,
      [person.id],
    );
    assert.equal(elements[0].n, 1);
  });

  it("an empty save changes nothing and answers the current version", async () => {
    const task = await newTask();
    dataOf(await save(task, { create: [box(task, 0)] }));
    const result = dataOf(await save(task, {})).saveAnnotations;
    assert.equal(result.annotationsVersion, 1);
    assert.equal((await read(task)).version, 1);
  });
});

describe("saveAnnotations: refusals apply nothing", () => {
  it("a stale expectedVersion is CONFLICT and none of the save's creates, updates or deletes apply", async () => {
    const task = await newTask();
    const [a, b] = dataOf(await save(task, { create: [box(task, 0), box(task, 1)] })).saveAnnotations.created;
    dataOf(await save(task, { expectedVersion: 1, update: [{ id: a.id, labelId: task.label.car, points: [1, 1, 2, 2] }] }));
    const before = await read(task);
    const stale = await save(task, {
      expectedVersion: 1,
      create: [box(task, 2)],
      update: [{ id: a.id, labelId: task.label.car, points: [3, 3, 4, 4] }],
      delete: [b.id],
    });
    assert.deepEqual(errorCodes(stale), ["CONFLICT"]);
    assert.deepEqual(detailsOf(stale), { expectedVersion: 1, currentVersion: 2 });
    assert.deepEqual(await read(task), before);
  });

  it("a stale per-annotation version is CONFLICT, naming the annotation", async () => {
    const task = await newTask();
    const [a] = dataOf(await save(task, { create: [box(task, 0)] })).saveAnnotations.created;
    dataOf(await save(task, { update: [{ id: a.id, version: 1, labelId: task.label.car, points: [1, 1, 2, 2] }] }));
    const before = await read(task);
    const stale = await save(task, {
      create: [box(task, 1)],
      update: [{ id: a.id, version: 1, labelId: task.label.car, points: [5, 5, 6, 6] }],
    });
    assert.deepEqual(errorCodes(stale), ["CONFLICT"]);
    assert.deepEqual(detailsOf(stale), { stale: [{ id: a.id, expectedVersion: 1, currentVersion: 2 }] });
    assert.deepEqual(await read(task), before);
  });

  it("updating or deleting an annotation that is gone is CONFLICT", async () => {
    const task = await newTask();
    const [a] = dataOf(await save(task, { create: [box(task, 0)] })).saveAnnotations.created;
    dataOf(await save(task, { delete: [a.id] }));
    const before = await read(task);
    const gone = await save(task, { create: [box(task, 1)], delete: [a.id] });
    assert.deepEqual(errorCodes(gone), ["CONFLICT"]);
    assert.deepEqual(detailsOf(gone), { missing: [a.id] });
    const update = await save(task, { update: [{ id: a.id, labelId: task.label.car, points: [1, 1, 2, 2] }] });
    assert.deepEqual(errorCodes(update), ["CONFLICT"]);
    assert.deepEqual(await read(task), before);
  });

  it("an invalid shape is INVALID_ANNOTATION with every problem by item and path; the valid ones are not saved either", async () => {
    const task = await newTask();
    const bad = await save(task, {
      create: [
        box(task, 0),
        { frame: 0, labelId: task.label.zone, points: [0, 0, 1, 1] },
        { ...box(task, 1), attributes: [{ name: "color", value: "green" }] },
        { frame: 1, labelId: task.label.person, elements: [{ labelId: task.label.car, points: [1, 1] }] },
        { ...box(task, 7) },
        { frame: 2, labelId: task.label.thing, points: [1, 1] },
      ],
    });
    assert.deepEqual(errorCodes(bad), ["INVALID_ANNOTATION"]);
    const details = detailsOf(bad);
    assert.deepEqual(
      details.problems.map((p: any) => p.path),
      ["create[4].frame", "create[1].points", "create[2].attributes[0].value", "create[3].elements[0].labelId", "create[5].type"],
    );
    assert.equal(details.total, 5);
    assert.deepEqual(await read(task), { version: 0, annotations: [] });
  });

  it("the same annotation twice in one save is INVALID_ANNOTATION", async () => {
    const task = await newTask();
    const [a] = dataOf(await save(task, { create: [box(task, 0)] })).saveAnnotations.created;
    const twice = await save(task, { update: [{ id: a.id, labelId: task.label.car, points: [1, 1, 2, 2] }], delete: [a.id] });
    assert.deepEqual(errorCodes(twice), ["INVALID_ANNOTATION"]);
    assert.equal(detailsOf(twice).problems[0].path, "delete[0]");
  });
});

describe("saveAnnotations and job results", () => {
  const jobShape = (task: TestTask, score: number): StagedShape => ({
    labelId: task.label.car,
    type: ShapeType.RECTANGLE,
    points: [1, 2, 30, 40],
    mask: null,
    score,
    attributes: [],
    occluded: false,
    outside: false,
    elements: [],
  });

  async function commitJob(task: TestTask, jobId: string, frames: number[], clean = false) {
    const staging = new StagingRepository(h.dataSource);
    for (const frame of frames) assert.equal(await staging.stage(DEFAULT_TENANT, jobId, task.id, frame, [jobShape(task, 0.875)]), "staged");
    return staging.commit({
      tenantId: DEFAULT_TENANT,
      jobId,
      taskId: task.id,
      cleanOldAnnotations: clean,
      succeededFrames: frames,
      frameStart: Math.min(...frames),
      frameStop: Math.max(...frames),
    });
  }

  it("a commit bumps annotationsVersion; editing an AUTO shape makes it MANUAL and keeps its score and job", async () => {
    const task = await newTask();
    const outcome = await commitJob(task, `job-${task.id}`, [0, 1]);
    assert.equal(outcome.kind, "applied");
    const before = await read(task);
    assert.equal(before.version, 1);
    const auto = before.annotations[0];
    assert.equal(auto.source, "AUTO");
    assert.equal(auto.score, 0.875);
    const result = dataOf(
      await save(task, { expectedVersion: 1, update: [{ id: auto.id, version: 1, labelId: task.label.car, points: [5, 5, 25, 25] }] }),
    ).saveAnnotations;
    const [edited] = result.updated;
    assert.equal(edited.source, "MANUAL");
    assert.equal(edited.score, 0.875);
    assert.equal(edited.jobId, `job-${task.id}`);
    assert.equal(edited.version, 2);
    assert.deepEqual(edited.points, [5, 5, 25, 25]);
    const after = await read(task);
    assert.equal(after.version, 2);
    assert.equal(after.annotations.find((a: any) => a.id !== auto.id).source, "AUTO");
  });

  it("a save read before a commit is CONFLICT after it", async () => {
    const task = await newTask();
    const { version } = await read(task);
    await commitJob(task, `job-stale-${task.id}`, [0]);
    const stale = await save(task, { expectedVersion: version, create: [box(task, 1)] });
    assert.deepEqual(errorCodes(stale), ["CONFLICT"]);
    assert.equal((await read(task)).annotations.length, 1);
  });

  it("while a commit holds the task's annotations, a save is ANNOTATIONS_BUSY and the commit waits for a save", async () => {
    const task = await newTask();
    const service = new AnnotationEditService({
      tasks,
      edits: new AnnotationEditRepository(h.dataSource, 0),
      limits: { maxItems: 10, maxPointsPerShape: 100 },
    });
    const request: SaveAnnotationsRequest = { expectedVersion: null, create: [{ ...box(task, 0) }], update: [], delete: [] };
    // Hold the lock the way a commit (or a save) holds it: in an open transaction.
    const holder = h.dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await lockTaskAnnotations(holder.manager, task.id);
      await assert.rejects(service.save(DEFAULT_TENANT, task.id, request), (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, TaskErrorCode.AnnotationsBusy);
        return true;
      });
      // A commit started now queues on the same lock (seen in pg_locks), applying nothing yet.
      const staging = new StagingRepository(h.dataSource);
      const jobId = `job-wait-${task.id}`;
      assert.equal(await staging.stage(DEFAULT_TENANT, jobId, task.id, 0, [jobShape(task, 0.5)]), "staged");
      const commit = staging.commit({
        tenantId: DEFAULT_TENANT,
        jobId,
        taskId: task.id,
        cleanOldAnnotations: false,
        succeededFrames: [0],
        frameStart: 0,
        frameStop: 0,
      });
      await eventually(async () => {
        const waiting: unknown[] = await h.dataSource.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::int::oid AND objid = hashtext($2)::oid`,
          [TASK_ANNOTATIONS_LOCK_CLASS, task.id],
        );
        return waiting.length > 0;
      }, "the commit to wait for the task's annotations lock");
      assert.deepEqual(await read(task), { version: 0, annotations: [] });
      await holder.commitTransaction();
      assert.equal((await commit).kind, "applied");
      assert.equal((await read(task)).version, 1);
      // Free again: the same save goes through.
      assert.equal((await service.save(DEFAULT_TENANT, task.id, request)).annotationsVersion, 2);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it("saves racing a cleaning commit are serialised with it: each save's shapes are all kept or all cleaned, versions count every change", async () => {
    const task = await newTask(DEFAULT_TENANT, 3);
    const service = new AnnotationEditService({
      tasks,
      edits: new AnnotationEditRepository(h.dataSource, 30_000),
      limits: { maxItems: 10, maxPointsPerShape: 100 },
    });
    const staging = new StagingRepository(h.dataSource);
    const jobId = `job-race-${task.id}`;
    for (const frame of [0, 1, 2]) await staging.stage(DEFAULT_TENANT, jobId, task.id, frame, [jobShape(task, 0.5)]);
    const saves = Array.from({ length: 6 }, () =>
      service.save(DEFAULT_TENANT, task.id, {
        expectedVersion: null,
        create: [box(task, 0), box(task, 1), box(task, 2)],
        update: [],
        delete: [],
      }),
    );
    const commit = staging.commit({
      tenantId: DEFAULT_TENANT,
      jobId,
      taskId: task.id,
      cleanOldAnnotations: true,
      succeededFrames: [0, 1, 2],
      frameStart: 0,
      frameStop: 2,
    });
    const [committed, ...saved] = await Promise.all([commit, ...saves]);
    assert.equal(committed.kind, "applied");
    const stored = await read(task);
    assert.equal(stored.version, 7);
    // Seven changes, one version each: the commit's is the one no save got.
    const saveVersions = saved.map((s) => s.annotationsVersion);
    const commitVersions = [1, 2, 3, 4, 5, 6, 7].filter((v) => !saveVersions.includes(v));
    assert.equal(commitVersions.length, 1, `versions ${saveVersions.join(",")}: each change gets its own`);
    const ids = new Set(stored.annotations.map((a: any) => a.id));
    let kept = 0;
    for (const s of saved) {
      const present = s.created.filter((a) => ids.has(a.id)).length;
      assert.ok(present === 0 || present === 3, `a save half-applied: ${present} of 3 shapes kept`);
      // Kept exactly when the save came after the commit; cleaned by it when before.
      assert.equal(present === 3, s.annotationsVersion > commitVersions[0]);
      if (present) kept += 1;
    }
    assert.equal(stored.annotations.filter((a: any) => a.source === "AUTO").length, 3);
    assert.equal(stored.annotations.filter((a: any) => a.source === "MANUAL").length, kept * 3);
  });
});

describe("saveAnnotations: tenancy and limits", () => {
  it("another tenant's task is NOT_FOUND and stays as it was; its annotation ids are not the caller's to touch", async () => {
    const taskA = await newTask("edits-a");
    const [a] = dataOf(await save(taskA, { create: [box(taskA, 0)] }, A)).saveAnnotations.created;
    const before = await read(taskA, A);
    const foreign = await save(taskA, { create: [box(taskA, 1)], delete: [a.id] }, B);
    assert.deepEqual(errorCodes(foreign), ["NOT_FOUND"]);
    const taskB = await newTask("edits-b");
    const viaOwn = await save(taskB, { update: [{ id: a.id, labelId: taskB.label.car, points: [1, 1, 2, 2] }] }, B);
    assert.deepEqual(errorCodes(viaOwn), ["CONFLICT"]);
    assert.deepEqual(await read(taskA, A), before);
    assert.deepEqual(errorCodes(await save({ id: "not-a-uuid", label: taskA.label }, {}, A)), ["NOT_FOUND"]);
  });

  it("more items than SAVE_ANNOTATIONS_MAX_ITEMS is TOO_MANY_ANNOTATIONS; more points than ANNOTATION_MAX_POINTS is INVALID_ANNOTATION", async () => {
    const task = await newTask();
    const service = new AnnotationEditService({
      tasks,
      edits: new AnnotationEditRepository(h.dataSource, 0),
      limits: { maxItems: 3, maxPointsPerShape: 4 },
    });
    const request = (create: SaveAnnotationsRequest["create"], del: string[] = []): SaveAnnotationsRequest => ({
      expectedVersion: null,
      create,
      update: [],
      delete: del,
    });
    const codeOf = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (err) {
        assert.ok(err instanceof AppError);
        return err.code;
      }
      return "saved";
    };
    assert.equal(
      await codeOf(service.save(DEFAULT_TENANT, task.id, request([box(task, 0), box(task, 0)], ["x", "y"]))),
      "TOO_MANY_ANNOTATIONS",
    );
    const five = [0, 0, 10, 0, 10, 10, 0, 10, 5, 5];
    assert.equal(
      await codeOf(service.save(DEFAULT_TENANT, task.id, request([{ frame: 0, labelId: task.label.zone, points: five }]))),
      "INVALID_ANNOTATION",
    );
    assert.equal(await codeOf(service.save(DEFAULT_TENANT, task.id, request([box(task, 0), box(task, 1), box(task, 2)]))), "saved");
    assert.equal((await read(task)).annotations.length, 3);
  });
});
