import type { CategoryEvaluation, DetectedObject, EvaluateOptions, GroundTruthObject } from "@prelabel/evaluation";
import { meanOf, operatingThresholds, type EvaluationResults, type LabelEvaluationResult, type UnevaluatedLabel } from "./evaluation.js";
import { geometryOf, IOU_TYPE_OF, keypointSigmas, metricFor, type EvalShape } from "./evaluation-geometry.js";
import type { LabelMapping, TaskLabel } from "./labels.js";

/** @prelabel/evaluation's `evaluate` (a parameter, so the rules here are tested without the metric code). */
export type MetricsFunction = (
  groundTruth: GroundTruthObject[],
  detections: DetectedObject[],
  options: EvaluateOptions,
) => { categories: CategoryEvaluation[] };

export interface ScoringInput {
  /** The task's labels (top level; a skeleton's points are its sublabels). */
  taskLabels: readonly TaskLabel[];
  mapping: readonly LabelMapping[];
  threshold: number;
  labelThresholds: readonly { taskLabelId: string; threshold: number }[];
  /** Manual annotations of every frame that was evaluated (the frames the model ran on successfully). */
  groundTruth: ReadonlyMap<number, readonly EvalShape[]>;
  /** The model's results on the same frames (keys: the same frames). */
  detections: ReadonlyMap<number, readonly EvalShape[]>;
  cocoKeypointSigmas: readonly number[];
}

/**
 * Compares the model's results with the manual annotations, one task label at a time: labels the mapping produces are
 * evaluated with their type's metric (a label without ground truth still counts its detections); labels with manual
 * annotations that are not evaluated are listed with the reason. Only frames present in `detections` count, so a frame
 * the model failed on is neither a miss nor a hit.
 */
export function scoreEvaluation(input: ScoringInput, metrics: MetricsFunction): EvaluationResults {
  const mapped = new Set(input.mapping.map((m) => m.taskLabelId));
  const frames = [...input.detections.keys()].sort((a, b) => a - b);
  const labels: LabelEvaluationResult[] = [];
  const unevaluated: UnevaluatedLabel[] = [];
  const thresholds = operatingThresholds(
    input.taskLabels.map((l) => l.id),
    input.threshold,
    input.labelThresholds,
  );

  for (const label of input.taskLabels) {
    const gtShapes = frames.flatMap((frame) =>
      (input.groundTruth.get(frame) ?? []).filter((s) => s.labelId === label.id).map((s) => ({ frame, s })),
    );
    const metric = metricFor(label.type);
    if (!metric) {
      if (gtShapes.length || mapped.has(label.id))
        unevaluated.push({ taskLabelId: label.id, taskLabel: label.name, groundTruthCount: gtShapes.length, reason: "TYPE_NOT_EVALUATED" });
      continue;
    }
    if (!mapped.has(label.id)) {
      if (gtShapes.length)
        unevaluated.push({ taskLabelId: label.id, taskLabel: label.name, groundTruthCount: gtShapes.length, reason: "NOT_MAPPED" });
      continue;
    }
    const groundTruth: GroundTruthObject[] = [];
    for (const { frame, s } of gtShapes) {
      const g = geometryOf(s, metric, label);
      if (g) groundTruth.push({ ...g, imageId: String(frame), categoryId: label.id });
    }
    const detections: DetectedObject[] = [];
    for (const frame of frames) {
      for (const s of input.detections.get(frame) ?? []) {
        if (s.labelId !== label.id) continue;
        const g = geometryOf(s, metric, label);
        // A shape without a score is one the model is sure of.
        if (g) detections.push({ ...g, imageId: String(frame), categoryId: label.id, score: s.score ?? 1 });
      }
    }
    const threshold = thresholds[label.id];
    const options: EvaluateOptions = {
      iouType: IOU_TYPE_OF[metric],
      operatingThresholds: { [label.id]: threshold },
      ...(metric === "OKS" ? { keypointSigmas: keypointSigmas(label, input.cocoKeypointSigmas) } : {}),
    };
    const category = metrics(groundTruth, detections, options).categories.find((c) => c.categoryId === label.id);
    labels.push(labelResult(label, metric, threshold, groundTruth.length, detections.length, category));
  }
  return { labels, unevaluated, meanAp50: meanOf(labels.map((l) => l.ap50)), meanAp: meanOf(labels.map((l) => l.ap)) };
}

function labelResult(
  label: TaskLabel,
  metric: LabelEvaluationResult["metric"],
  threshold: number,
  groundTruthCount: number,
  detectionCount: number,
  c: CategoryEvaluation | undefined,
): LabelEvaluationResult {
  return {
    taskLabelId: label.id,
    taskLabel: label.name,
    metric,
    threshold,
    groundTruthCount: c?.groundTruthCount ?? groundTruthCount,
    detectionCount: c?.detectionCount ?? detectionCount,
    precision: c?.atThreshold?.precision ?? null,
    recall: c?.atThreshold?.recall ?? null,
    f1: c?.atThreshold?.f1 ?? null,
    ap50: c?.ap50 ?? null,
    ap: c?.ap ?? null,
    bestF1Threshold: c?.bestF1?.threshold ?? null,
    bestF1: c?.bestF1?.f1 ?? null,
    curve: c?.curve.map((p) => ({ threshold: p.threshold, precision: p.precision, recall: p.recall })) ?? [],
  };
}
