import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Subscription } from "@nats-io/transport-node";
import { RemoteServiceError } from "@prelabel/messaging";
import {
  AttributeInputType,
  create,
  DescribeTaskReplySchema,
  DescribeTaskRequestSchema,
  Endpoints,
  ShapeType,
  toBinary,
  type DescribeTaskReply,
} from "@prelabel/proto";
import { MAX_FRAMES_PER_PAGE, serveDescribeTask } from "../src/messaging/endpoints/describe-task.endpoint.js";
import { TaskRepository } from "../src/persistence/task.repository.js";
import { CREATE_TASK, createSchemaHarness, dataOf, SAMPLE_LABELS, type SchemaHarness } from "./support/harness.js";
import { DEFAULT_TENANT } from "./support/callers.js";

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

const describeTask = (init: {
  taskId: string;
  tenantId?: string;
  frameStart?: number;
  frameStop?: number;
  omitFrames?: boolean;
  frameLimit?: number;
}) => h.messaging.request(Endpoints.describeTask, create(DescribeTaskRequestSchema, init));

/** Bytes of a reply on the wire (protobuf encoding is deterministic for these messages). */
const wireBytes = (reply: DescribeTaskReply) => toBinary(DescribeTaskReplySchema, reply).byteLength;
const ONE_MB = 1024 * 1024;

describe("task.v1.describe-task", () => {
  let task: any;

  before(async () => {
    task = dataOf(await h.exec(CREATE_TASK, { input: { name: "described", labels: SAMPLE_LABELS } })).createTask;
    await tasks.appendFrames(
      DEFAULT_TENANT,
      task.id,
      [0, 1, 2, 3].map((i) => ({
        name: `f${i}.png`,
        objectName: `sha256-${String(i).repeat(64)}`,
        width: i === 2 ? null : 100 + i,
        height: i === 2 ? null : 50,
        sizeBytes: 10,
      })),
    );
  });

  it("describes labels with ids, attributes and sublabels, and every frame when no range is given", async () => {
    const reply = await describeTask({ taskId: task.id });
    assert.equal(reply.taskId, task.id);
    assert.equal(reply.name, "described");
    assert.equal(reply.size, 4);
    assert.deepEqual(
      reply.labels.map((l) => [l.id, l.name, l.type]),
      [
        [task.labels[0].id, "car", ShapeType.RECTANGLE],
        [task.labels[1].id, "person", ShapeType.SKELETON],
        [task.labels[2].id, "road", ShapeType.MASK],
      ],
    );
    const color = reply.labels[0].attributes[0];
    assert.deepEqual(
      [color.name, color.inputType, color.values, color.defaultValue],
      ["color", AttributeInputType.SELECT, ["red", "blue"], "red"],
    );
    assert.equal(reply.labels[0].attributes[1].defaultValue, undefined);
    assert.deepEqual(
      reply.labels[1].sublabels.map((s) => [s.id, s.name, s.type]),
      task.labels[1].sublabels.map((s: any) => [s.id, s.name, ShapeType.POINTS]),
    );
    assert.deepEqual(
      reply.frames.map((f) => f.index),
      [0, 1, 2, 3],
    );
  });

  it("limits frames to the inclusive range and reports unknown sizes as 0", async () => {
    const reply = await describeTask({ taskId: task.id, frameStart: 1, frameStop: 2 });
    assert.deepEqual(
      reply.frames.map((f) => [f.index, f.objectName.slice(0, 8), f.width, f.height]),
      [
        [1, "sha256-1", 101, 50],
        [2, "sha256-2", 0, 0],
      ],
    );
    assert.deepEqual(
      (await describeTask({ taskId: task.id, frameStart: 3 })).frames.map((f) => f.index),
      [3],
    );
    assert.deepEqual(
      (await describeTask({ taskId: task.id, frameStop: 0 })).frames.map((f) => f.index),
      [0],
    );
  });

  it("answers only for the request's tenant: another tenant's task is NOT_FOUND, an empty tenant is the default one", async () => {
    assert.equal((await describeTask({ taskId: task.id, tenantId: DEFAULT_TENANT, omitFrames: true })).taskId, task.id);
    for (const tenantId of ["tenant-b", "Default", " default-x"]) {
      await assert.rejects(
        describeTask({ taskId: task.id, tenantId, omitFrames: true }),
        (err: unknown) => err instanceof RemoteServiceError && err.code === "NOT_FOUND" && !err.message.includes("tenant"),
        tenantId,
      );
      await assert.rejects(
        describeTask({ taskId: task.id, tenantId, frameLimit: 10 }),
        (err: unknown) => err instanceof RemoteServiceError && err.code === "NOT_FOUND",
      );
    }
  });

  it("answers NOT_FOUND for an unknown or malformed task id", async () => {
    for (const taskId of ["00000000-0000-4000-8000-000000000000", "not-a-uuid"]) {
      await assert.rejects(describeTask({ taskId }), (err: unknown) => err instanceof RemoteServiceError && err.code === "NOT_FOUND");
    }
  });
});

describe("task.v1.describe-task paging (frames inserted with SQL)", () => {
  const FRAMES = 13_000; // ~85 bytes a FrameRef: over 1 MB in one reply
  let taskId: string;
  /** Pages the whole range as a client should, returning every reply. */
  const pageThrough = async (init: { frameStart?: number; frameStop?: number; frameLimit: number }) => {
    const replies: DescribeTaskReply[] = [];
    let frameStart = init.frameStart;
    for (;;) {
      const reply = await describeTask({ taskId, ...init, frameStart });
      replies.push(reply);
      if (reply.nextFrameStart === undefined) return replies;
      assert.ok(replies.length < 100, "paging must end");
      frameStart = reply.nextFrameStart;
    }
  };

  before(async () => {
    taskId = dataOf(await h.exec(CREATE_TASK, { input: { name: "huge", labels: SAMPLE_LABELS } })).createTask.id;
    await h.dataSource.query(
      `INSERT INTO "task"."frame" ("task_id", "index", "name", "object_name", "width", "height", "size_bytes")
       SELECT $1, i, 'f' || i || '.png', 'sha256-' || lpad(to_hex(i), 64, '0'), 640, 480, 1000 FROM generate_series(0, $2 - 1) AS i`,
      [taskId, FRAMES],
    );
    await h.dataSource.query(`UPDATE "task"."task" SET "size" = $2 WHERE "id" = $1`, [taskId, FRAMES]);
  });

  it("still answers PAYLOAD_TOO_LARGE to a client that does not page (the first version's behaviour)", async () => {
    await assert.rejects(
      describeTask({ taskId }),
      (err: unknown) => err instanceof RemoteServiceError && err.code === "PAYLOAD_TOO_LARGE" && /frame_limit/.test(err.message),
    );
  });

  it("omits the frames on request: name, size and labels only, whatever the range", async () => {
    const reply = await describeTask({ taskId, omitFrames: true, frameStart: 0, frameStop: 10, frameLimit: 5 });
    assert.deepEqual(
      [reply.name, reply.size, reply.labels.map((l) => l.name), reply.frames.length, reply.nextFrameStart],
      ["huge", FRAMES, ["car", "person", "road"], 0, undefined],
    );
  });

  it("pages every frame in order, each reply well under 1 MB, clamping frame_limit to the page maximum", async () => {
    const limit = Math.min(ONE_MB, h.messaging.nc.info?.max_payload ?? ONE_MB);
    const replies = await pageThrough({ frameLimit: 1_000_000 });
    assert.equal(replies.length, Math.ceil(FRAMES / MAX_FRAMES_PER_PAGE));
    for (const reply of replies.slice(0, -1)) assert.equal(reply.frames.length, MAX_FRAMES_PER_PAGE);
    for (const reply of replies) {
      assert.ok(wireBytes(reply) < limit / 2, `a page took ${wireBytes(reply)} bytes`);
      assert.deepEqual([reply.size, reply.labels.length], [FRAMES, 3], "every page carries the task's size and labels");
    }
    const indexes = replies.flatMap((r) => r.frames.map((f) => f.index));
    assert.deepEqual(
      indexes,
      Array.from({ length: FRAMES }, (_, i) => i),
    );
    assert.deepEqual(
      replies.map((r) => r.nextFrameStart),
      [...replies.slice(1).map((r) => r.frames[0].index), undefined],
    );
    const last = replies.at(-1)!.frames.at(-1)!;
    assert.deepEqual([last.objectName, last.width, last.height], [`sha256-${(FRAMES - 1).toString(16).padStart(64, "0")}`, 640, 480]);
  });

  it("pages within an inclusive range with a small frame_limit, and treats frame_limit <= 0 as the page maximum", async () => {
    const replies = await pageThrough({ frameStart: 4_490, frameStop: 4_512, frameLimit: 10 });
    assert.deepEqual(
      replies.map((r) => r.frames.map((f) => f.index)),
      [Array.from({ length: 10 }, (_, i) => 4_490 + i), Array.from({ length: 10 }, (_, i) => 4_500 + i), [4_510, 4_511, 4_512]],
    );
    assert.deepEqual(
      replies.map((r) => r.nextFrameStart),
      [4_500, 4_510, undefined],
    );

    // Exactly one page's worth: no next page.
    const exact = await describeTask({ taskId, frameStart: 100, frameStop: 109, frameLimit: 10 });
    assert.deepEqual([exact.frames.length, exact.nextFrameStart], [10, undefined]);

    for (const frameLimit of [0, -5]) {
      const reply = await describeTask({ taskId, frameLimit });
      assert.deepEqual(
        [reply.frames.length, reply.nextFrameStart],
        [MAX_FRAMES_PER_PAGE, MAX_FRAMES_PER_PAGE],
        `frame_limit ${frameLimit}`,
      );
    }
  });

  it("answers a range that fits in one reply without frame_limit, as before", async () => {
    const reply = await describeTask({ taskId, frameStart: 12_000 });
    assert.deepEqual([reply.frames.length, reply.frames[0].index, reply.nextFrameStart], [1_000, 12_000, undefined]);
  });
});
