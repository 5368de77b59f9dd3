import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ack, handler, type ConsumerHandle } from "@prelabel/messaging";
import { Consumers, Contracts, create, ShapeType, Streams, type MessageInitShape, type TrackingSettingsSchema } from "@prelabel/proto";
import { graphql, type ExecutionResult } from "graphql";
import type { DataSource } from "typeorm";
import { ShapeType as DomainShapeType } from "../src/domain/label-types.js";
import { planAnnotations, type StagedShape } from "../src/domain/staged-shape.js";
import { createDataSource } from "../src/persistence/data-source.js";
import { StagingRepository } from "../src/persistence/staging.repository.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import {
  CREATE_TASK,
  createInfra,
  dataOf,
  eventually,
  SAMPLE_LABELS,
  serveTask,
  serviceConfig,
  type Infra,
  type ServedTask,
} from "./support/harness.js";
import { DEFAULT_TENANT, SELF_HOSTED_CALLER } from "./support/callers.js";

type Event =
  | { kind: "committed"; jobId: string; taskId: string; annotationCount: number; removedCount: number; trackCount: number }
  | { kind: "discarded"; jobId: string; taskId: string };

let infra: Infra;
let service: ServedTask;
let db: DataSource;
let listener: ConsumerHandle;
const events: Event[] = [];
let task: any;
let labels: { car: string; person: string; head: string; foot: string; road: string };

before(async () => {
  infra = await createInfra();
  service = await serveTask(serviceConfig(infra));
  db = createDataSource({ url: infra.db.url, poolSize: 2 });
  await db.initialize();
  // Play annotation-job: listen to the task's outcome events on its durable consumer.
  listener = await infra.messaging.consume({
    ...Consumers.taskEvents,
    handlers: [
      handler(Contracts.annotationsCommitted, async (m) => {
        events.push({
          kind: "committed",
          jobId: m.jobId,
          taskId: m.taskId,
          annotationCount: m.annotationCount,
          removedCount: m.removedCount,
          trackCount: m.trackCount,
        });
        return ack();
      }),
      handler(Contracts.annotationsDiscarded, async (m) => {
        events.push({ kind: "discarded", jobId: m.jobId, taskId: m.taskId });
        return ack();
      }),
    ],
  });
  task = dataOf(await exec(CREATE_TASK, { input: { name: "flow", labels: SAMPLE_LABELS } })).createTask;
  const [car, person, road] = task.labels;
  labels = { car: car.id, person: person.id, head: person.sublabels[0].id, foot: person.sublabels[1].id, road: road.id };
  await new TaskRepository(db).appendFrames(
    DEFAULT_TENANT,
    task.id,
    [0, 1, 2, 3, 4].map((i) => ({
      name: `f${i}.png`,
      objectName: `sha256-${String(i).repeat(64)}`,
      width: 100,
      height: 100,
      sizeBytes: 1,
    })),
  );
});

after(async () => {
  await listener?.stop();
  await service?.stop();
  await db?.destroy();
  await infra?.cleanup();
});

function exec(source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<any>> {
  return graphql({ schema: service.schema, source, variableValues, contextValue: { ...SELF_HOSTED_CALLER } });
}

const ANNOTATIONS = `query ($id: ID!, $frame: Int) { task(id: $id) { annotations(frame: $frame, first: 500) { totalCount edges { node {
  id frame type points score source jobId occluded outside label { id name } mask { counts left top right bottom } attributes { name value }
  elements { frame type points outside label { name } source jobId } } } } } }`;

async function annotations(frame?: number): Promise<any[]> {
  const data = dataOf(await exec(ANNOTATIONS, { id: task.id, frame }));
  return data.task.annotations.edges.map((e: any) => e.node);
}

async function insertManual(frame: number): Promise<void> {
  await db.query(
    `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "source") VALUES (gen_random_uuid(), $1, $2, $3, 'RECTANGLE', '{0,0,10,10}', 'MANUAL')`,
    [task.id, frame, labels.car],
  );
}

type ShapeInit = MessageInitShape<typeof Contracts.frameInferred.schema>["shapes"];

function publishInferred(jobId: string, frame: number, shapes: ShapeInit, msgId = `${jobId}.${frame}`) {
  return infra.messaging.publish(
    Contracts.frameInferred,
    create(Contracts.frameInferred.schema, { jobId, taskId: task.id, frame, shapes, workerId: "test" }),
    {
      msgId,
    },
  );
}

function publishCommit(
  jobId: string,
  init: { clean: boolean; succeeded: number[]; start: number; stop: number; tracking?: MessageInitShape<typeof TrackingSettingsSchema> },
  msgId = `commit.${jobId}`,
) {
  return infra.messaging.publish(
    Contracts.commitAnnotations,
    create(Contracts.commitAnnotations.schema, {
      jobId,
      taskId: task.id,
      cleanOldAnnotations: init.clean,
      succeededFrames: init.succeeded,
      frameStart: init.start,
      frameStop: init.stop,
      ...(init.tracking ? { tracking: init.tracking } : {}),
    }),
    { msgId },
  );
}

function publishDiscard(jobId: string, msgId = `discard.${jobId}`) {
  return infra.messaging.publish(Contracts.discardAnnotations, create(Contracts.discardAnnotations.schema, { jobId, taskId: task.id }), {
    msgId,
  });
}

const eventsOf = (jobId: string) => events.filter((e) => e.jobId === jobId);
const waitForEvent = (jobId: string, kind: Event["kind"]) =>
  eventually(async () => eventsOf(jobId).find((e) => e.kind === kind), `${kind} event for ${jobId}`, 15_000);

async function count(sql: string, params: unknown[]): Promise<number> {
  const rows: { n: string }[] = await db.query(sql, params);
  return Number(rows[0].n);
}
const stagedRows = (jobId: string) => count(`SELECT count(*) AS n FROM "task"."staged_result" WHERE "job_id" = $1`, [jobId]);

/** Every command handled (work-queue stream empty) and every result staged or dropped (nothing pending). */
async function settle(): Promise<void> {
  const { jsm, ns } = infra.messaging;
  await eventually(async () => (await jsm.streams.info(ns.stream(Streams.taskCommands))).state.messages === 0, "task commands drained");
  await eventually(async () => {
    const c = await jsm.consumers.info(ns.stream(Consumers.stageResults.stream), Consumers.stageResults.durable);
    return c.num_pending === 0 && c.num_ack_pending === 0;
  }, "stage-results idle");
}

describe("stage → commit → committed", () => {
  it("waits for every succeeded frame, then replaces the range's old annotations with the staged ones, once", async () => {
    await insertManual(0);
    await insertManual(1);
    await insertManual(3); // outside the job's range: stays
    const jobId = "job-clean";

    // The commit arrives first: it must wait (nak) until frames 0 and 1 are staged.
    await publishCommit(jobId, { clean: true, succeeded: [0, 1], start: 0, stop: 2 });
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(eventsOf(jobId).length, 0, "no commit before the results are staged");

    await publishInferred(jobId, 0, [
      {
        labelId: labels.car,
        type: ShapeType.RECTANGLE,
        points: [1.5, 2.5, 30, 40],
        score: 0.875,
        attributes: [{ name: "color", value: "blue" }],
      },
      {
        labelId: labels.person,
        type: ShapeType.SKELETON,
        score: 0.5,
        elements: [
          { labelId: labels.head, type: ShapeType.POINTS, points: [10, 10] },
          { labelId: labels.foot, type: ShapeType.POINTS, points: [12, 40], outside: true },
        ],
      },
      { labelId: "00000000-0000-4000-8000-00000000dead", type: ShapeType.RECTANGLE, points: [0, 0, 1, 1] }, // not a task label: dropped
    ]);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(eventsOf(jobId).length, 0, "frame 1 is still missing");

    const mask = { counts: [3, 2, 4], left: 5, top: 6, right: 7, bottom: 8 };
    await publishInferred(jobId, 1, [
      { labelId: labels.road, type: ShapeType.MASK, points: [5, 6, 7, 8], mask, score: 0.25, occluded: true },
    ]);

    const committed = await waitForEvent(jobId, "committed");
    assert.deepEqual(committed, { kind: "committed", jobId, taskId: task.id, annotationCount: 3, removedCount: 2, trackCount: 0 });

    const all = await annotations();
    assert.deepEqual(
      all.map((a) => [a.frame, a.type, a.source]),
      [
        [0, "RECTANGLE", "AUTO"],
        [0, "SKELETON", "AUTO"],
        [1, "MASK", "AUTO"],
        [3, "RECTANGLE", "MANUAL"],
      ],
    );
    const [car, person, road, manual] = all;
    assert.equal(car.jobId, jobId);
    assert.equal(car.label.name, "car");
    assert.deepEqual(car.points, [1.5, 2.5, 30, 40]);
    assert.equal(car.score, 0.875);
    assert.deepEqual(car.attributes, [{ name: "color", value: "blue" }]);
    assert.deepEqual(car.elements, []);
    assert.equal(person.label.name, "person");
    assert.deepEqual(person.elements, [
      { frame: 0, type: "POINTS", points: [10, 10], outside: false, label: { name: "head" }, source: "AUTO", jobId },
      { frame: 0, type: "POINTS", points: [12, 40], outside: true, label: { name: "foot" }, source: "AUTO", jobId },
    ]);
    assert.deepEqual(road.mask, mask);
    assert.equal(road.score, 0.25);
    assert.equal(road.occluded, true);
    assert.equal(manual.jobId, null);
    assert.equal(manual.score, null);
    assert.equal(await stagedRows(jobId), 0);

    // The commit delivered again (another message id, so JetStream keeps it): nothing lands twice.
    await publishCommit(jobId, { clean: true, succeeded: [0, 1], start: 0, stop: 2 }, `commit.${jobId}.again`);
    // A late result for the applied job is dropped.
    await publishInferred(jobId, 2, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [1, 1, 2, 2] }]);
    await settle();
    assert.equal((await annotations()).length, 4);
    assert.equal(await stagedRows(jobId), 0);
    // The re-announcement reuses msg id committed.<jobId>, so JetStream stored the event once.
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(eventsOf(jobId).length, 1);

    // Paging the annotations: two per page, by frame then insertion order.
    const page1 = dataOf(
      await exec(
        `query ($id: ID!) { task(id: $id) { annotations(first: 2) { edges { node { frame } } pageInfo { hasNextPage endCursor } } } }`,
        { id: task.id },
      ),
    ).task.annotations;
    assert.deepEqual(
      page1.edges.map((e: any) => e.node.frame),
      [0, 0],
    );
    const page2 = dataOf(
      await exec(
        `query ($id: ID!, $after: String) { task(id: $id) { annotations(first: 2, after: $after) { edges { node { frame } } pageInfo { hasNextPage } } } }`,
        {
          id: task.id,
          after: page1.pageInfo.endCursor,
        },
      ),
    ).task.annotations;
    assert.deepEqual(
      page2.edges.map((e: any) => e.node.frame),
      [1, 3],
    );
    assert.equal(page2.pageInfo.hasNextPage, false);
  });

  it("adds to the old annotations when not cleaning", async () => {
    const jobId = "job-keep";
    const before = await annotations(3);
    assert.equal(before.length, 1);
    await publishInferred(jobId, 3, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [2, 2, 4, 4], score: 0.9 }]);
    await eventually(async () => (await stagedRows(jobId)) === 1, "frame 3 staged");
    // The same (job, frame) again under another message id (JetStream keeps both): the first result stays.
    await publishInferred(jobId, 3, [{ labelId: labels.road, type: ShapeType.MASK, points: [9, 9, 9, 9] }], `${jobId}.3.again`);
    await settle();
    assert.equal(await stagedRows(jobId), 1);
    await publishInferred(jobId, 4, []); // a frame with no detections is still a staged result
    await publishCommit(jobId, { clean: false, succeeded: [3, 4], start: 3, stop: 4 });
    assert.deepEqual(await waitForEvent(jobId, "committed"), {
      kind: "committed",
      jobId,
      taskId: task.id,
      annotationCount: 1,
      removedCount: 0,
      trackCount: 0,
    });
    assert.deepEqual(
      (await annotations(3)).map((a) => [a.source, a.type, a.points]),
      [
        ["MANUAL", "RECTANGLE", [0, 0, 10, 10]],
        ["AUTO", "RECTANGLE", [2, 2, 4, 4]],
      ],
    );
    assert.equal(await count(`SELECT count(*) AS n FROM "task"."applied_job" WHERE "job_id" = $1`, [jobId]), 1);
  });
});

describe("commit with tracking", () => {
  it("turns the command's tracking into tracks in the commit, counts them in the event, and a re-sent command changes nothing", async () => {
    const jobId = "job-tracked";
    const tracking = { enabled: true, iouThreshold: 0.3, maxAge: 30, minHits: 3, highScore: 0.5, lowScore: 0.1 };
    // Two cars over frames 0..4, moving right (the second scores only 0.2 on frame 3, once its track is confirmed: the
    // second stage extends it); a tag (not tracked) at 0.9 stays per frame, one at 0.2 is below the threshold.
    for (let frame = 0; frame <= 4; frame++) {
      await publishInferred(jobId, frame, [
        { labelId: labels.car, type: ShapeType.RECTANGLE, points: [frame * 2, 0, frame * 2 + 20, 20], score: 0.9 },
        { labelId: labels.car, type: ShapeType.RECTANGLE, points: [frame * 2, 50, frame * 2 + 20, 70], score: frame === 3 ? 0.2 : 0.8 },
        { labelId: labels.road, type: ShapeType.TAG, score: 0.9 },
        { labelId: labels.road, type: ShapeType.TAG, score: 0.2 },
      ]);
    }
    await publishCommit(jobId, { clean: false, succeeded: [0, 1, 2, 3, 4], start: 0, stop: 4, tracking });
    const committed = await waitForEvent(jobId, "committed");
    assert.deepEqual(committed, { kind: "committed", jobId, taskId: task.id, annotationCount: 5, removedCount: 0, trackCount: 2 });
    const tracks: { id: string; start_frame: number; end_frame: number; frames: number[] }[] = await db.query(
      `SELECT k."id", k."start_frame", k."end_frame", array_agg(s."frame" ORDER BY s."frame") AS "frames"
         FROM "task"."track" k JOIN "task"."track_shape" s ON s."track_id" = k."id" WHERE k."job_id" = $1 GROUP BY k."id" ORDER BY k."seq"`,
      [jobId],
    );
    assert.deepEqual(
      tracks.map((k) => [k.start_frame, k.end_frame, k.frames]),
      [
        [0, 4, [0, 1, 2, 3, 4]],
        [0, 4, [0, 1, 2, 3, 4]],
      ],
    );
    const tags: { n: string }[] = await db.query(`SELECT count(*) AS n FROM "task"."annotation" WHERE "job_id" = $1 AND "type" = 'TAG'`, [
      jobId,
    ]);
    assert.equal(Number(tags[0].n), 5);
    assert.equal(await count(`SELECT count(*) AS n FROM "task"."annotation" WHERE "job_id" = $1 AND "type" = 'RECTANGLE'`, [jobId]), 0);

    // The command again (the sweeper's re-send has its own message id), and a late duplicate of a frame: nothing changes.
    await publishInferred(
      jobId,
      1,
      [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [500, 500, 520, 520], score: 0.99 }],
      `${jobId}.1.late`,
    );
    await publishCommit(jobId, { clean: false, succeeded: [0, 1, 2, 3, 4], start: 0, stop: 4, tracking }, `commit.${jobId}.r1`);
    await settle();
    assert.equal(eventsOf(jobId).length, 1, "the re-announcement has the same message id: JetStream keeps one");
    const after: typeof tracks = await db.query(
      `SELECT k."id", k."start_frame", k."end_frame", array_agg(s."frame" ORDER BY s."frame") AS "frames"
         FROM "task"."track" k JOIN "task"."track_shape" s ON s."track_id" = k."id" WHERE k."job_id" = $1 GROUP BY k."id" ORDER BY k."seq"`,
      [jobId],
    );
    assert.deepEqual(after, tracks);
  });
});

describe("discard", () => {
  it("drops the staged results, ignores later ones and leaves annotations as they were", async () => {
    const jobId = "job-cancelled";
    const beforeCount = (await annotations()).length;
    await publishInferred(jobId, 0, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [1, 1, 5, 5] }]);
    await publishInferred(jobId, 1, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [1, 1, 5, 5] }]);
    await eventually(async () => (await stagedRows(jobId)) === 2, "two staged rows");

    await publishDiscard(jobId);
    assert.deepEqual(await waitForEvent(jobId, "discarded"), { kind: "discarded", jobId, taskId: task.id });
    assert.equal(await stagedRows(jobId), 0);
    assert.equal(await count(`SELECT count(*) AS n FROM "task"."discarded_job" WHERE "job_id" = $1`, [jobId]), 1);

    // Late results, a stray commit and a repeated discard change nothing.
    await publishInferred(jobId, 2, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [1, 1, 5, 5] }]);
    await publishCommit(jobId, { clean: true, succeeded: [0, 1], start: 0, stop: 4 });
    await publishDiscard(jobId, `discard.${jobId}.again`);
    await settle();
    assert.equal(await stagedRows(jobId), 0);
    assert.equal((await annotations()).length, beforeCount);
    assert.ok(eventsOf(jobId).every((e) => e.kind === "discarded"));
  });

  it("discarding a commit stuck waiting for a frame (the job sweeper giving up) applies nothing, even when the frame arrives later", async () => {
    const jobId = "job-stalled-commit";
    const beforeCount = (await annotations()).length;
    await publishInferred(jobId, 0, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [2, 2, 6, 6] }]);
    await eventually(async () => (await stagedRows(jobId)) === 1, "one staged row");
    // Frame 1's result was lost: the commit (and its re-send) keep waiting.
    await publishCommit(jobId, { clean: true, succeeded: [0, 1], start: 0, stop: 1 });
    await publishCommit(jobId, { clean: true, succeeded: [0, 1], start: 0, stop: 1 }, `commit.${jobId}.r1`);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(eventsOf(jobId).length, 0, "nothing committed while a frame is missing");

    await publishDiscard(jobId, `discard.${jobId}.r2`);
    assert.deepEqual(await waitForEvent(jobId, "discarded"), { kind: "discarded", jobId, taskId: task.id });
    await publishInferred(jobId, 1, [{ labelId: labels.car, type: ShapeType.RECTANGLE, points: [2, 2, 6, 6] }]);
    await settle();
    assert.equal(await stagedRows(jobId), 0);
    assert.equal((await annotations()).length, beforeCount, "no half-written results");
    assert.ok(
      eventsOf(jobId).every((e) => e.kind === "discarded"),
      "the waiting commits were dropped, not applied",
    );
  });
});

describe("staging idempotency", () => {
  it("stores a (job, frame) once and refuses results of settled jobs", async () => {
    const staging = new StagingRepository(db);
    const shape = {
      labelId: labels.car,
      type: DomainShapeType.RECTANGLE,
      points: [1, 2, 3, 4],
      mask: null,
      score: null,
      attributes: [],
      elements: [],
      occluded: false,
      outside: false,
    };
    assert.equal(await staging.stage(DEFAULT_TENANT, "job-direct", task.id, 0, [shape]), "staged");
    assert.equal(await staging.stage(DEFAULT_TENANT, "job-direct", task.id, 0, []), "duplicate");
    assert.equal(await staging.stage(DEFAULT_TENANT, "job-direct", "00000000-0000-4000-8000-000000000000", 1, []), "task-missing");
    assert.equal(await staging.stage(DEFAULT_TENANT, "job-clean", task.id, 4, [shape]), "job-closed");
    assert.equal(await staging.stage(DEFAULT_TENANT, "job-cancelled", task.id, 4, [shape]), "job-closed");
    const waiting = await staging.commit({
      tenantId: DEFAULT_TENANT,
      jobId: "job-direct",
      taskId: task.id,
      cleanOldAnnotations: false,
      succeededFrames: [0, 1],
      frameStart: 0,
      frameStop: 1,
    });
    assert.deepEqual(waiting, { kind: "waiting", missingFrames: [1] });
    const stagedAfterWait: { shapes: unknown[] }[] = await db.query(
      `SELECT "shapes" FROM "task"."staged_result" WHERE "job_id" = 'job-direct'`,
    );
    assert.equal(stagedAfterWait.length, 1);
    assert.equal(stagedAfterWait[0].shapes.length, 1);
    // Another tenant's messages never touch the task: not staged, not committed, not discarded.
    assert.equal(await staging.stage("tenant-b", "job-direct", task.id, 1, [shape]), "task-missing");
    const foreign = {
      tenantId: "tenant-b",
      jobId: "job-direct",
      taskId: task.id,
      cleanOldAnnotations: true,
      succeededFrames: [0],
      frameStart: 0,
      frameStop: 1,
    };
    assert.deepEqual(await staging.commit(foreign), { kind: "foreign" });
    assert.deepEqual(await staging.discard("tenant-b", "job-direct", task.id), { kind: "foreign" });
    assert.equal(
      (await db.query(`SELECT 1 FROM "task"."staged_result" WHERE "job_id" = 'job-direct'`)).length,
      1,
      "the staged frame is still there",
    );
    assert.equal(
      (await db.query(`SELECT 1 FROM "task"."discarded_job" WHERE "job_id" = 'job-direct'`)).length,
      0,
      "and the job was not recorded as discarded",
    );
    await staging.discard(DEFAULT_TENANT, "job-direct", task.id);
  });
});

describe("the set-based commit", () => {
  it("stores exactly what planAnnotations plans: rows, order, fields, and the dropped count", async () => {
    const staging = new StagingRepository(db);
    const jobId = "job-set-based";
    const shape = (labelId: string, extra: Partial<StagedShape> = {}): StagedShape => ({
      labelId,
      type: DomainShapeType.RECTANGLE,
      points: [1.5, 2.25, 30, 40.125],
      mask: null,
      score: 0.875,
      attributes: [],
      elements: [],
      occluded: false,
      outside: false,
      ...extra,
    });
    const staged = [
      {
        frame: 3,
        shapes: [
          shape(labels.car, { attributes: [{ name: "color", value: 'red "quoted" {braces}' }], occluded: true }),
          shape("not-a-label-of-the-task"),
          shape(labels.person, {
            type: DomainShapeType.SKELETON,
            points: [],
            score: null,
            elements: [
              shape(labels.foot, { type: DomainShapeType.POINTS, points: [5, 6], outside: true }),
              shape(labels.car, { type: DomainShapeType.POINTS, points: [7, 8] }), // not a sublabel of person
              shape(labels.head, { type: DomainShapeType.POINTS, points: [1e-7, 123456.5] }),
            ],
          }),
        ],
      },
      {
        frame: 1,
        shapes: [
          shape(labels.road, { type: DomainShapeType.MASK, points: [], mask: { counts: [3, 2, 1], left: 1, top: 2, right: 3, bottom: 4 } }),
        ],
      },
      { frame: 2, shapes: [] },
      { frame: 4, shapes: [shape(labels.head)] }, // a sublabel at the top level
    ];
    for (const { frame, shapes } of staged) assert.equal(await staging.stage(DEFAULT_TENANT, jobId, task.id, frame, shapes), "staged");
    const before = await count(`SELECT max("seq") AS n FROM "task"."annotation"`, []);

    const outcome = await staging.commit({
      tenantId: DEFAULT_TENANT,
      jobId,
      taskId: task.id,
      cleanOldAnnotations: false,
      succeededFrames: [1, 2, 3, 4],
      frameStart: 1,
      frameStop: 4,
    });
    const labelTree = (await new TaskRepository(db).labelTreesInAnyTenant([task.id])).get(task.id)!;
    let n = 0;
    const plan = planAnnotations(staged, labelTree, () => `id-${n++}`);
    assert.deepEqual(outcome, {
      kind: "applied",
      annotationCount: plan.topLevelCount,
      removedCount: 0,
      trackCount: 0,
      droppedShapes: plan.dropped,
      reviewCount: 0,
    });
    assert.equal(plan.dropped, 3);

    const rows: any[] = await db.query(
      `SELECT "id", "parent_id", "frame", "label_id", "type", "points", "mask", "score", "source", "job_id", "attributes", "occluded", "outside"
         FROM "task"."annotation" WHERE "job_id" = $1 AND "seq" > $2 ORDER BY "seq"`,
      [jobId, before],
    );
    const position = new Map(rows.map((r, i) => [r.id, i]));
    const planned = new Map(plan.rows.map((r, i) => [r.id, i]));
    // real (float4) columns: compared at float4 precision.
    const real = (xs: number[]) => xs.map((x) => Number(x.toPrecision(6)));
    assert.deepEqual(
      rows.map((r) => ({
        parent: r.parent_id === null ? null : position.get(r.parent_id),
        frame: r.frame,
        labelId: r.label_id,
        type: r.type,
        points: real(r.points),
        mask: r.mask,
        score: r.score === null ? null : real([r.score])[0],
        attributes: r.attributes,
        occluded: r.occluded,
        outside: r.outside,
        source: r.source,
        jobId: r.job_id,
      })),
      plan.rows.map((r) => ({
        parent: r.parentId === null ? null : planned.get(r.parentId),
        frame: r.frame,
        labelId: r.labelId,
        type: r.type,
        points: real(r.points),
        mask: r.mask,
        score: r.score === null ? null : real([r.score])[0],
        attributes: r.attributes,
        occluded: r.occluded,
        outside: r.outside,
        source: "AUTO",
        jobId,
      })),
    );
    assert.equal(await stagedRows(jobId), 0, "the staged rows went in the same transaction");
  });
});
