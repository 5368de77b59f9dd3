import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { Consumers, ShapeType } from "@prelabel/proto";
import { Harness, JOB_FIELDS, type GraphQLResult } from "./support/harness.js";

const START = `mutation Start($input: StartAutoAnnotationInput!) { startAutoAnnotation(input: $input) { ${JOB_FIELDS} } }`;
const SUGGEST = `query Suggest($taskId: ID!, $modelId: ID!) {
  suggestLabelMapping(taskId: $taskId, modelId: $modelId) { modelLabel taskLabelId taskLabel attributes { modelAttribute taskAttribute } sublabels { modelLabel taskLabel } }
}`;

function errorOf(result: GraphQLResult) {
  assert.ok(result.errors?.length, `expected an error, got ${JSON.stringify(result.data)}`);
  assert.equal(result.data, null);
  return result.errors[0];
}

describe("starting a job: everything is validated before anything runs", () => {
  let h: Harness;
  let taskId: string;
  let modelId: string;
  let workBefore: number;

  before(async () => {
    h = await Harness.start();
    taskId = h.addTask({
      size: 3,
      labels: [
        { id: "l-vehicle", name: "vehicle", type: ShapeType.POLYGON },
        { id: "l-person", name: "Person", type: ShapeType.RECTANGLE },
        { id: "l-body", name: "Pose", type: ShapeType.SKELETON, sublabels: [{ id: "l-head", name: "head", type: ShapeType.POINTS }] },
      ],
    }).id;
    modelId = h.addModel({
      defaultThreshold: 0.5,
      labels: [
        { name: "car", type: ShapeType.MASK },
        { name: "human", type: ShapeType.RECTANGLE },
        { name: "pose", type: ShapeType.SKELETON, sublabels: [{ name: "Head", type: ShapeType.POINTS }] },
        { name: "sign", type: ShapeType.TAG },
      ],
    }).id;
    workBefore = await h.pending(Consumers.inferFrames);
  });
  after(async () => {
    // Nothing above may have queued work or stored a job.
    try {
      assert.equal(await h.pending(Consumers.inferFrames), workBefore, "no InferFrame was published");
      const [{ count }] = await h.dataSource.query(`SELECT count(*)::int AS count FROM annotation_job.auto_annotation_job`);
      assert.equal(count, 0, "no job was stored");
    } finally {
      await h?.close();
    }
  });

  it("suggests a mapping across case, synonyms, mask→polygon and skeleton sublabels", async () => {
    const data = await h.ok(SUGGEST, { taskId, modelId });
    assert.deepEqual(data.suggestLabelMapping, [
      { modelLabel: "car", taskLabelId: "l-vehicle", taskLabel: "vehicle", attributes: [], sublabels: [] },
      { modelLabel: "human", taskLabelId: "l-person", taskLabel: "Person", attributes: [], sublabels: [] },
      {
        modelLabel: "pose",
        taskLabelId: "l-body",
        taskLabel: "Pose",
        attributes: [],
        sublabels: [{ modelLabel: "Head", taskLabel: "head" }],
      },
    ]);
  });

  it("rejects thresholds outside (0, 1] with INVALID_THRESHOLD", async () => {
    for (const threshold of [0, -0.2, 1.01, 5]) {
      const e = errorOf(await h.exec(START, { input: { taskId, modelId, threshold } }));
      assert.equal(e.extensions?.code, "INVALID_THRESHOLD", `threshold ${threshold}`);
    }
  });

  it("rejects an omitted threshold when the model's default is unusable", async () => {
    const noDefault = h.addModel({ defaultThreshold: 0, labels: [{ name: "car", type: ShapeType.POLYGON }] });
    const e = errorOf(await h.exec(START, { input: { taskId, modelId: noDefault.id } }));
    assert.equal(e.extensions?.code, "INVALID_THRESHOLD");
  });

  it("refuses a model the registry marks unsupported with MODEL_NOT_SUPPORTED, naming the reason", async () => {
    const tracker = h.addModel({
      runtime: "nuclio",
      defaultThreshold: 0.5,
      labels: [{ name: "car", type: ShapeType.RECTANGLE }],
      unsupportedReason: "the Nuclio function pth-siammask is a tracker; only detectors run as jobs",
    });
    const e = errorOf(await h.exec(START, { input: { taskId, modelId: tracker.id, threshold: 0.5 } }));
    assert.equal(e.extensions?.code, "MODEL_NOT_SUPPORTED");
    assert.match(e.message, /pth-siammask is a tracker/);
  });

  it("rejects unknown labels and incompatible types with INVALID_MAPPING naming each entry", async () => {
    const e = errorOf(
      await h.exec(START, {
        input: {
          taskId,
          modelId,
          mapping: [
            { modelLabel: "car", taskLabel: "vehicle" },
            { modelLabel: "unicorn", taskLabel: "vehicle" },
            { modelLabel: "human", taskLabel: "spaceship" },
            { modelLabel: "sign", taskLabel: "Person" },
            { modelLabel: "pose", taskLabel: "vehicle" },
          ],
        },
      }),
    );
    assert.equal(e.extensions?.code, "INVALID_MAPPING");
    const details = e.extensions?.details as {
      problems: { path: string; code: string; modelLabel: string; taskLabel: string }[];
      modelLabels: unknown[];
      taskLabels: unknown[];
    };
    assert.deepEqual(
      details.problems.map((p) => [p.path, p.code, p.modelLabel, p.taskLabel]),
      [
        ["mapping[1]", "UNKNOWN_MODEL_LABEL", "unicorn", "vehicle"],
        ["mapping[2]", "UNKNOWN_TASK_LABEL", "human", "spaceship"],
        ["mapping[3]", "INCOMPATIBLE_TYPE", "sign", "Person"],
        ["mapping[4]", "INCOMPATIBLE_TYPE", "pose", "vehicle"],
      ],
    );
    assert.match(e.message, /unicorn/);
    assert.equal(details.modelLabels.length, 4);
    assert.equal(details.taskLabels.length, 3);
  });

  it("rejects an empty explicit mapping and an empty suggestion with INVALID_MAPPING listing both label sets", async () => {
    assert.equal(errorOf(await h.exec(START, { input: { taskId, modelId, mapping: [] } })).extensions?.code, "INVALID_MAPPING");

    const unrelated = h.addModel({
      labels: [
        { name: "giraffe", type: ShapeType.RECTANGLE },
        { name: "zebra", type: ShapeType.RECTANGLE },
      ],
    });
    assert.deepEqual((await h.ok(SUGGEST, { taskId, modelId: unrelated.id })).suggestLabelMapping, []);
    const e = errorOf(await h.exec(START, { input: { taskId, modelId: unrelated.id } }));
    assert.equal(e.extensions?.code, "INVALID_MAPPING");
    assert.match(e.message, /giraffe \(RECTANGLE\), zebra \(RECTANGLE\)/);
    assert.match(e.message, /vehicle \(POLYGON\), Person \(RECTANGLE\), Pose \(SKELETON\)/);
  });

  it("answers NOT_FOUND for an unknown task or model", async () => {
    const t = errorOf(await h.exec(START, { input: { taskId: randomUUID(), modelId } }));
    assert.equal(t.extensions?.code, "NOT_FOUND");
    assert.match(t.message, /Task/);
    const m = errorOf(await h.exec(START, { input: { taskId, modelId: randomUUID() } }));
    assert.equal(m.extensions?.code, "NOT_FOUND");
    assert.match(m.message, /Model/);
    assert.equal(errorOf(await h.exec(SUGGEST, { taskId: randomUUID(), modelId })).extensions?.code, "NOT_FOUND");
  });

  it("answers SERVICE_UNAVAILABLE when the model registry does not answer", async () => {
    await h.stopModelRegistry();
    try {
      const e = errorOf(await h.exec(START, { input: { taskId, modelId } }));
      assert.equal(e.extensions?.code, "SERVICE_UNAVAILABLE");
    } finally {
      h.serveModelRegistry();
      await h.peer.nc.flush();
    }
  });

  it("rejects frame ranges outside the task with INVALID_FRAME_RANGE and an empty task with TASK_EMPTY", async () => {
    for (const frameRange of [
      { start: 0, stop: 3 },
      { start: 3, stop: 3 },
      { start: 2, stop: 1 },
      { start: -1, stop: 1 },
    ]) {
      const e = errorOf(await h.exec(START, { input: { taskId, modelId, frameRange } }));
      assert.equal(e.extensions?.code, "INVALID_FRAME_RANGE", JSON.stringify(frameRange));
    }
    const empty = h.addTask({ size: 0, labels: [{ id: "x", name: "vehicle", type: ShapeType.POLYGON }] });
    assert.equal(errorOf(await h.exec(START, { input: { taskId: empty.id, modelId } })).extensions?.code, "TASK_EMPTY");
  });

  it("rejects per-class thresholds out of range, for a label the task lacks or given twice, and a bad reviewBelow, with INVALID_THRESHOLD naming each path", async () => {
    const problemsOf = (result: GraphQLResult) => {
      const e = errorOf(result);
      assert.equal(e.extensions?.code, "INVALID_THRESHOLD");
      return (e.extensions?.details as { problems: { path: string; message: string }[] }).problems;
    };
    const unknown = problemsOf(
      await h.exec(START, {
        input: {
          taskId,
          modelId,
          thresholds: [
            { label: "person", threshold: 0.3 },
            { label: "bicycle", threshold: 0.5 },
            { label: "l-person", threshold: 0.6 },
          ],
        },
      }),
    );
    assert.deepEqual(
      unknown.map((p) => p.path),
      ["thresholds[1].label", "thresholds[2].label"],
    );
    assert.match(unknown[0].message, /no label with id or name "bicycle"/);
    assert.match(unknown[1].message, /"Person" already has a threshold/);

    const ranges = problemsOf(
      await h.exec(START, { input: { taskId, modelId, thresholds: [{ label: "vehicle", threshold: 1.2 }], reviewBelow: 0 } }),
    );
    assert.deepEqual(
      ranges.map((p) => p.path),
      ["thresholds[0].threshold", "reviewBelow"],
    );
    assert.deepEqual(
      problemsOf(await h.exec(START, { input: { taskId, modelId, reviewBelow: 1.5 } })).map((p) => p.path),
      ["reviewBelow"],
    );
    const tracked = problemsOf(
      await h.exec(START, { input: { taskId, modelId, thresholds: [{ label: "Person", threshold: 0.5 }], tracking: { enabled: true } } }),
    );
    assert.deepEqual(
      tracked.map((p) => p.path),
      ["thresholds"],
    );
    assert.match(tracked[0].message, /tracking/);
  });

  it("rejects tiling out of range with INVALID_TILING, and on a hub or classification model with TILING_NOT_APPLICABLE", async () => {
    for (const [tiling, paths] of [
      [{ tileSize: 64 }, ["tiling.tileSize"]],
      [{ tileSize: 5000, overlap: 0.2 }, ["tiling.tileSize"]],
      [{ tileSize: 640, overlap: 0.75, merge: "WBF" }, ["tiling.overlap"]],
      [{ tileSize: 640, overlap: -0.1 }, ["tiling.overlap"]],
    ] as const) {
      const e = errorOf(await h.exec(START, { input: { taskId, modelId, tiling } }));
      assert.equal(e.extensions?.code, "INVALID_TILING", JSON.stringify(tiling));
      assert.deepEqual(
        (e.extensions?.details as { problems: { path: string }[] }).problems.map((p) => p.path),
        paths,
      );
    }

    const hub = h.addModel({ runtime: "hub", defaultThreshold: 0.3, labels: [{ name: "human", type: ShapeType.RECTANGLE }] });
    const onHub = errorOf(await h.exec(START, { input: { taskId, modelId: hub.id, tiling: { tileSize: 640 } } }));
    assert.equal(onHub.extensions?.code, "TILING_NOT_APPLICABLE");
    assert.match(onHub.message, /hub/);

    const tagTask = h.addTask({ size: 2, labels: [{ id: "l-scene", name: "scene", type: ShapeType.TAG }] });
    const classifier = h.addModel({ defaultThreshold: 0.3, labels: [{ name: "scene", type: ShapeType.TAG }] });
    const onTags = errorOf(await h.exec(START, { input: { taskId: tagTask.id, modelId: classifier.id, tiling: { tileSize: 640 } } }));
    assert.equal(onTags.extensions?.code, "TILING_NOT_APPLICABLE");
    assert.match(onTags.message, /tag/);
  });

  it("finds no job for unknown or malformed ids, and cannot cancel one", async () => {
    assert.deepEqual(await h.ok(`{ autoAnnotationJob(id: "${randomUUID()}") { id } }`), { autoAnnotationJob: null });
    assert.deepEqual(await h.ok(`{ autoAnnotationJob(id: "not-a-uuid") { id } }`), { autoAnnotationJob: null });
    const e = errorOf(await h.exec(`mutation { cancelAutoAnnotation(jobId: "not-a-uuid") { id } }`));
    assert.equal(e.extensions?.code, "NOT_FOUND");
  });
});
