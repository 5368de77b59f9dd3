import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RemoteServiceError } from "@prelabel/messaging";
import { AttributeInputType, create, DescribeTaskReplySchema, ShapeType, type DescribeTaskRequest } from "@prelabel/proto";
import { AppError } from "@prelabel/service-kit";
import { FRAME_PAGE_SIZE, NatsTaskDirectory } from "./task-directory.client.js";

const LABELS = [
  { id: "1", name: "car", type: ShapeType.MASK, attributes: [{ name: "c", inputType: AttributeInputType.RADIO, values: ["a"] }] },
];

/**
 * A describe-task endpoint over `size` frames that pages as the task service does: at most
 * `serverMax` frames a reply when `frame_limit` is set, `paging: false` plays a task service that
 * predates paging (ignores fields 4 and 5).
 */
function fakeTaskService(size: number, options: { serverMax?: number; paging?: boolean } = {}) {
  const requests: DescribeTaskRequest[] = [];
  const request = (async (_endpoint: unknown, req: DescribeTaskRequest) => {
    requests.push(req);
    const paging = options.paging ?? true;
    const start = Math.max(0, req.frameStart ?? 0);
    const stop = Math.min(size - 1, req.frameStop ?? size - 1);
    const all = [];
    if (!(paging && req.omitFrames)) for (let i = start; i <= stop; i++) all.push({ index: i, objectName: `sha256-${i}` });
    const limit = paging && req.frameLimit !== undefined ? Math.min(req.frameLimit, options.serverMax ?? 2_000) : Infinity;
    const frames = all.slice(0, limit);
    const next = all.length > limit ? all[limit].index : undefined;
    return create(DescribeTaskReplySchema, {
      taskId: "t",
      name: "big",
      size,
      labels: LABELS,
      frames,
      ...(next !== undefined ? { nextFrameStart: next } : {}),
    });
  }) as never;
  return { request, requests };
}

describe("NatsTaskDirectory", () => {
  it("describes the task without its frames (omit_frames) and translates the labels", async () => {
    const fake = fakeTaskService(10_000);
    const task = await new NatsTaskDirectory(fake).describeTask("tenant-a", "t");
    assert.deepEqual(task, {
      id: "t",
      name: "big",
      size: 10_000,
      labels: [{ id: "1", name: "car", type: "MASK", attributes: [{ name: "c", inputType: "RADIO", values: ["a"] }], sublabels: [] }],
    });
    assert.equal(fake.requests.length, 1);
    assert.equal(fake.requests[0].omitFrames, true);
    assert.equal(fake.requests[0].tenantId, "tenant-a", "the task service answers only for the caller's tenant");
    assert.equal(fake.requests[0].frameLimit, undefined);
  });

  it("pages through the range with frame_limit, following next_frame_start", async () => {
    const fake = fakeTaskService(4_500);
    const frames = await new NatsTaskDirectory(fake).listFrames("tenant-a", "t", { start: 0, stop: 4_499 });
    assert.deepEqual(
      frames.map((f) => f.index),
      Array.from({ length: 4_500 }, (_, i) => i),
    );
    assert.deepEqual(
      fake.requests.map((r) => [r.frameStart, r.frameStop, r.frameLimit, r.omitFrames]),
      [
        [0, 4_499, FRAME_PAGE_SIZE, false],
        [2_000, 4_499, FRAME_PAGE_SIZE, false],
        [4_000, 4_499, FRAME_PAGE_SIZE, false],
      ],
    );
  });

  it("keeps to the requested range and follows a server that clamps pages below what was asked", async () => {
    const fake = fakeTaskService(5_000, { serverMax: 700 });
    const frames = await new NatsTaskDirectory(fake).listFrames("tenant-a", "t", { start: 1_000, stop: 2_500 });
    assert.deepEqual([frames.length, frames[0].index, frames.at(-1)?.index], [1_501, 1_000, 2_500]);
    assert.deepEqual(
      fake.requests.map((r) => r.frameStart),
      [1_000, 1_700, 2_400],
    );
    assert.ok(fake.requests.every((r) => r.frameStop === 2_500));
    assert.ok(
      fake.requests.every((r) => r.tenantId === "tenant-a"),
      "every page asks as the tenant",
    );
  });

  it("asks for its own page size, and takes everything at once from a task service that predates paging", async () => {
    const small = fakeTaskService(25);
    assert.equal((await new NatsTaskDirectory(small, 1_000, 10).listFrames("tenant-a", "t", { start: 0, stop: 24 })).length, 25);
    assert.deepEqual(
      small.requests.map((r) => [r.frameStart, r.frameLimit]),
      [
        [0, 10],
        [10, 10],
        [20, 10],
      ],
    );

    const old = fakeTaskService(3_000, { paging: false });
    assert.equal((await new NatsTaskDirectory(old).listFrames("tenant-a", "t", { start: 0, stop: 2_999 })).length, 3_000);
    assert.equal(old.requests.length, 1);
  });

  it("refuses a page that does not advance instead of looping", async () => {
    const stuck = (async () =>
      create(DescribeTaskReplySchema, { taskId: "t", size: 10, frames: [{ index: 3, objectName: "x" }], nextFrameStart: 3 })) as never;
    await assert.rejects(
      new NatsTaskDirectory({ request: stuck }).listFrames("tenant-a", "t", { start: 3, stop: 9 }),
      (e: unknown) => e instanceof AppError && e.code === "SERVICE_UNAVAILABLE",
    );
  });

  it("maps a failed request to an AppError, on any page", async () => {
    const directory = new NatsTaskDirectory({ request: async () => Promise.reject(new RemoteServiceError("NOT_FOUND", "x")) });
    await assert.rejects(directory.describeTask("tenant-a", "t"), (e: unknown) => e instanceof AppError && e.code === "NOT_FOUND");
    const fake = fakeTaskService(30);
    let calls = 0;
    const failsSecond = (async (...args: unknown[]) => {
      calls += 1;
      if (calls === 2) throw new RemoteServiceError("SERVICE_UNAVAILABLE", "did not answer");
      return (fake.request as (...a: unknown[]) => unknown)(...args);
    }) as never;
    await assert.rejects(
      new NatsTaskDirectory({ request: failsSecond }, 1_000, 10).listFrames("tenant-a", "t", { start: 0, stop: 29 }),
      (e: unknown) => e instanceof AppError && e.code === "SERVICE_UNAVAILABLE",
    );
  });
});
