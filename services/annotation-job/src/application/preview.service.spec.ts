import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, FrameFailedSchema, FrameInferredSchema, InferFrameSchema, ShapeType, type InferFrame } from "@prelabel/proto";
import { AppError, createLogger } from "@prelabel/service-kit";
import type { FrameInference, FrameInferenceResult } from "../clients/frame-inference.client.js";
import { TenantLimitError } from "../domain/job.errors.js";
import type { OnDemandUsageKind } from "../domain/job.repository.js";
import { PreviewSlots } from "../domain/preview-frames.js";
import type { TenantLimits } from "../domain/tenant-limits.js";
import { PreviewService, type PreviewRequest, type PreviewRun } from "./preview.service.js";

const TENANT = "tenant-a";
const request: PreviewRequest = { taskId: "t1", modelId: "m1" };

const run = (frames: number[], extra: Partial<PreviewRun> = {}): PreviewRun => ({
  task: {
    id: "t1",
    name: "people",
    size: 10,
    labels: [
      { id: "l-face", name: "Face", type: "RECTANGLE", attributes: [], sublabels: [] },
      {
        id: "l-pose",
        name: "pose",
        type: "SKELETON",
        attributes: [],
        sublabels: [{ id: "l-nose", name: "nose", type: "POINTS", attributes: [], sublabels: [] }],
      },
    ],
  },
  model: { id: "m1", name: "m", runtime: "catalog:x", defaultThreshold: 0.5, returnsMasks: false, labels: [] },
  threshold: 0.5,
  labelThresholds: [{ taskLabelId: "l-face", taskLabel: "Face", threshold: 0.7 }],
  mapping: [],
  tracking: null,
  tiling: null,
  reviewBelow: 0.8,
  convertMasksToPolygons: false,
  cleanOldAnnotations: false,
  range: { start: Math.min(...frames), stop: Math.max(...frames), explicit: true },
  frames: frames.filter((f) => f < 10).map((index) => ({ index, objectName: `obj-${index}` })),
  ...extra,
});

const inferred = (message: InferFrame, scores: (number | undefined)[]): FrameInferenceResult => ({
  ok: true,
  inferred: create(FrameInferredSchema, {
    frame: message.frame,
    taskId: message.taskId,
    unmappedDetections: 1,
    droppedAttributeValues: 2,
    shapes: scores.map((score) => ({ labelId: "l-face", type: ShapeType.RECTANGLE, points: [1, 2, 3, 4], score })),
  }),
  decodeMs: 3,
  inferenceMs: 40,
});

function setup(
  options: {
    infer?: (message: InferFrame) => Promise<FrameInferenceResult>;
    validate?: (frames: number[]) => Promise<PreviewRun>;
    usage?: (tenantId: string, kind: OnDemandUsageKind, frames: number, limits?: TenantLimits) => Promise<void>;
    maxConcurrent?: number;
    frameConcurrency?: number;
  } = {},
) {
  const calls = { validate: [] as number[][], usage: [] as unknown[][], infer: [] as InferFrame[], inFlight: 0, maxInFlight: 0 };
  let now = 0;
  const inference: FrameInference = {
    infer: async (message) => {
      calls.infer.push(message);
      calls.inFlight++;
      calls.maxInFlight = Math.max(calls.maxInFlight, calls.inFlight);
      try {
        now += 50;
        return await (options.infer ?? ((m) => Promise.resolve(inferred(m, [0.9]))))(message);
      } finally {
        calls.inFlight--;
      }
    },
  };
  const limits = { maxConcurrentJobs: 3, maxFramesPerHour: 100 };
  const service = new PreviewService({
    validate: async (tenantId, req, frames) => {
      assert.equal(tenantId, TENANT);
      assert.equal(req, request);
      calls.validate.push(frames);
      return (options.validate ?? ((f) => Promise.resolve(run(f))))(frames);
    },
    message: (_run, frame, ids) =>
      create(InferFrameSchema, { ...ids, frame: frame.index, frameObject: frame.objectName, model: { id: "m1", runtime: "catalog:x" } }),
    inference,
    usage: {
      recordOnDemandUsage: async (...args) => {
        calls.usage.push(args);
        await options.usage?.(...args);
      },
    },
    limits,
    slots: new PreviewSlots(options.maxConcurrent ?? 2),
    frameTimeoutMs: 1_000,
    frameConcurrency: options.frameConcurrency ?? 4,
    logger: createLogger("preview-test", "silent"),
    clock: () => now++,
  });
  return { service, calls, limits };
}

const code = (expected: string, check?: (details: Record<string, unknown>) => void) => (err: unknown) => {
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.code, expected, err.message);
  check?.(err.details as Record<string, unknown>);
  return true;
};

describe("PreviewService", () => {
  it("runs the frames as validated and returns their shapes in the order asked, flagged under reviewBelow, with timing", async () => {
    const { service, calls, limits } = setup({
      infer: async (m) => inferred(m, m.frame === 4 ? [0.95, 0.6, undefined] : [0.81]),
    });
    const preview = await service.preview(TENANT, request, [4, 0, 7]);
    assert.deepEqual(calls.validate, [[4, 0, 7]]);
    assert.deepEqual(calls.usage, [[TENANT, "PREVIEW", 3, limits]], "counted once, as three frames, against the tenant's limits");
    assert.deepEqual(
      calls.infer.map((m) => [m.frame, m.frameObject, m.tenantId, m.taskId, m.jobId]),
      [
        [4, "obj-4", TENANT, "t1", ""],
        [0, "obj-0", TENANT, "t1", ""],
        [7, "obj-7", TENANT, "t1", ""],
      ],
    );
    assert.deepEqual(
      preview.frames.map((f) => f.frame),
      [4, 0, 7],
    );
    const [four] = preview.frames;
    assert.deepEqual(
      four.shapes.map((s) => [s.taskLabel, s.type, s.score === undefined ? null : Math.round(s.score * 100), s.needsReview]),
      [
        ["Face", "RECTANGLE", 95, false],
        ["Face", "RECTANGLE", 60, true],
        ["Face", "RECTANGLE", null, false],
      ],
    );
    assert.equal(four.inferenceMs, 40);
    assert.equal(four.decodeMs, 3);
    assert.ok(four.totalMs > 0);
    assert.equal(four.unmappedDetections, 1);
    assert.equal(four.droppedAttributeValues, 2);
    assert.equal(four.failure, undefined);
    assert.deepEqual(preview.thresholds, [{ taskLabelId: "l-face", taskLabel: "Face", threshold: 0.7 }]);
    assert.equal(preview.threshold, 0.5);
    assert.equal(preview.taskId, "t1");
    assert.equal(preview.modelId, "m1");
    assert.ok(preview.totalMs >= four.totalMs);
  });

  it("names skeleton points by their own sublabel, and flags nothing without reviewBelow", async () => {
    const { service } = setup({
      validate: async (f) => run(f, { reviewBelow: null }),
      infer: async (m) => ({
        ok: true,
        decodeMs: 1,
        inferenceMs: 2,
        inferred: create(FrameInferredSchema, {
          frame: m.frame,
          shapes: [
            {
              labelId: "l-pose",
              type: ShapeType.SKELETON,
              score: 0.1,
              elements: [{ labelId: "l-nose", type: ShapeType.POINTS, points: [5, 6], outside: true, score: 0.05 }],
            },
          ],
        }),
      }),
    });
    const [frame] = (await service.preview(TENANT, request, [1])).frames;
    const [skeleton] = frame.shapes;
    assert.equal(skeleton.taskLabel, "pose");
    assert.equal(skeleton.needsReview, false);
    assert.deepEqual(
      skeleton.elements.map((e) => [e.taskLabel, e.type, e.points, e.outside, e.needsReview]),
      [["nose", "POINTS", [5, 6], true, false]],
    );
  });

  it("a failed frame carries its failure and no shapes; the others are unaffected", async () => {
    const { service } = setup({
      infer: async (m) =>
        m.frame === 2
          ? { ok: false, failed: create(FrameFailedSchema, { frame: 2, code: "INFERENCE_TIMEOUT", reason: "too slow" }) }
          : inferred(m, [0.9]),
    });
    const preview = await service.preview(TENANT, request, [1, 2]);
    assert.equal(preview.frames[0].shapes.length, 1);
    assert.deepEqual(preview.frames[1].failure, { frame: 2, code: "INFERENCE_TIMEOUT", reason: "too slow" });
    assert.deepEqual(preview.frames[1].shapes, []);
    assert.equal(preview.frames[1].inferenceMs, undefined);
    assert.ok(preview.frames[1].totalMs > 0);
  });

  for (const [what, frames, detail] of [
    ["no frame", [], "frames"],
    ["17 frames", Array.from({ length: 17 }, (_, i) => i), "frames"],
    ["a repeated frame", [1, 2, 1], "duplicates"],
    ["a negative index", [1, -1], "invalid"],
  ] as const) {
    it(`${what} is INVALID_FRAME_RANGE before anything is asked or counted`, async () => {
      const { service, calls } = setup();
      await assert.rejects(
        service.preview(TENANT, request, frames),
        code("INVALID_FRAME_RANGE", (d) => assert.ok(detail in d, JSON.stringify(d))),
      );
      assert.deepEqual([calls.validate, calls.usage, calls.infer], [[], [], []]);
    });
  }

  it("over the frames per hour the preview is TENANT_FRAME_QUOTA and nothing runs", async () => {
    const { service, calls } = setup({
      usage: async (_t, _k, frames, limits) => {
        throw new TenantLimitError({
          kind: "framesPerHour",
          limit: limits!.maxFramesPerHour,
          used: 99,
          requested: frames,
          retryAfterSeconds: 30,
        });
      },
    });
    await assert.rejects(
      service.preview(TENANT, request, [1, 2]),
      code("TENANT_FRAME_QUOTA", (d) => assert.deepEqual(d, { limit: 100, used: 99, requested: 2, retryAfterSeconds: 30 })),
    );
    assert.deepEqual(calls.infer, []);
  });

  it("a tenant runs at most PREVIEW_MAX_CONCURRENT_PER_TENANT previews at once (PREVIEW_LIMIT); others' and later ones run", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const { service } = setup({ maxConcurrent: 2, infer: async (m) => (await gate, inferred(m, [0.9])) });
    const first = service.preview(TENANT, request, [1]);
    const second = service.preview(TENANT, request, [2]);
    await assert.rejects(
      service.preview(TENANT, request, [3]),
      code("PREVIEW_LIMIT", (d) => assert.deepEqual(d, { limit: 2, running: 2 })),
    );
    release();
    await Promise.all([first, second]);
    // Slots come back after success and after a failure alike.
    await assert.rejects(service.preview(TENANT, request, [1, 1]), code("INVALID_FRAME_RANGE"));
    const again = await Promise.all([service.preview(TENANT, request, [1]), service.preview(TENANT, request, [2])]);
    assert.equal(again.length, 2);
  });

  it("validation errors are a run's own, and free the slot", async () => {
    const { service } = setup({
      maxConcurrent: 1,
      validate: async () => {
        throw new AppError("INVALID_MAPPING", "no");
      },
    });
    await assert.rejects(service.preview(TENANT, request, [1]), code("INVALID_MAPPING"));
    await assert.rejects(service.preview(TENANT, request, [1]), code("INVALID_MAPPING"));
  });

  it("sends at most frameConcurrency frames at once", async () => {
    const { service, calls } = setup({
      frameConcurrency: 3,
      infer: async (m) => (await new Promise((r) => setTimeout(r, 5)), inferred(m, [])),
    });
    const preview = await service.preview(TENANT, request, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    assert.equal(preview.frames.length, 10);
    assert.equal(calls.maxInFlight, 3);
  });
});
