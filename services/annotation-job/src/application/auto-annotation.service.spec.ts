import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, createLogger } from "@prelabel/service-kit";
import type { ModelDirectory } from "../clients/model-directory.client.js";
import type { TaskDirectory } from "../clients/task-directory.client.js";
import type { ModelDescription, TaskDescription, TaskFrame } from "../domain/labels.js";
import { AutoAnnotationService, type JobStore, type StartJobInput } from "./auto-annotation.service.js";

const task: TaskDescription = {
  id: "t1",
  name: "receipts",
  size: 3,
  labels: [{ id: "l1", name: "Text Line", type: "POLYGON", attributes: [], sublabels: [] }],
};
const frames: TaskFrame[] = [0, 1, 2].map((index) => ({ index, objectName: `sha256-${index}` }));
const model: ModelDescription = {
  id: "m1",
  name: "ocr",
  runtime: "catalog:text-detection",
  defaultThreshold: 0.3,
  returnsMasks: true,
  labels: [{ name: "text", type: "MASK", attributes: [], sublabels: [] }],
};

const TENANT = "tenant-a";

/** In-memory directories; the store refuses writes, so any test that gets that far fails loudly. */
function setup(overrides: { tasks?: Partial<TaskDirectory>; models?: Partial<ModelDirectory> } = {}) {
  const calls: string[] = [];
  const tasks: TaskDirectory = {
    describeTask: async (tenantId, id) => {
      calls.push(`task:${id}`);
      assert.equal(tenantId, TENANT, "the caller's tenant reaches the task service");
      if (id !== task.id) throw new AppError("NOT_FOUND", `Task ${id} was not found.`);
      return task;
    },
    listFrames: async (tenantId, id, range) => {
      assert.equal(tenantId, TENANT);
      calls.push(`frames:${id}:${range.start}..${range.stop}`);
      return frames.filter((f) => f.index >= range.start && f.index <= range.stop);
    },
    ...overrides.tasks,
  };
  const models: ModelDirectory = {
    describeModel: async (tenantId, id) => {
      calls.push(`model:${id}`);
      assert.equal(tenantId, TENANT, "the caller's tenant reaches the registry");
      if (id !== model.id) throw new AppError("NOT_FOUND", `Model ${id} was not found.`);
      return model;
    },
    ...overrides.models,
  };
  const refuse = () => Promise.reject(new Error("validation should have failed before any write"));
  const jobs: JobStore = {
    findById: async () => null,
    findActiveByTask: async () => null,
    listByTask: async (_tenant, _task, limit) => {
      calls.push(`jobs:limit ${limit}`);
      return [];
    },
    failures: async () => [],
    insert: refuse,
    transaction: refuse,
    touch: refuse,
  };
  const service = new AutoAnnotationService({
    jobs,
    tasks,
    models,
    dispatch: { inferFrames: refuse },
    annotations: { commit: refuse, discard: refuse },
    cancelMarks: { markCancelled: refuse },
    progress: { publish: () => undefined },
    logger: createLogger("spec", "silent"),
  });
  return { service, calls };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err.code;
  }
  assert.fail("expected an AppError");
}

const start = (service: AutoAnnotationService, input: Partial<StartJobInput>) =>
  service.start({ tenantId: TENANT, taskId: task.id, modelId: model.id, ...input });

describe("AutoAnnotationService.start validation (in-memory directories)", () => {
  it("rejects an invalid threshold before asking any other service", async () => {
    const { service, calls } = setup();
    for (const threshold of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.equal(await codeOf(start(service, { threshold })), "INVALID_THRESHOLD", String(threshold));
    }
    assert.deepEqual(calls, []);
  });
  it("rejects an inverted frame range before asking any other service", async () => {
    const { service, calls } = setup();
    assert.equal(await codeOf(start(service, { frameRange: { start: 2, stop: 1 } })), "INVALID_FRAME_RANGE");
    assert.deepEqual(calls, []);
  });
  it("reports the task's NOT_FOUND first when both are unknown", async () => {
    const { service } = setup();
    await assert.rejects(start(service, { taskId: "nope", modelId: "nope" }), /Task nope/);
    await assert.rejects(start(service, { modelId: "nope" }), /Model nope/);
  });
  it("rejects a range beyond the task and an empty task", async () => {
    assert.equal(await codeOf(start(setup().service, { frameRange: { start: 1, stop: 3 } })), "INVALID_FRAME_RANGE");
    const empty = setup({ tasks: { describeTask: async () => ({ ...task, size: 0 }) } });
    assert.equal(await codeOf(start(empty.service, {})), "TASK_EMPTY");
    const noRows = setup({ tasks: { listFrames: async () => [] } });
    assert.equal(await codeOf(start(noRows.service, {})), "TASK_EMPTY");
  });
  it("rejects a bad mapping with details naming the entries, before listing any frame", async () => {
    const { service, calls } = setup();
    const err = await start(service, { mapping: [{ modelLabel: "txt", taskLabel: "Text Line" }] }).catch((e: unknown) => e);
    assert.ok(err instanceof AppError);
    assert.equal(err.code, "INVALID_MAPPING");
    const problems = (err.details as { problems: { path: string; code: string }[] }).problems;
    assert.deepEqual(
      problems.map((p) => [p.path, p.code]),
      [["mapping[0]", "UNKNOWN_MODEL_LABEL"]],
    );
    assert.deepEqual(
      calls.filter((c) => c.startsWith("frames:")),
      [],
    );
  });
  it("uses the suggestion when the mapping is omitted (and gets as far as storing the job)", async () => {
    const { service, calls } = setup();
    // The refusing store proves validation passed: text (MASK) → Text Line (POLYGON) by synonym.
    await assert.rejects(start(service, {}), /validation should have failed before any write/);
    assert.deepEqual(
      calls.filter((c) => c.startsWith("frames:")),
      ["frames:t1:0..2"],
      "start lists the frames of the resolved range",
    );
    calls.length = 0;
    assert.deepEqual(
      (await service.suggestMapping(TENANT, task.id, model.id)).map((m) => [m.modelLabel, m.taskLabel, m.taskLabelType]),
      [["text", "Text Line", "POLYGON"]],
    );
    assert.deepEqual(calls.sort(), ["model:m1", "task:t1"], "a suggestion never lists frames");
  });
  it("refuses a model the registry marks unsupported with MODEL_NOT_SUPPORTED naming the reason, before listing frames or storing", async () => {
    const reason = "the Nuclio function siammask is a tracker; only detectors run as jobs";
    const { service, calls } = setup({ models: { describeModel: async () => ({ ...model, unsupportedReason: reason }) } });
    const err = await start(service, {}).catch((e: unknown) => e);
    assert.ok(err instanceof AppError, String(err));
    assert.equal(err.code, "MODEL_NOT_SUPPORTED");
    assert.match(err.message, /siammask is a tracker/);
    assert.deepEqual(err.details, { modelId: "m1", reason });
    assert.deepEqual(
      calls.filter((c) => c.startsWith("frames:")),
      [],
    );
  });
  it("lists the frames of an explicit range only", async () => {
    const { service, calls } = setup();
    await assert.rejects(start(service, { frameRange: { start: 1, stop: 2 } }), /validation should have failed before any write/);
    assert.deepEqual(
      calls.filter((c) => c.startsWith("frames:")),
      ["frames:t1:1..2"],
    );
  });
});

describe("AutoAnnotationService.validateRun (what start, previews, evaluations and batches share)", () => {
  const request = { taskId: task.id, modelId: model.id };
  it("resolves everything and lists the range's frames, storing and sending nothing", async () => {
    const { service, calls } = setup();
    const run = await service.validateRun(TENANT, { ...request, frameRange: { start: 1, stop: 2 } }, { kind: "range" });
    assert.equal(run.threshold, 0.3);
    assert.deepEqual(
      run.mapping.map((m) => [m.modelLabel, m.taskLabelId]),
      [["text", "l1"]],
    );
    assert.deepEqual(run.range, { start: 1, stop: 2, explicit: true });
    assert.deepEqual(
      run.frames.map((f) => f.index),
      [1, 2],
    );
    assert.deepEqual(
      [run.labelThresholds, run.tiling, run.reviewBelow, run.tracking, run.convertMasksToPolygons, run.cleanOldAnnotations],
      [[], null, null, null, false, false],
    );
    assert.deepEqual(calls.sort(), ["frames:t1:1..2", "model:m1", "task:t1"]);
  });
  it("lists no frame for { kind: 'none' }", async () => {
    const { service, calls } = setup();
    const run = await service.validateRun(TENANT, request, { kind: "none" });
    assert.deepEqual(run.frames, []);
    assert.deepEqual(run.range, { start: 0, stop: 2, explicit: false });
    assert.deepEqual(
      calls.filter((c) => c.startsWith("frames:")),
      [],
    );
  });
  it("lists given indexes (distinct, ascending) and refuses ones outside the task or missing, naming them", async () => {
    const { service } = setup();
    const run = await service.validateRun(TENANT, request, { kind: "indexes", indexes: [2, 0, 2] });
    assert.deepEqual(
      run.frames.map((f) => f.index),
      [0, 2],
    );
    assert.deepEqual(run.range, { start: 0, stop: 2, explicit: true });
    const outside = await service.validateRun(TENANT, request, { kind: "indexes", indexes: [1, 3, -1] }).catch((e: unknown) => e);
    assert.ok(outside instanceof AppError);
    assert.equal(outside.code, "INVALID_FRAME_RANGE");
    assert.deepEqual((outside.details as { frames: number[] }).frames, [3, -1]);
    const gappy = setup({ tasks: { listFrames: async () => frames.filter((f) => f.index !== 1) } });
    const missing = await gappy.service.validateRun(TENANT, request, { kind: "indexes", indexes: [0, 1] }).catch((e: unknown) => e);
    assert.ok(missing instanceof AppError);
    assert.equal(missing.code, "INVALID_FRAME_RANGE");
    assert.deepEqual((missing.details as { frames: number[] }).frames, [1]);
    assert.equal(await codeOf(service.validateRun(TENANT, request, { kind: "indexes", indexes: [] })), "INVALID_FRAME_RANGE");
  });
  it("refuses what start refuses, with the same codes", async () => {
    const { service } = setup();
    assert.equal(await codeOf(service.validateRun(TENANT, { ...request, threshold: 2 }, { kind: "none" })), "INVALID_THRESHOLD");
    assert.equal(await codeOf(service.validateRun(TENANT, { ...request, modelId: "nope" }, { kind: "none" })), "NOT_FOUND");
    const bad = { ...request, mapping: [{ modelLabel: "txt", taskLabel: "Text Line" }] };
    assert.equal(await codeOf(service.validateRun(TENANT, bad, { kind: "range" })), "INVALID_MAPPING");
  });
});

describe("AutoAnnotationService run options: per-class thresholds, tiling, reviewBelow", () => {
  const request = { taskId: task.id, modelId: model.id };
  const detailsOf = async (promise: Promise<unknown>) => {
    const err = await promise.catch((e: unknown) => e);
    assert.ok(err instanceof AppError, String(err));
    return { code: err.code, details: err.details as { problems?: { path: string }[]; reason?: string } };
  };
  it("resolves them onto the run (thresholds by task label id, tiling with its defaults)", async () => {
    const { service } = setup();
    const run = await service.validateRun(
      TENANT,
      { ...request, thresholds: [{ label: "text line", threshold: 0.6 }], tiling: { tileSize: 512 }, reviewBelow: 0.5 },
      { kind: "none" },
    );
    assert.deepEqual(run.labelThresholds, [{ taskLabelId: "l1", taskLabel: "Text Line", threshold: 0.6 }]);
    assert.deepEqual(run.tiling, { tileSize: 512, overlap: 0.2, merge: "NMS" });
    assert.equal(run.reviewBelow, 0.5);
  });
  it("refuses values out of range before asking any other service, each problem with its path", async () => {
    const { service, calls } = setup();
    const bad = await detailsOf(start(service, { thresholds: [{ label: "Text Line", threshold: 0 }], reviewBelow: 1.5 }));
    assert.equal(bad.code, "INVALID_THRESHOLD");
    assert.deepEqual(
      bad.details.problems?.map((p) => p.path),
      ["thresholds[0].threshold", "reviewBelow"],
    );
    const tiling = await detailsOf(start(service, { tiling: { tileSize: 100, overlap: 0.6 } }));
    assert.equal(tiling.code, "INVALID_TILING");
    assert.deepEqual(
      tiling.details.problems?.map((p) => p.path),
      ["tiling.tileSize", "tiling.overlap"],
    );
    assert.deepEqual(calls, []);
  });
  it("refuses a label the task lacks, naming its path, before listing frames", async () => {
    const { service, calls } = setup();
    const unknown = await detailsOf(
      start(service, {
        thresholds: [
          { label: "Text Line", threshold: 0.4 },
          { label: "logo", threshold: 0.4 },
        ],
      }),
    );
    assert.equal(unknown.code, "INVALID_THRESHOLD");
    assert.deepEqual(
      unknown.details.problems?.map((p) => p.path),
      ["thresholds[1].label"],
    );
    assert.deepEqual(
      calls.filter((c) => c.startsWith("frames:")),
      [],
    );
  });
  it("refuses per-class thresholds with tracking (a documented limitation)", async () => {
    const tracked = setup({
      models: { describeModel: async () => ({ ...model, labels: [{ name: "text", type: "POLYGON", attributes: [], sublabels: [] }] }) },
    });
    const r = await detailsOf(start(tracked.service, { thresholds: [{ label: "l1", threshold: 0.4 }], tracking: { enabled: true } }));
    assert.equal(r.code, "INVALID_THRESHOLD");
    assert.deepEqual(
      r.details.problems?.map((p) => p.path),
      ["thresholds"],
    );
  });
  it("refuses tiling on a hub model and on a classification model with TILING_NOT_APPLICABLE", async () => {
    const hub = setup({ models: { describeModel: async () => ({ ...model, runtime: "hub" }) } });
    const onHub = await detailsOf(start(hub.service, { tiling: { tileSize: 640 } }));
    assert.equal(onHub.code, "TILING_NOT_APPLICABLE");
    assert.match(onHub.details.reason ?? "", /hub/);
    const tagTask = { ...task, labels: [{ id: "l-scene", name: "scene", type: "TAG" as const, attributes: [], sublabels: [] }] };
    const classifier = setup({
      tasks: { describeTask: async () => tagTask },
      models: { describeModel: async () => ({ ...model, labels: [{ name: "scene", type: "TAG", attributes: [], sublabels: [] }] }) },
    });
    assert.equal((await detailsOf(start(classifier.service, { tiling: { tileSize: 640 } }))).code, "TILING_NOT_APPLICABLE");
  });
});

describe("AutoAnnotationService.listByTask (Task.autoAnnotationJobs)", () => {
  it("asks the store for at most `first` jobs (default 50) and refuses a page outside 0..500 with BAD_USER_INPUT", async () => {
    const { service, calls } = setup();
    await service.listByTask(TENANT, task.id);
    await service.listByTask(TENANT, task.id, 500);
    await service.listByTask(TENANT, task.id, 0);
    assert.deepEqual(calls, ["jobs:limit 50", "jobs:limit 500", "jobs:limit 0"]);
    for (const first of [501, -1, 2.5])
      assert.equal(await codeOf(service.listByTask(TENANT, task.id, first)), "BAD_USER_INPUT", String(first));
  });
});
