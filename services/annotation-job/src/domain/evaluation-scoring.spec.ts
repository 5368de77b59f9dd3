import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { COCO_KEYPOINT_SIGMAS, evaluate, type DetectedObject, type EvaluateOptions, type GroundTruthObject } from "@prelabel/evaluation";
import type { EvalShape } from "./evaluation-geometry.js";
import { scoreEvaluation, type MetricsFunction } from "./evaluation-scoring.js";
import type { LabelMapping, TaskLabel } from "./labels.js";

const L = (id: string, type: TaskLabel["type"]): TaskLabel => ({ id, name: id.toUpperCase(), type, attributes: [], sublabels: [] });
const rect = (labelId: string, x: number, score?: number): EvalShape => ({
  labelId,
  type: "RECTANGLE",
  points: [x, 0, x + 10, 10],
  elements: [],
  outside: false,
  ...(score !== undefined ? { score } : {}),
});
const map = (taskLabelId: string, type: TaskLabel["type"] = "RECTANGLE"): LabelMapping => ({
  modelLabel: taskLabelId,
  taskLabelId,
  taskLabel: taskLabelId.toUpperCase(),
  taskLabelType: type,
  attributes: [],
  sublabels: [],
});

/** Records what each call was given and answers fixed numbers, so the rules around the metric code are what is tested. */
function recordingMetrics() {
  const calls: { gt: GroundTruthObject[]; det: DetectedObject[]; options: EvaluateOptions }[] = [];
  const metrics: MetricsFunction = (gt, det, options) => {
    calls.push({ gt, det, options });
    const id = gt[0]?.categoryId ?? det[0]?.categoryId ?? "?";
    return {
      categories: [
        {
          categoryId: id,
          groundTruthCount: gt.length,
          detectionCount: det.length,
          ap: 0.5,
          ap50: 0.8,
          ap75: 0.4,
          curve: [{ threshold: 0.9, precision: 1, recall: 0.5 }],
          bestF1: { threshold: 0.42, f1: 0.7, precision: 0.8, recall: 0.6 },
          atThreshold: { threshold: options.operatingThresholds?.[id] ?? 0, precision: 0.9, recall: 0.3, f1: 0.45 },
        },
      ],
    };
  };
  return { calls, metrics };
}

describe("scoreEvaluation", () => {
  const labels = [L("person", "RECTANGLE"), L("car", "RECTANGLE"), L("tag", "TAG"), L("road", "POLYGON")];

  it("evaluates each mapped label apart, with its own operating threshold, on the frames the model ran on only", () => {
    const { calls, metrics } = recordingMetrics();
    const results = scoreEvaluation(
      {
        taskLabels: labels,
        mapping: [map("person"), map("car")],
        threshold: 0.5,
        labelThresholds: [{ taskLabelId: "car", threshold: 0.3 }],
        groundTruth: new Map([
          [0, [rect("person", 0), rect("car", 20)]],
          [1, [rect("person", 5)]],
          // Frame 2 failed: its ground truth must not count as missed.
          [2, [rect("person", 50)]],
        ]),
        detections: new Map([
          [0, [rect("person", 1, 0.9), rect("car", 60, 0.2)]],
          [1, [rect("person", 5)]],
        ]),
        cocoKeypointSigmas: [],
      },
      metrics,
    );
    assert.equal(calls.length, 2);
    const person = calls.find((c) => c.options.operatingThresholds?.person !== undefined);
    assert.ok(person);
    assert.equal(person.options.iouType, "bbox");
    assert.equal(person.options.operatingThresholds?.person, 0.5);
    assert.deepEqual(
      person.gt.map((g) => g.imageId),
      ["0", "1"],
    );
    // A score-less result is one the model is sure of.
    assert.deepEqual(
      person.det.map((d) => d.score),
      [0.9, 1],
    );
    const car = results.labels.find((l) => l.taskLabelId === "car");
    assert.equal(car?.threshold, 0.3);
    assert.equal(car?.precision, 0.9);
    assert.equal(car?.bestF1Threshold, 0.42);
    assert.equal(results.meanAp50, 0.8);
    assert.equal(results.meanAp, 0.5);
  });

  it("lists labels with manual annotations it cannot compare: other types, and labels the mapping does not produce", () => {
    const { calls, metrics } = recordingMetrics();
    const tagShape: EvalShape = { labelId: "tag", type: "TAG", points: [], elements: [], outside: false };
    const results = scoreEvaluation(
      {
        taskLabels: labels,
        mapping: [map("person")],
        threshold: 0.5,
        labelThresholds: [],
        groundTruth: new Map([[0, [rect("car", 0), tagShape, rect("person", 0)]]]),
        detections: new Map([[0, []]]),
        cocoKeypointSigmas: [],
      },
      metrics,
    );
    assert.equal(calls.length, 1);
    assert.deepEqual(
      results.unevaluated.map((u) => [u.taskLabelId, u.reason, u.groundTruthCount]),
      [
        ["car", "NOT_MAPPED", 1],
        ["tag", "TYPE_NOT_EVALUATED", 1],
      ],
    );
  });

  it("uses region overlap for polygon labels", () => {
    const { calls, metrics } = recordingMetrics();
    scoreEvaluation(
      {
        taskLabels: labels,
        mapping: [map("road", "POLYGON")],
        threshold: 0.5,
        labelThresholds: [],
        groundTruth: new Map([[0, [{ labelId: "road", type: "POLYGON", points: [0, 0, 4, 0, 4, 4], elements: [], outside: false }]]]),
        detections: new Map([[0, [rect("road", 0, 0.6)]]]),
        cocoKeypointSigmas: [],
      },
      metrics,
    );
    assert.equal(calls[0].options.iouType, "segm");
    assert.deepEqual(calls[0].gt[0].polygon, [0, 0, 4, 0, 4, 4]);
    assert.equal(calls[0].det[0].polygon?.length, 8);
  });
});

describe("scoreEvaluation with @prelabel/evaluation", () => {
  it("boxes found exactly, ranked above a false positive: AP 1, precision and recall at the threshold, the F1-best threshold between", () => {
    const results = scoreEvaluation(
      {
        taskLabels: [L("person", "RECTANGLE")],
        mapping: [map("person")],
        threshold: 0.5,
        labelThresholds: [],
        groundTruth: new Map([
          [0, [rect("person", 0), rect("person", 30)]],
          [1, [rect("person", 0)]],
        ]),
        detections: new Map([
          [0, [rect("person", 0, 0.9), rect("person", 30, 0.3), rect("person", 200, 0.1)]],
          [1, [rect("person", 0, 0.8)]],
        ]),
        cocoKeypointSigmas: COCO_KEYPOINT_SIGMAS,
      },
      evaluate,
    );
    const [person] = results.labels;
    assert.equal(person.groundTruthCount, 3);
    assert.equal(person.detectionCount, 4);
    assert.equal(person.ap50, 1);
    assert.equal(person.ap, 1);
    assert.equal(person.precision, 1);
    assert.ok(Math.abs((person.recall ?? 0) - 2 / 3) < 1e-9);
    assert.ok((person.bestF1Threshold ?? 0) > 0.1 && (person.bestF1Threshold ?? 0) <= 0.3, String(person.bestF1Threshold));
    assert.equal(person.bestF1, 1);
  });
});
