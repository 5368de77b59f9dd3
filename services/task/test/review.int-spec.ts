import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ack, handler, type ConsumerHandle } from "@prelabel/messaging";
import { Consumers, Contracts, create, ShapeType, type MessageInitShape, type TrackingSettingsSchema } from "@prelabel/proto";
import { AppError, type CallerContext } from "@prelabel/service-kit";
import { graphql, type ExecutionResult } from "graphql";
import type { DataSource } from "typeorm";
import { AnnotationEditService } from "../src/application/annotation-edit.service.js";
import { ReviewService } from "../src/application/review.service.js";
import { TaskErrorCode } from "../src/domain/task-error-codes.js";
import { AnnotationEditRepository } from "../src/persistence/annotation-edit.repository.js";
import { lockTaskAnnotations, TASK_ANNOTATIONS_LOCK_CLASS } from "../src/persistence/annotation-lock.js";
import { createDataSource } from "../src/persistence/data-source.js";
import { ReviewRepository } from "../src/persistence/review.repository.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { callerOf, DEFAULT_TENANT, SELF_HOSTED_CALLER } from "./support/callers.js";
import {
  CREATE_TASK,
  createInfra,
  dataOf,
  errorCodes,
  eventually,
  SAMPLE_LABELS,
  serveTask,
  serviceConfig,
  type Infra,
  type ServedTask,
} from "./support/harness.js";

interface Committed {
  jobId: string;
  annotationCount: number;
  trackCount: number;
  reviewCount: number;
}

interface TestTask {
  id: string;
  car: string;
  person: string;
  head: string;
  foot: string;
  road: string;
}

const B = callerOf("review-b");

let infra: Infra;
let service: ServedTask;
let db: DataSource;
let tasks: TaskRepository;
let listener: ConsumerHandle;
const committed: Committed[] = [];

before(async () => {
  infra = await createInfra();
  service = await serveTask(serviceConfig(infra));
  db = createDataSource({ url: infra.db.url, poolSize: 4 });
  await db.initialize();
  tasks = new TaskRepository(db);
  // Play annotation-job: read the commit outcomes on its durable consumer.
  listener = await infra.messaging.consume({
    ...Consumers.taskEvents,
    handlers: [
      handler(Contracts.annotationsCommitted, async (m) => {
        committed.push({ jobId: m.jobId, annotationCount: m.annotationCount, trackCount: m.trackCount, reviewCount: m.reviewCount });
        return ack();
      }),
      handler(Contracts.annotationsDiscarded, async () => ack()),
    ],
  });
});

after(async () => {
  await listener?.stop();
  await service?.stop();
  await db?.destroy();
  await infra?.cleanup();
});

function execAs(caller: CallerContext, source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<any>> {
  return graphql({ schema: service.schema, source, variableValues, contextValue: { ...caller } });
}
const exec = (source: string, variableValues?: Record<string, unknown>) => execAs(SELF_HOSTED_CALLER, source, variableValues);

async function newTask(caller: CallerContext = SELF_HOSTED_CALLER, frames = 4): Promise<TestTask> {
  const task = dataOf(await execAs(caller, CREATE_TASK, { input: { name: "review", labels: SAMPLE_LABELS } })).createTask;
  const tenant = caller.identity.tenantId;
  await tasks.appendFrames(
    tenant,
    task.id,
    Array.from({ length: frames }, (_, i) => ({
      name: `f${i}.png`,
      objectName: `sha256-${String(i).repeat(64)}`,
      width: 100,
      height: 100,
      sizeBytes: 1,
    })),
  );
  const [car, person, road] = task.labels;
  return { id: task.id, car: car.id, person: person.id, head: person.sublabels[0].id, foot: person.sublabels[1].id, road: road.id };
}

type ShapeInit = MessageInitShape<typeof Contracts.frameInferred.schema>["shapes"];

async function runJob(
  task: TestTask,
  jobId: string,
  frames: Record<number, ShapeInit>,
  options: { reviewBelow?: number; tracking?: MessageInitShape<typeof TrackingSettingsSchema> } = {},
): Promise<Committed> {
  const indexes = Object.keys(frames).map(Number);
  for (const frame of indexes) {
    await infra.messaging.publish(
      Contracts.frameInferred,
      create(Contracts.frameInferred.schema, { jobId, taskId: task.id, frame, shapes: frames[frame], workerId: "test" }),
      { msgId: `${jobId}.${frame}` },
    );
  }
  await infra.messaging.publish(
    Contracts.commitAnnotations,
    create(Contracts.commitAnnotations.schema, {
      jobId,
      taskId: task.id,
      cleanOldAnnotations: false,
      succeededFrames: indexes,
      frameStart: Math.min(...indexes),
      frameStop: Math.max(...indexes),
      ...(options.reviewBelow !== undefined ? { reviewBelow: options.reviewBelow } : {}),
      ...(options.tracking ? { tracking: options.tracking } : {}),
    }),
    { msgId: `commit.${jobId}` },
  );
  return eventually(async () => committed.find((c) => c.jobId === jobId), `the commit of ${jobId}`, 15_000);
}

const ANNOTATIONS = `query ($id: ID!) { task(id: $id) { annotationsVersion annotations(first: 500) { edges { node {
  id frame type score source version needsReview label { name } elements { id needsReview label { name } } } } } } }`;

async function annotations(task: TestTask, caller: CallerContext = SELF_HOSTED_CALLER): Promise<{ version: number; nodes: any[] }> {
  const data = dataOf(await execAs(caller, ANNOTATIONS, { id: task.id }));
  return { version: data.task.annotationsVersion, nodes: data.task.annotations.edges.map((e: any) => e.node) };
}

const QUEUE = `query ($id: ID!, $first: Int!, $after: String) { task(id: $id) { reviewQueue(first: $first, after: $after) {
  totalCount endCursor hasNextPage nodes { id frame score needsReview version label { name } } } } }`;

const RESOLVE = `mutation ($taskId: ID!, $ids: [ID!]!, $decision: ReviewDecision!) {
  resolveReview(taskId: $taskId, ids: $ids, decision: $decision) { accepted rejected remaining annotationsVersion } }`;

const resolve = (caller: CallerContext, taskId: string, ids: string[], decision: "ACCEPT" | "REJECT") =>
  execAs(caller, RESOLVE, { taskId, ids, decision });

function errorDetails(result: ExecutionResult): Record<string, unknown> {
  const original = result.errors?.[0]?.originalError;
  assert.ok(original instanceof AppError, `an AppError, not ${String(original)}`);
  return original.details ?? {};
}

/** Flagged AUTO rows inserted directly (the review queue's content; flagging itself is tested through the commit). */
async function insertFlagged(task: TestTask, scores: number[], frame = 0): Promise<string[]> {
  const ids: string[] = [];
  for (const score of scores) {
    const [row]: { id: string }[] = await db.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "score", "source", "job_id", "needs_review")
       VALUES (gen_random_uuid(), $1, $2, $3, 'RECTANGLE', '{0,0,10,10}', $4, 'AUTO', 'seeded', true) RETURNING "id"`,
      [task.id, frame, task.car, score],
    );
    ids.push(row.id);
  }
  return ids;
}

describe("flagging at commit", () => {
  it("flags the top-level shapes scoring under review_below (a skeleton's points with it), never score-less ones, and counts them", async () => {
    const task = await newTask();
    const result = await runJob(
      task,
      `job-flag-${task.id}`,
      {
        0: [
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 10, 10], score: 0.9 },
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 20, 20], score: 0.3 },
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 30, 30], score: 0.5 }, // not under 0.5
          {
            labelId: task.person,
            type: ShapeType.SKELETON,
            score: 0.2,
            elements: [
              { labelId: task.head, type: ShapeType.POINTS, points: [5, 5] },
              { labelId: task.foot, type: ShapeType.POINTS, points: [5, 50] },
            ],
          },
        ],
        1: [
          { labelId: task.road, type: ShapeType.TAG }, // no score: never flagged
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [1, 1, 9, 9], score: 0.1 },
        ],
      },
      { reviewBelow: 0.5 },
    );
    assert.deepEqual(result, { jobId: `job-flag-${task.id}`, annotationCount: 6, trackCount: 0, reviewCount: 3 });
    const { nodes } = await annotations(task);
    assert.deepEqual(
      nodes.map((a) => [a.frame, a.label.name, a.score === null ? null : Math.round(a.score * 10) / 10, a.needsReview]),
      [
        [0, "car", 0.9, false],
        [0, "car", 0.3, true],
        [0, "car", 0.5, false],
        [0, "person", 0.2, true],
        [1, "road", null, false],
        [1, "car", 0.1, true],
      ],
    );
    assert.deepEqual(
      nodes[3].elements.map((e: any) => [e.label.name, e.needsReview]),
      [
        ["head", true],
        ["foot", true],
      ],
    );
    // A redelivered command re-announces the commit from applied_job: the count is kept there.
    const [applied]: { review_count: number }[] = await db.query(`SELECT "review_count" FROM "task"."applied_job" WHERE "job_id" = $1`, [
      result.jobId,
    ]);
    assert.equal(applied.review_count, 3);
  });

  it("flags nothing without review_below", async () => {
    const task = await newTask();
    const result = await runJob(task, `job-noflag-${task.id}`, {
      0: [{ labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 10, 10], score: 0.01 }],
    });
    assert.equal(result.reviewCount, 0);
    assert.deepEqual(
      (await annotations(task)).nodes.map((a) => a.needsReview),
      [false],
    );
  });

  it("with tracking, flags the per-frame shapes under review_below, never the tracks' shapes", async () => {
    const task = await newTask();
    const tracking = { enabled: true, iouThreshold: 0.3, maxAge: 30, minHits: 1, highScore: 0.3, lowScore: 0.1 };
    const result = await runJob(
      task,
      `job-tracked-${task.id}`,
      {
        0: [
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 10, 10], score: 0.35 }, // tracked: a track shape
          { labelId: task.road, type: ShapeType.TAG, score: 0.4 }, // per frame, under review_below
          { labelId: task.road, type: ShapeType.TAG, score: 0.9 },
        ],
      },
      { reviewBelow: 0.5, tracking },
    );
    assert.equal(result.annotationCount, 2);
    assert.equal(result.reviewCount, 1);
    assert.deepEqual(
      (await annotations(task)).nodes.map((a) => [a.type, a.needsReview]),
      [
        ["TAG", true],
        ["TAG", false],
      ],
    );
  });
});

describe("Task.reviewQueue", () => {
  it("lists the flagged annotations lowest score first, ties by insertion order, in cursor pages", async () => {
    const task = await newTask();
    const [s4, s1a, s3, s1b, s2] = await insertFlagged(task, [0.4, 0.1, 0.3, 0.1, 0.2]);
    await insertFlagged(task, [0.05], 1);
    // Not flagged: not listed.
    await db.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "score", "source") VALUES (gen_random_uuid(), $1, 0, $2, 'RECTANGLE', '{0,0,1,1}', 0.01, 'AUTO')`,
      [task.id, task.car],
    );
    const seen: string[] = [];
    const pages: boolean[] = [];
    let after: string | null = null;
    for (;;) {
      const queue: any = dataOf(await exec(QUEUE, { id: task.id, first: 2, after })).task.reviewQueue;
      assert.equal(queue.totalCount, 6);
      seen.push(...queue.nodes.map((n: any) => n.id));
      pages.push(queue.hasNextPage);
      if (!queue.hasNextPage) break;
      after = queue.endCursor;
    }
    const [s005] = (await db.query(`SELECT "id" FROM "task"."annotation" WHERE "task_id" = $1 AND "frame" = 1`, [task.id])).map(
      (r: { id: string }) => r.id,
    );
    assert.deepEqual(seen, [s005, s1a, s1b, s2, s3, s4]);
    assert.deepEqual(pages, [true, true, false]);
    const whole: any = dataOf(await exec(QUEUE, { id: task.id, first: 500 })).task.reviewQueue;
    assert.deepEqual(
      whole.nodes.map((n: any) => n.id),
      seen,
    );
    assert.ok(whole.nodes.every((n: any) => n.needsReview));
  });

  it("refuses a page size out of 1..500 and a cursor it did not issue", async () => {
    const task = await newTask();
    for (const first of [0, 501]) assert.deepEqual(errorCodes(await exec(QUEUE, { id: task.id, first })), ["BAD_USER_INPUT"]);
    assert.deepEqual(errorCodes(await exec(QUEUE, { id: task.id, first: 5, after: "bm9wZQ" })), ["BAD_USER_INPUT"]);
    const annotationCursor = Buffer.from('["a1",0,"1"]').toString("base64url");
    assert.deepEqual(errorCodes(await exec(QUEUE, { id: task.id, first: 5, after: annotationCursor })), ["BAD_USER_INPUT"]);
    const empty: any = dataOf(await exec(QUEUE, { id: task.id, first: 5 })).task.reviewQueue;
    assert.deepEqual(empty, { totalCount: 0, endCursor: null, hasNextPage: false, nodes: [] });
  });

  it("another tenant reaches no queue: the task is null to it, also as an entity", async () => {
    const task = await newTask();
    await insertFlagged(task, [0.2]);
    assert.equal(dataOf(await execAs(B, QUEUE, { id: task.id, first: 5 })).task, null);
    const entities = `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Task { reviewQueue { totalCount } } } }`;
    assert.deepEqual(dataOf(await execAs(B, entities, { r: [{ __typename: "Task", id: task.id }] }))._entities, [null]);
  });
});

describe("resolveReview", () => {
  it("ACCEPT clears the flags (a skeleton's points too), bumps each kept annotation's version and the task's annotationsVersion", async () => {
    const task = await newTask();
    await runJob(
      task,
      `job-accept-${task.id}`,
      {
        0: [
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 10, 10], score: 0.3 },
          {
            labelId: task.person,
            type: ShapeType.SKELETON,
            score: 0.2,
            elements: [{ labelId: task.head, type: ShapeType.POINTS, points: [5, 5] }],
          },
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 20, 20], score: 0.4 },
        ],
      },
      { reviewBelow: 0.5 },
    );
    const before = await annotations(task);
    const [car, person, other] = before.nodes;
    const result = dataOf(await resolve(SELF_HOSTED_CALLER, task.id, [person.id, car.id, car.id], "ACCEPT")).resolveReview;
    assert.deepEqual(result, { accepted: 2, rejected: 0, remaining: 1, annotationsVersion: before.version + 1 });
    const after = await annotations(task);
    assert.equal(after.version, before.version + 1);
    assert.deepEqual(
      after.nodes.map((a) => [a.id, a.needsReview, a.version]),
      [
        [car.id, false, 2],
        [person.id, false, 2],
        [other.id, true, 1],
      ],
    );
    assert.deepEqual(
      after.nodes[1].elements.map((e: any) => e.needsReview),
      [false],
    );
    const queue: any = dataOf(await exec(QUEUE, { id: task.id, first: 10 })).task.reviewQueue;
    assert.deepEqual(
      queue.nodes.map((n: any) => n.id),
      [other.id],
    );
  });

  it("REJECT deletes the annotations with their skeleton points", async () => {
    const task = await newTask();
    await runJob(
      task,
      `job-reject-${task.id}`,
      {
        0: [
          {
            labelId: task.person,
            type: ShapeType.SKELETON,
            score: 0.2,
            elements: [
              { labelId: task.head, type: ShapeType.POINTS, points: [5, 5] },
              { labelId: task.foot, type: ShapeType.POINTS, points: [5, 9] },
            ],
          },
          { labelId: task.car, type: ShapeType.RECTANGLE, points: [0, 0, 10, 10], score: 0.9 },
        ],
      },
      { reviewBelow: 0.5 },
    );
    const before = await annotations(task);
    const [person, car] = before.nodes;
    const result = dataOf(await resolve(SELF_HOSTED_CALLER, task.id, [person.id], "REJECT")).resolveReview;
    assert.deepEqual(result, { accepted: 0, rejected: 1, remaining: 0, annotationsVersion: before.version + 1 });
    const after = await annotations(task);
    assert.deepEqual(
      after.nodes.map((a) => a.id),
      [car.id],
    );
    const [left]: { n: string }[] = await db.query(`SELECT count(*) AS n FROM "task"."annotation" WHERE "task_id" = $1`, [task.id]);
    assert.equal(Number(left.n), 1, "the skeleton's points went with it");
  });

  it("is all or nothing: unknown, foreign, element and unflagged ids are refused by name and nothing changes", async () => {
    const task = await newTask();
    const other = await newTask();
    const [flagged] = await insertFlagged(task, [0.2]);
    const [elsewhere] = await insertFlagged(other, [0.2]);
    const [unflagged]: { id: string }[] = await db.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "source") VALUES (gen_random_uuid(), $1, 0, $2, 'RECTANGLE', '{0,0,1,1}', 'MANUAL') RETURNING "id"`,
      [task.id, task.car],
    );
    const [element]: { id: string }[] = await db.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "source", "needs_review")
       VALUES (gen_random_uuid(), $1, $2, 0, $3, 'POINTS', '{1,1}', 'AUTO', true) RETURNING "id"`,
      [task.id, flagged, task.head],
    );
    const unknown = "00000000-0000-4000-8000-000000000001";
    const before = await annotations(task);

    for (const decision of ["ACCEPT", "REJECT"] as const) {
      const missing = await resolve(SELF_HOSTED_CALLER, task.id, [flagged, unknown, elsewhere, element.id, "not-a-uuid"], decision);
      assert.deepEqual(errorCodes(missing), ["NOT_FOUND"]);
      assert.deepEqual(errorDetails(missing).ids, [unknown, elsewhere, element.id, "not-a-uuid"]);

      const notFlagged = await resolve(SELF_HOSTED_CALLER, task.id, [flagged, unflagged.id], decision);
      assert.deepEqual(errorCodes(notFlagged), [TaskErrorCode.NotFlaggedForReview]);
      assert.deepEqual(errorDetails(notFlagged).ids, [unflagged.id]);
    }
    assert.deepEqual(await annotations(task), before);
    assert.equal((await annotations(other)).nodes[0].needsReview, true);

    assert.deepEqual(errorCodes(await resolve(SELF_HOSTED_CALLER, task.id, [], "ACCEPT")), ["BAD_USER_INPUT"]);
    const tooMany = Array.from({ length: 1_001 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    assert.deepEqual(errorCodes(await resolve(SELF_HOSTED_CALLER, task.id, tooMany, "ACCEPT")), [TaskErrorCode.TooManyAnnotations]);
    assert.deepEqual(errorCodes(await resolve(SELF_HOSTED_CALLER, unknown, [flagged], "ACCEPT")), ["NOT_FOUND"]);
    assert.deepEqual(await annotations(task), before);
  });

  it("another tenant's task and annotations are NOT_FOUND to a caller, and nothing of theirs changes", async () => {
    const task = await newTask();
    const [flagged] = await insertFlagged(task, [0.2]);
    const own = await newTask(B);
    const before = await annotations(task);
    for (const decision of ["ACCEPT", "REJECT"] as const) {
      assert.deepEqual(errorCodes(await resolve(B, task.id, [flagged], decision)), ["NOT_FOUND"]);
      const foreignIds = await resolve(B, own.id, [flagged], decision);
      assert.deepEqual(errorCodes(foreignIds), ["NOT_FOUND"]);
      assert.deepEqual(errorDetails(foreignIds).ids, [flagged]);
    }
    assert.deepEqual(await annotations(task), before);
  });

  it("takes the task's annotations lock: ANNOTATIONS_BUSY past the wait, and waits for the holder otherwise", async () => {
    const task = await newTask();
    const [a, b] = await insertFlagged(task, [0.1, 0.2]);
    const impatient = new ReviewService(new ReviewRepository(db, 0));
    const patient = new ReviewService(new ReviewRepository(db, 30_000));
    const holder = db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    try {
      await lockTaskAnnotations(holder.manager, task.id);
      await assert.rejects(impatient.resolve(DEFAULT_TENANT, task.id, [a], "ACCEPT"), (err: unknown) => {
        assert.ok(err instanceof AppError);
        assert.equal(err.code, TaskErrorCode.AnnotationsBusy);
        return true;
      });
      const waiting = patient.resolve(DEFAULT_TENANT, task.id, [b], "REJECT");
      await eventually(async () => {
        const rows: unknown[] = await db.query(
          `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::int::oid AND objid = hashtext($2)::oid`,
          [TASK_ANNOTATIONS_LOCK_CLASS, task.id],
        );
        return rows.length > 0;
      }, "the resolution to wait for the task's annotations lock");
      assert.equal((await annotations(task)).nodes.length, 2, "nothing applied while the lock is held");
      await holder.commitTransaction();
      assert.deepEqual(await waiting, { accepted: 0, rejected: 1, remaining: 1, annotationsVersion: 1 });
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
  });

  it("is serialised with concurrent saveAnnotations: one of a save and a resolution of the same annotation wins whole", async () => {
    const task = await newTask();
    const ids = await insertFlagged(task, [0.1, 0.2, 0.3, 0.4]);
    const reviews = new ReviewService(new ReviewRepository(db, 30_000));
    const edits = new AnnotationEditService({
      tasks,
      edits: new AnnotationEditRepository(db, 30_000),
      limits: { maxItems: 10, maxPointsPerShape: 100 },
    });
    // Each pair races a save updating the annotation (version 1, as read) and a REJECT of it; other saves add shapes.
    const box = (id: string) => ({
      id,
      version: 1,
      labelId: task.car,
      type: null,
      points: [1, 1, 5, 5],
      mask: null,
      attributes: [],
      occluded: false,
      outside: false,
      elements: [],
    });
    const settled = await Promise.allSettled(
      ids.flatMap((id) => [
        edits.save(DEFAULT_TENANT, task.id, { expectedVersion: null, create: [], update: [box(id)], delete: [] }),
        reviews.resolve(DEFAULT_TENANT, task.id, [id], "REJECT"),
      ]),
    );
    let changes = 0;
    for (let i = 0; i < ids.length; i++) {
      const [save, rejection] = [settled[2 * i], settled[2 * i + 1]];
      const codeOf = (r: PromiseSettledResult<unknown>) => (r.status === "rejected" ? (r.reason as AppError).code : "OK");
      const outcome = [codeOf(save), codeOf(rejection)];
      // The save first: the annotation is MANUAL and out of the queue. The rejection first: the save's annotation is gone.
      assert.ok(
        (outcome[0] === "OK" && outcome[1] === TaskErrorCode.NotFlaggedForReview) ||
          (outcome[0] === TaskErrorCode.Conflict && outcome[1] === "OK"),
        `pair ${i}: ${outcome.join(", ")}`,
      );
      changes += 1;
    }
    const after = await annotations(task);
    assert.equal(after.version, changes, "every change counted once");
    for (const node of after.nodes) assert.deepEqual([node.source, node.needsReview, node.version], ["MANUAL", false, 2]);
    const saved = settled.filter((r, i) => i % 2 === 0 && r.status === "fulfilled").length;
    assert.equal(after.nodes.length, saved);
    assert.equal(dataOf(await exec(QUEUE, { id: task.id, first: 10 })).task.reviewQueue.totalCount, 0);
  });
});
