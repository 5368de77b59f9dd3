import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { create, FrameFailedSchema, FrameInferredSchema, InferFrameSchema, ShapeSchema, ShapeType, type InferFrame } from "@prelabel/proto";
import { AppError, createLogger } from "@prelabel/service-kit";
import type { TaskAnnotations } from "../clients/task-annotations.client.js";
import type { Evaluation, EvaluationResults } from "../domain/evaluation.js";
import type { EvalShape } from "../domain/evaluation-geometry.js";
import type { EvaluationCounters, EvaluationRepository } from "../domain/evaluation.repository.js";
import type { MetricsFunction } from "../domain/evaluation-scoring.js";
import { TenantLimitError } from "../domain/job.errors.js";
import type { TaskDescription } from "../domain/labels.js";
import { EvaluationService, type FrameInferencePort, type RunValidator, type ValidatedEvaluationRun } from "./evaluation.service.js";

const TENANT = "tenant-a";
const task: TaskDescription = {
  id: "t1",
  name: "people",
  size: 10,
  labels: [{ id: "person", name: "person", type: "RECTANGLE", attributes: [], sublabels: [] }],
};
const run = (indexes: readonly number[]): ValidatedEvaluationRun => ({
  task,
  model: { id: "m1", name: "det", runtime: "catalog:coco", defaultThreshold: 0.4, returnsMasks: false, labels: [] },
  threshold: 0.4,
  labelThresholds: [{ taskLabelId: "person", taskLabel: "person", threshold: 0.6 }],
  mapping: [
    { modelLabel: "person", taskLabelId: "person", taskLabel: "person", taskLabelType: "RECTANGLE", attributes: [], sublabels: [] },
  ],
  tiling: null,
  convertMasksToPolygons: false,
  frames: indexes.map((index) => ({ index, objectName: `o${index}` })),
});
const box = (x: number): EvalShape => ({ labelId: "person", type: "RECTANGLE", points: [x, 0, x + 10, 10], elements: [], outside: false });

class MemoryEvaluations implements EvaluationRepository {
  readonly rows = new Map<string, Evaluation>();
  insert = async (e: Evaluation) => (this.rows.set(e.id, { ...e }), e);
  findById = async (tenantId: string, id: string) => {
    const e = this.rows.get(id);
    return e && e.tenantId === tenantId ? e : null;
  };
  listByTask = async () => [...this.rows.values()];
  progress = async (id: string, c: EvaluationCounters) => void this.patch(id, c);
  complete = async (id: string, c: EvaluationCounters, results: EvaluationResults, now: Date) =>
    this.patch(id, { ...c, results, status: "COMPLETED", finishedAt: now });
  fail = async (id: string, code: string, reason: string, c: EvaluationCounters | null, now: Date) =>
    this.patch(id, { ...(c ?? {}), status: "FAILED", failureCode: code, failureReason: reason, finishedAt: now });
  failStale = async () => [];
  deleteByTask = async (tenantId: string, taskId: string) => {
    const gone = [...this.rows.values()].filter((e) => e.tenantId === tenantId && e.taskId === taskId);
    for (const e of gone) this.rows.delete(e.id);
    return gone.length;
  };
  private patch(id: string, p: Partial<Evaluation>): Evaluation | null {
    const e = this.rows.get(id);
    if (!e || e.status !== "RUNNING") return null;
    const next = { ...e, ...p };
    this.rows.set(id, next);
    return next;
  }
}

function setup(
  opts: {
    groundTruth?: Map<number, EvalShape[]>;
    infer?: FrameInferencePort["infer"];
    usage?: (frames: number) => Promise<unknown>;
  } = {},
) {
  const calls: string[] = [];
  const sent: InferFrame[] = [];
  const evaluations = new MemoryEvaluations();
  const validator: RunValidator = {
    validateRun: async (tenantId, request, frames) => {
      assert.equal(tenantId, TENANT);
      calls.push(`validate:${frames.kind}${frames.kind === "indexes" ? `:${frames.indexes.join(",")}` : ""}`);
      if (request.threshold === 2) throw new AppError("INVALID_THRESHOLD", "bad threshold");
      return run(frames.kind === "indexes" ? frames.indexes : []);
    },
  };
  const annotations: TaskAnnotations = {
    manualAnnotations: async (_tenant, _task, frames) => {
      calls.push(`gt:${frames ? frames.join(",") : "discover"}`);
      return (
        opts.groundTruth ??
        new Map([
          [2, [box(0)]],
          [5, [box(50)]],
        ])
      );
    },
  };
  const metricsCalls: Parameters<MetricsFunction>[] = [];
  const metrics: MetricsFunction = (gt, det, options) => {
    metricsCalls.push([gt, det, options]);
    return {
      categories: [
        {
          categoryId: "person",
          groundTruthCount: gt.length,
          detectionCount: det.length,
          ap: 0.6,
          ap50: 0.9,
          ap75: 0.5,
          curve: [],
          bestF1: null,
          atThreshold: null,
        },
      ],
    };
  };
  const inference: FrameInferencePort = {
    infer:
      opts.infer ??
      (async (message) => {
        sent.push(message);
        if (message.frame === 5)
          return { ok: false, failed: create(FrameFailedSchema, { frame: 5, code: "CORRUPT_IMAGE", reason: "bad bytes" }) };
        const shape = create(ShapeSchema, { labelId: "person", type: ShapeType.RECTANGLE, points: [1, 0, 11, 10], score: 0.8 });
        return { ok: true, inferred: create(FrameInferredSchema, { frame: message.frame, shapes: [shape] }) };
      }),
  };
  const service = new EvaluationService({
    evaluations,
    validator,
    annotations,
    inference,
    usage: {
      recordOnDemandUsage: async (tenantId, kind, frames) => {
        calls.push(`usage:${kind}:${frames}`);
        return opts.usage?.(frames);
      },
    },
    buildInferFrame: (settings, frame, ids) =>
      create(InferFrameSchema, {
        jobId: ids.jobId,
        tenantId: ids.tenantId,
        taskId: ids.taskId,
        frame: frame.index,
        frameObject: frame.objectName,
        threshold: settings.threshold,
      }),
    metrics,
    cocoKeypointSigmas: [],
    logger: createLogger("spec", "silent"),
    settings: { concurrency: 2, progressMs: 5 },
  });
  return { service, calls, sent, evaluations, metricsCalls };
}

describe("EvaluationService.start", () => {
  it("discovers the frames with manual annotations, counts them toward the quota, and answers RUNNING before the frames run", async () => {
    const { service, calls, evaluations, sent } = setup();
    const started = await service.start(TENANT, { taskId: "t1", modelId: "m1" });
    assert.equal(started.status, "RUNNING");
    assert.equal(started.framesTotal, 2);
    assert.deepEqual(started.labelThresholds, [{ taskLabelId: "person", taskLabel: "person", threshold: 0.6 }]);
    assert.deepEqual(calls, ["validate:none", "gt:discover", "validate:indexes:2,5", "usage:EVALUATION:2"]);
    await service.whenIdle();
    const done = evaluations.rows.get(started.id);
    assert.equal(done?.status, "COMPLETED");
    assert.equal(done?.framesDone, 1);
    assert.equal(done?.framesFailed, 1);
    assert.deepEqual(done?.failures, [{ frame: 5, code: "CORRUPT_IMAGE", reason: "bad bytes" }]);
    assert.equal(done?.results?.labels[0].ap50, 0.9);
    // The model runs at the low floor, not at the operating thresholds; the evaluation's id stands for the job's.
    assert.ok(sent.every((m) => Math.abs(m.threshold - 0.05) < 1e-6 && m.jobId === started.id && m.tenantId === TENANT));
  });

  it("compares only the frames the model ran on", async () => {
    const { service, metricsCalls } = setup();
    await service.start(TENANT, { taskId: "t1", modelId: "m1" });
    await service.whenIdle();
    const [gt, det, options] = metricsCalls[0];
    assert.deepEqual(
      gt.map((g) => g.imageId),
      ["2"],
    );
    assert.deepEqual(
      det.map((d) => [d.imageId, d.score]),
      [["2", 0.8]],
    );
    assert.equal(options.operatingThresholds?.person, 0.6);
  });

  it("validates given frames as a run does, then evaluates only those with manual annotations", async () => {
    const { service, calls } = setup();
    const started = await service.start(TENANT, { taskId: "t1", modelId: "m1", frames: [5, 2, 7] });
    assert.deepEqual(calls, ["validate:indexes:2,5,7", "gt:2,5,7", "usage:EVALUATION:2"]);
    assert.equal(started.framesTotal, 2);
    await service.whenIdle();
  });

  it("NO_GROUND_TRUTH when no frame has manual annotations; nothing is counted or stored", async () => {
    const { service, calls, evaluations } = setup({ groundTruth: new Map() });
    await assert.rejects(service.start(TENANT, { taskId: "t1", modelId: "m1" }), (e: AppError) => e.code === "NO_GROUND_TRUTH");
    assert.ok(!calls.some((c) => c.startsWith("usage")));
    assert.equal(evaluations.rows.size, 0);
  });

  it("refuses repeated frames before asking any service, and passes a run's validation errors through", async () => {
    const { service, calls } = setup();
    await assert.rejects(
      service.start(TENANT, { taskId: "t1", modelId: "m1", frames: [1, 1] }),
      (e: AppError) => e.code === "INVALID_FRAME_RANGE",
    );
    assert.deepEqual(calls, []);
    await assert.rejects(
      service.start(TENANT, { taskId: "t1", modelId: "m1", threshold: 2 }),
      (e: AppError) => e.code === "INVALID_THRESHOLD",
    );
  });

  it("a tenant over its frames per hour gets TENANT_FRAME_QUOTA and no evaluation", async () => {
    const { service, evaluations } = setup({
      usage: () => Promise.reject(new TenantLimitError({ kind: "framesPerHour", limit: 1, used: 1, requested: 2, retryAfterSeconds: 60 })),
    });
    await assert.rejects(service.start(TENANT, { taskId: "t1", modelId: "m1" }), (e: AppError) => e.code === "TENANT_FRAME_QUOTA");
    assert.equal(evaluations.rows.size, 0);
  });

  it("FAILED with NO_FRAME_EVALUATED when every frame fails", async () => {
    const { service, evaluations } = setup({
      infer: async (m) => ({
        ok: false,
        failed: create(FrameFailedSchema, { frame: m.frame, code: "MODEL_UNAVAILABLE", reason: "no worker" }),
      }),
    });
    const started = await service.start(TENANT, { taskId: "t1", modelId: "m1" });
    await service.whenIdle();
    const row = evaluations.rows.get(started.id);
    assert.equal(row?.status, "FAILED");
    assert.equal(row?.failureCode, "NO_FRAME_EVALUATED");
    assert.equal(row?.framesFailed, 2);
  });

  it("stop() interrupts a running evaluation: FAILED, EVALUATION_INTERRUPTED", async () => {
    const { service, evaluations } = setup({
      infer: (m, { signal }) =>
        new Promise((resolve) =>
          signal?.addEventListener("abort", () =>
            resolve({ ok: false, failed: create(FrameFailedSchema, { frame: m.frame, code: "INFERENCE_TIMEOUT", reason: "aborted" }) }),
          ),
        ),
    });
    const started = await service.start(TENANT, { taskId: "t1", modelId: "m1" });
    await service.stop();
    assert.equal(evaluations.rows.get(started.id)?.failureCode, "EVALUATION_INTERRUPTED");
  });
});

describe("EvaluationService reads", () => {
  it("another tenant's evaluation is null", async () => {
    const { service } = setup();
    const started = await service.start(TENANT, { taskId: "t1", modelId: "m1" });
    await service.whenIdle();
    assert.equal(await service.get("tenant-b", started.id), null);
    assert.equal((await service.get(TENANT, started.id))?.id, started.id);
  });
  it("bounds Task.evaluations(first)", async () => {
    const { service } = setup();
    await assert.rejects(service.listByTask(TENANT, "t1", 10_000), (e: AppError) => e.code === "BAD_USER_INPUT");
  });
});
