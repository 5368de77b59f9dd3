import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Subscription } from "@nats-io/transport-node";
import { RemoteServiceError } from "@prelabel/messaging";
import { create, Endpoints, ListAnnotationsRequestSchema, ShapeType, type ListAnnotationsReply } from "@prelabel/proto";
import { MAX_LIST_FRAMES, serveListAnnotations } from "../src/messaging/endpoints/list-annotations.endpoint.js";
import { AnnotationListReader } from "../src/persistence/annotation-list.reader.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { callerOf, DEFAULT_TENANT } from "./support/callers.js";
import { CREATE_TASK, createSchemaHarness, dataOf, SAMPLE_LABELS, type SchemaHarness } from "./support/harness.js";

let h: SchemaHarness;
let sub: Subscription;
let tasks: TaskRepository;

before(async () => {
  h = await createSchemaHarness();
  tasks = new TaskRepository(h.dataSource);
  sub = serveListAnnotations(h.messaging, tasks, new AnnotationListReader(h.dataSource), (err) => console.error(err));
});

after(async () => {
  sub?.unsubscribe();
  await h?.cleanup();
});

const list = (init: { taskId: string; tenantId?: string; frames?: number[]; manualOnly?: boolean; startFrame?: number }) =>
  h.messaging.request(Endpoints.listAnnotations, create(ListAnnotationsRequestSchema, init));

const SAVE = `mutation ($taskId: ID!, $input: SaveAnnotationsInput!) { saveAnnotations(taskId: $taskId, input: $input) { annotationsVersion } }`;

interface TestTask {
  id: string;
  car: string;
  person: string;
  head: string;
  foot: string;
  road: string;
}

async function newTask(tenant = DEFAULT_TENANT, frames = 4): Promise<TestTask> {
  const task = dataOf(await h.execAs(callerOf(tenant), CREATE_TASK, { input: { name: "listed", labels: SAMPLE_LABELS } })).createTask;
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

async function insertAuto(task: TestTask, frame: number, score: number): Promise<void> {
  await h.dataSource.query(
    `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "score", "source", "job_id")
     VALUES (gen_random_uuid(), $1, $2, $3, 'RECTANGLE', '{1,2,3,4}', $4, 'AUTO', 'job')`,
    [task.id, frame, task.car, score],
  );
}

const summary = (reply: ListAnnotationsReply) =>
  reply.frames.map((f) => [
    f.frame,
    f.shapes.map((s) => [s.labelId, s.type, s.score === undefined ? null : Math.round(s.score * 100) / 100]),
  ]);

describe("task.v1.list-annotations", () => {
  let task: TestTask;
  const mask = { counts: [1, 2, 1], left: 2, top: 3, right: 3, bottom: 4 };

  before(async () => {
    task = await newTask();
    dataOf(
      await h.exec(SAVE, {
        taskId: task.id,
        input: {
          create: [
            { frame: 0, labelId: task.car, points: [10, 10, 20, 20], attributes: [{ name: "color", value: "blue" }] },
            {
              frame: 0,
              labelId: task.person,
              elements: [
                { labelId: task.head, points: [10, 5] },
                { labelId: task.foot, points: [10, 45], outside: true },
              ],
            },
            { frame: 2, labelId: task.road, mask, occluded: true },
          ],
        },
      }),
    );
    await insertAuto(task, 0, 0.75);
    await insertAuto(task, 1, 0.5); // frame 1 has AUTO annotations only
  });

  it("answers each frame asked for with its MANUAL annotations by default: shapes in annotation.v1.Shape's form", async () => {
    const reply = await list({ taskId: task.id, frames: [2, 0, 1, 3, 0, 99] });
    assert.equal(reply.truncated, false);
    assert.deepEqual(summary(reply), [
      [
        0,
        [
          [task.car, ShapeType.RECTANGLE, null],
          [task.person, ShapeType.SKELETON, null],
        ],
      ],
      [1, []],
      [2, [[task.road, ShapeType.MASK, null]]],
      [3, []],
      [99, []],
    ]);
    const [car, person] = reply.frames[0].shapes;
    assert.deepEqual(car.points, [10, 10, 20, 20]);
    assert.deepEqual(
      car.attributes.map((a) => [a.name, a.value]),
      [["color", "blue"]],
    );
    assert.equal(car.mask, undefined);
    assert.deepEqual(
      person.elements.map((e) => [e.labelId, e.type, [...e.points], e.outside]),
      [
        [task.head, ShapeType.POINTS, [10, 5], false],
        [task.foot, ShapeType.POINTS, [10, 45], true],
      ],
    );
    const road = reply.frames[2].shapes[0];
    const { counts, left, top, right, bottom } = road.mask!;
    assert.deepEqual({ counts: [...counts], left, top, right, bottom }, mask);
    assert.equal(road.occluded, true);
  });

  it("with manual_only false answers every source, scores included", async () => {
    const reply = await list({ taskId: task.id, frames: [0, 1], manualOnly: false });
    assert.deepEqual(summary(reply), [
      [
        0,
        [
          [task.car, ShapeType.RECTANGLE, null],
          [task.person, ShapeType.SKELETON, null],
          [task.car, ShapeType.RECTANGLE, 0.75],
        ],
      ],
      [1, [[task.car, ShapeType.RECTANGLE, 0.5]]],
    ]);
  });

  it("without frames answers the frames having MANUAL annotations, from start_frame on", async () => {
    assert.deepEqual(
      (await list({ taskId: task.id })).frames.map((f) => f.frame),
      [0, 2],
    );
    assert.deepEqual(
      (await list({ taskId: task.id, startFrame: 1 })).frames.map((f) => f.frame),
      [2],
    );
    // Discovery looks at MANUAL annotations even when the shapes answered are of every source.
    assert.deepEqual(
      (await list({ taskId: task.id, manualOnly: false })).frames.map((f) => [f.frame, f.shapes.length]),
      [
        [0, 3],
        [2, 1],
      ],
    );
  });

  it("a task without annotations answers frames with no shapes", async () => {
    const empty = await newTask();
    assert.deepEqual(summary(await list({ taskId: empty.id, frames: [0, 1] })), [
      [0, []],
      [1, []],
    ]);
    assert.deepEqual((await list({ taskId: empty.id })).frames, []);
  });

  it("another tenant's task and an unknown one are NOT_FOUND; more than 5,000 frames is BAD_USER_INPUT", async () => {
    const isCode = (code: string) => (err: unknown) => err instanceof RemoteServiceError && err.code === code;
    await assert.rejects(list({ taskId: task.id, tenantId: "list-other" }), isCode("NOT_FOUND"));
    await assert.rejects(list({ taskId: "00000000-0000-4000-8000-000000000000" }), isCode("NOT_FOUND"));
    await assert.rejects(list({ taskId: "not-a-uuid" }), isCode("NOT_FOUND"));
    const tooMany = Array.from({ length: MAX_LIST_FRAMES + 1 }, (_, i) => i);
    await assert.rejects(list({ taskId: task.id, frames: tooMany }), isCode("BAD_USER_INPUT"));
  });

  it("pages: over 5,000 discovered frames, or more shapes than one NATS message carries, the reply is truncated and the next request goes on", async () => {
    const big = await newTask();
    // 5,002 frames with one MANUAL box each (frames need not exist for the endpoint; annotations are inserted directly).
    await h.dataSource.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "source")
       SELECT gen_random_uuid(), $1, f, $2, 'RECTANGLE', '{0,0,1,1}', 'MANUAL' FROM generate_series(0, 5001) AS f`,
      [big.id, big.car],
    );
    const first = await list({ taskId: big.id });
    assert.equal(first.frames.length, MAX_LIST_FRAMES);
    assert.equal(first.truncated, true);
    const last = first.frames[first.frames.length - 1].frame;
    const rest = await list({ taskId: big.id, startFrame: last + 1 });
    assert.deepEqual(
      rest.frames.map((f) => f.frame),
      [5000, 5001],
    );
    assert.equal(rest.truncated, false);

    // Four frames of one 100,000-point polygon each (~400 KB apiece): one reply cannot carry them all.
    const heavy = await newTask();
    await h.dataSource.query(
      `INSERT INTO "task"."annotation" ("id", "task_id", "frame", "label_id", "type", "points", "source")
       SELECT gen_random_uuid(), $1, f, $2, 'POLYGON', array_fill(1.5::real, ARRAY[100000]), 'MANUAL' FROM generate_series(0, 3) AS f`,
      [heavy.id, heavy.car],
    );
    const frames = [0, 1, 2, 3];
    const seen: number[] = [];
    let asked = frames;
    let rounds = 0;
    for (; rounds < 4 && asked.length; rounds++) {
      const reply = await list({ taskId: heavy.id, frames: asked });
      assert.ok(reply.frames.length > 0);
      for (const f of reply.frames) assert.equal(f.shapes[0].points.length, 100_000);
      seen.push(...reply.frames.map((f) => f.frame));
      assert.equal(reply.truncated, seen.length < frames.length);
      asked = frames.filter((f) => f > seen[seen.length - 1]);
    }
    assert.deepEqual(seen, frames);
    assert.ok(rounds > 1, "the frames took more than one reply");
  });
});
