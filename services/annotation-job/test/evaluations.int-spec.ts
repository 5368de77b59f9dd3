import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { EndpointError } from "@prelabel/messaging";
import {
  Contracts,
  create,
  Endpoints,
  FrameFailedSchema,
  FrameInferredSchema,
  InferFrameReplySchema,
  ListAnnotationsReplySchema,
  ShapeSchema,
  ShapeType,
  TaskDeletedSchema,
  type InferFrame,
} from "@prelabel/proto";
import { DEFAULT_TENANT_ID } from "@prelabel/identity";
import { messageTenant } from "@prelabel/service-kit";
import { eventually, Harness } from "./support/harness.js";

const FIELDS = `id taskId status framesTotal framesDone framesFailed threshold meanAp50 meanAp failureCode
  thresholds { taskLabel threshold } failures { frame code }
  labels { taskLabel metric threshold groundTruthCount detectionCount precision recall f1 ap50 ap bestF1Threshold bestF1 curve { threshold precision recall } }
  unevaluatedLabels { taskLabel reason groundTruthCount }`;
const EVALUATE = `mutation E($input: EvaluateModelInput!) { evaluateModel(input: $input) { ${FIELDS} } }`;
const EVALUATION = `query Q($id: ID!) { evaluation(id: $id) { ${FIELDS} } }`;

type Box = [number, number, number, number];
type Answer = { box: Box; score: number }[] | string;

/**
 * evaluateModel in annotation-job alone, on real PostgreSQL and NATS: the task service's list-annotations and the
 * worker's infer-frame are answered by the harness's peer over the real protocol (the worker is a fake here; the
 * e2e runs the real one with a catalog model).
 */
describe("evaluations (real PostgreSQL + NATS, fake worker)", () => {
  let h: Harness;
  let modelId: string;
  /** Manual boxes per task and frame (the task service's answer). */
  const truth = new Map<string, Map<number, Box[]>>();
  /** What the fake worker returns per frame: boxes with scores, or a failure code. */
  const answers = new Map<string, Map<number, Answer>>();
  const inferred: InferFrame[] = [];

  const box = (labelId: string, [x1, y1, x2, y2]: Box, score?: number) =>
    create(ShapeSchema, { labelId, type: ShapeType.RECTANGLE, points: [x1, y1, x2, y2], ...(score !== undefined ? { score } : {}) });

  before(async () => {
    h = await Harness.start({ evaluationConcurrency: 2 });
    modelId = h.addModel({ defaultThreshold: 0.5, labels: [{ name: "person", type: ShapeType.RECTANGLE }] }).id;
    h.peer.serve(Endpoints.listAnnotations, async (req) => {
      const task = h.tasks.get(req.taskId);
      if (!task || (task.tenantId ?? DEFAULT_TENANT_ID) !== messageTenant(req.tenantId)) throw new EndpointError("NOT_FOUND", "no task");
      const label = String(task.labels[0].id);
      const byFrame = truth.get(req.taskId) ?? new Map<number, Box[]>();
      const frames = req.frames.length ? req.frames : [...byFrame.keys()].filter((f) => f >= req.startFrame).sort((a, b) => a - b);
      return create(ListAnnotationsReplySchema, {
        frames: frames.map((frame) => ({
          frame,
          shapes: (byFrame.get(frame) ?? []).map(([x1, y1, x2, y2]) => ({
            labelId: label,
            type: ShapeType.RECTANGLE,
            points: [x1, y1, x2, y2],
          })),
        })),
      });
    });
    h.peer.serve(Endpoints.inferFrame, async (req) => {
      const message = req.frame!;
      inferred.push(message);
      const label = message.mapping[0].taskLabelId;
      const answer = answers.get(message.taskId)?.get(message.frame) ?? [];
      if (typeof answer === "string") {
        return create(InferFrameReplySchema, {
          outcome: { case: "failed", value: create(FrameFailedSchema, { frame: message.frame, code: answer, reason: "fake" }) },
        });
      }
      const shapes = answer.filter((a) => a.score >= message.threshold).map((a) => box(label, a.box, a.score));
      return create(InferFrameReplySchema, {
        outcome: { case: "inferred", value: create(FrameInferredSchema, { frame: message.frame, jobId: message.jobId, shapes }) },
        inferenceMs: 1,
      });
    });
  });
  after(async () => {
    await h?.close();
  });

  const newTask = (frames: Map<number, Box[]>, results: Map<number, Answer>, tenantId?: string) => {
    const task = h.addTask({
      size: 6,
      labels: [{ id: `person-${randomUUID()}`, name: "person", type: ShapeType.RECTANGLE }],
      ...(tenantId ? { tenantId } : {}),
    });
    truth.set(task.id, frames);
    answers.set(task.id, results);
    return task;
  };
  const finished = (id: string, tenantId?: string) =>
    eventually(
      async () => {
        const { evaluation } = await h.ok(EVALUATION, { id }, tenantId);
        return evaluation.status === "RUNNING" ? undefined : evaluation;
      },
      15_000,
      `evaluation ${id} to finish`,
    );

  it("runs the frames with manual annotations at the low floor and stores per-label metrics; a failed frame is counted and listed", async () => {
    const task = newTask(
      new Map<number, Box[]>([
        [
          0,
          [
            [0, 0, 10, 10],
            [20, 20, 40, 40],
          ],
        ],
        [2, [[5, 5, 25, 25]]],
        [4, [[0, 0, 5, 5]]],
      ]),
      new Map<number, Answer>([
        // Both found on frame 0; a weak false positive (below the operating threshold 0.5, above the floor).
        [
          0,
          [
            { box: [0, 0, 10, 10] as Box, score: 0.9 },
            { box: [20, 20, 40, 40] as Box, score: 0.8 },
            { box: [100, 100, 120, 120] as Box, score: 0.2 },
          ],
        ],
        // Found at 0.3: a hit below the operating threshold, a miss at it.
        [2, [{ box: [5, 5, 25, 25] as Box, score: 0.3 }]],
        [4, "CORRUPT_IMAGE"],
      ]),
    );
    const sentBefore = inferred.length;
    const { evaluateModel: started } = await h.ok(EVALUATE, { input: { taskId: task.id, modelId } });
    assert.equal(started.status, "RUNNING");
    assert.equal(started.framesTotal, 3);
    const done = await finished(started.id);
    assert.equal(done.status, "COMPLETED", JSON.stringify(done));
    assert.equal(done.framesDone, 2);
    assert.equal(done.framesFailed, 1);
    assert.deepEqual(done.failures, [{ frame: 4, code: "CORRUPT_IMAGE" }]);

    const sent = inferred.slice(sentBefore);
    assert.deepEqual(sent.map((m) => m.frame).sort(), [0, 2, 4]);
    for (const m of sent) {
      assert.ok(Math.abs(m.threshold - 0.05) < 1e-6, `inference threshold ${m.threshold}`);
      assert.equal(m.jobId, started.id);
    }

    const [person] = done.labels;
    assert.equal(person.metric, "BOX_IOU");
    // Frame 4 failed: its box is neither a hit nor a miss.
    assert.equal(person.groundTruthCount, 3);
    assert.equal(person.detectionCount, 4);
    assert.equal(person.threshold, 0.5);
    assert.equal(person.precision, 1);
    assert.ok(Math.abs(person.recall - 2 / 3) < 1e-9, `recall ${person.recall}`);
    // Every box is found before the false positive: perfect ranking.
    assert.equal(person.ap50, 1);
    assert.ok(person.bestF1Threshold > 0.2 && person.bestF1Threshold <= 0.3, `bestF1Threshold ${person.bestF1Threshold}`);
    assert.equal(person.bestF1, 1);
    assert.ok(person.curve.length >= 3);
    assert.equal(done.meanAp50, 1);

    const [row] = await h.dataSource.query(
      `SELECT status, frames_done, results IS NOT NULL AS has_results, finished_at FROM annotation_job.evaluation WHERE id = $1`,
      [started.id],
    );
    assert.equal(row.status, "COMPLETED");
    assert.equal(row.has_results, true);
    assert.ok(row.finished_at);

    // Task.evaluations, as the gateway asks for it (an entity reference), newest first.
    const { _entities } = await h.ok(
      `query T($r: [_Any!]!) { _entities(representations: $r) { ... on Task { evaluations { id status } } } }`,
      {
        r: [{ __typename: "Task", id: task.id }],
      },
    );
    assert.deepEqual(_entities[0].evaluations, [{ id: started.id, status: "COMPLETED" }]);
  });

  it("given frames: those without manual annotations are skipped; frames outside the task are INVALID_FRAME_RANGE", async () => {
    const task = newTask(new Map<number, Box[]>([[1, [[0, 0, 10, 10]]]]), new Map([[1, [{ box: [0, 0, 10, 10] as Box, score: 0.9 }]]]));
    const { evaluateModel: started } = await h.ok(EVALUATE, { input: { taskId: task.id, modelId, frames: [1, 3] } });
    assert.equal(started.framesTotal, 1);
    assert.equal((await finished(started.id)).status, "COMPLETED");
    const outside = await h.exec(EVALUATE, { input: { taskId: task.id, modelId, frames: [1, 6] } });
    assert.equal(outside.errors?.[0].extensions?.code, "INVALID_FRAME_RANGE");
  });

  it("a deleted task's evaluations are deleted once describe-task confirms it is gone (TaskDeleted)", async () => {
    const task = newTask(new Map<number, Box[]>([[1, [[0, 0, 10, 10]]]]), new Map([[1, [{ box: [0, 0, 10, 10] as Box, score: 0.9 }]]]));
    const kept = newTask(new Map<number, Box[]>([[1, [[0, 0, 10, 10]]]]), new Map([[1, [{ box: [0, 0, 10, 10] as Box, score: 0.9 }]]]));
    const { evaluateModel: gone } = await h.ok(EVALUATE, { input: { taskId: task.id, modelId } });
    const { evaluateModel: other } = await h.ok(EVALUATE, { input: { taskId: kept.id, modelId } });
    await finished(gone.id);
    await finished(other.id);
    h.tasks.delete(task.id);
    await h.peer.publish(Contracts.taskDeleted, create(TaskDeletedSchema, { taskId: task.id, tenantId: DEFAULT_TENANT_ID }));
    await eventually(async () => ((await h.ok(EVALUATION, { id: gone.id })).evaluation === null ? true : undefined), 15_000, "deleted");
    assert.equal((await h.ok(EVALUATION, { id: other.id })).evaluation.status, "COMPLETED", "another task's evaluation stays");
  });

  it("NO_GROUND_TRUTH without manual annotations; nothing is stored", async () => {
    const task = newTask(new Map(), new Map());
    const before = (await h.dataSource.query(`SELECT count(*)::int AS n FROM annotation_job.evaluation`))[0].n;
    const result = await h.exec(EVALUATE, { input: { taskId: task.id, modelId } });
    assert.equal(result.errors?.[0].extensions?.code, "NO_GROUND_TRUTH");
    assert.equal((await h.dataSource.query(`SELECT count(*)::int AS n FROM annotation_job.evaluation`))[0].n, before);
  });

  it("another tenant's task is NOT_FOUND and its evaluation reads null", async () => {
    const task = newTask(
      new Map<number, Box[]>([[0, [[0, 0, 10, 10]]]]),
      new Map([[0, [{ box: [0, 0, 10, 10] as Box, score: 0.9 }]]]),
      "tenant-b",
    );
    const refused = await h.exec(EVALUATE, { input: { taskId: task.id, modelId } });
    assert.equal(refused.errors?.[0].extensions?.code, "NOT_FOUND");
    const { evaluateModel: own } = await h.ok(EVALUATE, { input: { taskId: task.id, modelId } }, "tenant-b");
    await finished(own.id, "tenant-b");
    assert.equal((await h.ok(EVALUATION, { id: own.id })).evaluation, null);
    assert.equal((await h.ok(EVALUATION, { id: randomUUID() })).evaluation, null);
  });

  it("a RUNNING evaluation whose process stopped is FAILED with EVALUATION_INTERRUPTED by the sweep", async () => {
    const id = randomUUID();
    await h.dataSource.query(
      `INSERT INTO annotation_job.evaluation (id, tenant_id, task_id, model_id, status, frames_total, threshold, mapping, updated_at)
       VALUES ($1, $2, 't', 'm', 'RUNNING', 3, 0.5, '[]', now() - interval '1 hour')`,
      [id, DEFAULT_TENANT_ID],
    );
    assert.ok((await h.app.evaluations.sweepInterrupted()).includes(id));
    const { evaluation } = await h.ok(EVALUATION, { id });
    assert.equal(evaluation.status, "FAILED");
    assert.equal(evaluation.failureCode, "EVALUATION_INTERRUPTED");
  });
});
