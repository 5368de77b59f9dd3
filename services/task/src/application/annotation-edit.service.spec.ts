import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { AnnotationEdits, EditOutcome } from "../domain/annotation-edit.js";
import { ShapeType, type LabelNode } from "../domain/label-types.js";
import type { Task } from "../domain/task.js";
import { TaskErrorCode } from "../domain/task-error-codes.js";
import { AnnotationEditService, MAX_LISTED_PROBLEMS, type SaveAnnotationsRequest } from "./annotation-edit.service.js";

const TASK: Task = { id: "task-1", tenantId: "t1", name: "t", size: 2, annotationsVersion: 5, createdAt: new Date(0) };
const LABELS: LabelNode[] = [{ id: "car", name: "car", type: ShapeType.RECTANGLE, attributes: [], sublabels: [] }];

/** In-memory ports: the task of tenant t1, frames 0..1 of 100×50, annotation "a1" on frame 1; `apply` answers `outcome`. */
function setup(outcome?: EditOutcome) {
  const applied: AnnotationEdits[] = [];
  const service = new AnnotationEditService({
    tasks: {
      findById: async (tenantId, id) => (tenantId === "t1" && id === TASK.id ? TASK : null),
      labelTrees: async (_tenant, ids) => new Map(ids.map((id) => [id, LABELS])),
    },
    edits: {
      framesOf: async (_tenant, _task, ids) => new Map(ids.filter((id) => id === "a1").map((id) => [id, 1])),
      frameSizes: async (_tenant, _task, frames) => new Map(frames.map((f) => [f, { width: 100, height: 50 }])),
      apply: async (_tenant, _task, edits) => {
        applied.push(edits);
        return outcome ?? { kind: "saved", annotationsVersion: 6, created: [], updated: [], deleted: edits.delete };
      },
    },
    limits: { maxItems: 300, maxPointsPerShape: 100 },
  });
  return { service, applied };
}

const request = (over: Partial<SaveAnnotationsRequest>): SaveAnnotationsRequest => ({
  expectedVersion: null,
  create: [],
  update: [],
  delete: [],
  ...over,
});

const codeOf = async (promise: Promise<unknown>): Promise<{ code: string; details?: Record<string, unknown> }> => {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof AppError);
    return { code: err.code, details: err.details };
  }
  return assert.fail("expected an error");
};

describe("AnnotationEditService.save", () => {
  it("refuses too many items before anything is read", async () => {
    const { service } = setup();
    const many = Array.from({ length: 301 }, () => "x");
    assert.equal((await codeOf(service.save("t1", "nope", request({ delete: many })))).code, TaskErrorCode.TooManyAnnotations);
  });

  it("an unknown task and another tenant's are NOT_FOUND", async () => {
    const { service } = setup();
    assert.equal((await codeOf(service.save("t1", "nope", request({})))).code, ErrorCode.NotFound);
    assert.equal((await codeOf(service.save("t2", TASK.id, request({})))).code, ErrorCode.NotFound);
  });

  it("a negative or fractional expectedVersion is BAD_USER_INPUT", async () => {
    const { service } = setup();
    assert.equal((await codeOf(service.save("t1", TASK.id, request({ expectedVersion: -1 })))).code, ErrorCode.BadUserInput);
    assert.equal((await codeOf(service.save("t1", TASK.id, request({ expectedVersion: 1.5 })))).code, ErrorCode.BadUserInput);
  });

  it("an empty save applies nothing and answers the task's version", async () => {
    const { service, applied } = setup();
    assert.equal((await service.save("t1", TASK.id, request({}))).annotationsVersion, 5);
    assert.equal(applied.length, 0);
  });

  it("validates creates against their frame and updates against their annotation's, clipping and counting; scores are not taken from a save", async () => {
    const { service, applied } = setup();
    const result = await service.save(
      "t1",
      TASK.id,
      request({
        create: [{ frame: 0, labelId: "car", points: [-1, 0, 10, 60], score: 0.3 }],
        update: [{ id: "a1", version: 2, labelId: "car", points: [0, 0, 5, 5] }],
      }),
    );
    assert.equal(result.clippedCoordinates, 2);
    assert.equal(result.clippedShapes, 1);
    assert.deepEqual(applied[0].create[0].shape.points, [0, 0, 10, 50]);
    assert.equal(applied[0].create[0].shape.score, null);
    assert.deepEqual(applied[0].update[0], { id: "a1", version: 2, shape: { ...applied[0].update[0].shape, points: [0, 0, 5, 5] } });
  });

  it("lists problems by item (frames out of range, ids twice), at most 100, counting all; nothing is applied", async () => {
    const { service, applied } = setup();
    const bad = Array.from({ length: 150 }, () => ({ frame: 0, labelId: "car", points: [1, 2, 3] }));
    const many = await codeOf(service.save("t1", TASK.id, request({ create: bad })));
    assert.equal(many.code, TaskErrorCode.InvalidAnnotation);
    assert.equal((many.details!.problems as unknown[]).length, MAX_LISTED_PROBLEMS);
    assert.equal(many.details!.total, 150);
    const frames = await codeOf(
      service.save(
        "t1",
        TASK.id,
        request({
          create: [{ frame: 2, labelId: "car", points: [0, 0, 1, 1] }],
          update: [{ id: "a1", version: null, labelId: "car", points: [0, 0, 1, 1] }],
          delete: ["a1"],
        }),
      ),
    );
    assert.deepEqual(
      (frames.details!.problems as { path: string }[]).map((p) => p.path),
      ["delete[0]", "create[0].frame"],
    );
    assert.equal(applied.length, 0);
  });

  it("maps each refusal of the repository to its code", async () => {
    const cases: [EditOutcome, string][] = [
      [{ kind: "missing-task" }, ErrorCode.NotFound],
      [{ kind: "busy" }, TaskErrorCode.AnnotationsBusy],
      [{ kind: "stale-task", expectedVersion: 1, currentVersion: 2 }, TaskErrorCode.Conflict],
      [{ kind: "missing-annotations", ids: ["a1"] }, TaskErrorCode.Conflict],
      [{ kind: "stale-annotations", annotations: [{ id: "a1", expectedVersion: 1, currentVersion: 3 }] }, TaskErrorCode.Conflict],
    ];
    for (const [outcome, code] of cases) {
      const { service } = setup(outcome);
      assert.equal((await codeOf(service.save("t1", TASK.id, request({ delete: ["a1"] })))).code, code, outcome.kind);
    }
  });
});
