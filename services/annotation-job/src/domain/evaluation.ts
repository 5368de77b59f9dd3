import type { FrameFailure } from "./frame-outcome.js";
import type { LabelThreshold } from "./label-thresholds.js";
import type { LabelMapping } from "./labels.js";
import type { JobTiling } from "./tiling.js";

/**
 * An evaluation: a model run over frames that already have manual annotations, its results compared with them per task
 * label. Nothing is written to the task; the row keeps the settings, the progress and, once COMPLETED, the metrics.
 */

export const EvaluationStatuses = ["RUNNING", "COMPLETED", "FAILED"] as const;
export type EvaluationStatus = (typeof EvaluationStatuses)[number];

/** Why an evaluation FAILED (`Evaluation.failureCode`; docs/errors.md). */
export const EvaluationFailureCode = {
  /** The annotation-job process running it stopped (restart, crash) before it finished; start it again. */
  INTERRUPTED: "EVALUATION_INTERRUPTED",
  /** Every frame failed (listed in `failures`): there is nothing to compare. */
  NO_FRAME_EVALUATED: "NO_FRAME_EVALUATED",
  /** An unexpected error while running it (the reason says which). */
  EVALUATION_ERROR: "EVALUATION_ERROR",
} as const;
export type EvaluationFailureCode = (typeof EvaluationFailureCode)[keyof typeof EvaluationFailureCode];

/** How a task label's results are matched with its ground truth. */
export const EvaluationMetrics = ["BOX_IOU", "MASK_IOU", "OKS"] as const;
export type EvaluationMetric = (typeof EvaluationMetrics)[number];

/** A per-class threshold as a run stores it (task label id and name). */
export type LabelThresholdSetting = LabelThreshold;

/** Tiling as a run stores it (defaults filled in). */
export type TilingSetting = JobTiling;

export interface PrecisionRecallPoint {
  threshold: number;
  precision: number;
  recall: number;
}

/** One task label's results. precision/recall/f1 are at the evaluation's threshold for that label (null without data). */
export interface LabelEvaluationResult {
  taskLabelId: string;
  taskLabel: string;
  metric: EvaluationMetric;
  /** The score threshold precision/recall/f1 are reported at (the label's own, else the evaluation's). */
  threshold: number;
  groundTruthCount: number;
  /** Detections at or above the low floor the model was run at (what the curve and AP use). */
  detectionCount: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  ap50: number | null;
  ap: number | null;
  bestF1Threshold: number | null;
  bestF1: number | null;
  curve: PrecisionRecallPoint[];
}

/** Why a task label with ground truth has no results. */
export const UnevaluatedReasons = ["TYPE_NOT_EVALUATED", "NOT_MAPPED"] as const;
export type UnevaluatedReason = (typeof UnevaluatedReasons)[number];

/** A task label whose manual annotations were not compared (tags, points, polylines; or a label the mapping does not produce). */
export interface UnevaluatedLabel {
  taskLabelId: string;
  taskLabel: string;
  groundTruthCount: number;
  reason: UnevaluatedReason;
}

export interface EvaluationResults {
  labels: LabelEvaluationResult[];
  unevaluated: UnevaluatedLabel[];
  /** Means over the labels whose AP is defined (null when none is). */
  meanAp50: number | null;
  meanAp: number | null;
}

export interface Evaluation {
  id: string;
  tenantId: string;
  taskId: string;
  modelId: string;
  status: EvaluationStatus;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  /** The global operating threshold (the label thresholds override it per label). */
  threshold: number;
  labelThresholds: LabelThresholdSetting[];
  mapping: LabelMapping[];
  tiling: TilingSetting | null;
  convertMasksToPolygons: boolean;
  results: EvaluationResults | null;
  /** Frames the model could not run on (counted in framesFailed), by frame. */
  failures: FrameFailure[];
  failureCode: string | null;
  failureReason: string | null;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
}

/** The lowest score the model is run at during an evaluation, so the curve and AP see the weak detections too. */
export const EVALUATION_SCORE_FLOOR = 0.05;

/** The inference threshold: the floor, or lower when the evaluation's threshold or a label's asks for it. */
export function evaluationScoreFloor(threshold: number, labelThresholds: readonly { threshold: number }[]): number {
  return Math.min(EVALUATION_SCORE_FLOOR, threshold, ...labelThresholds.map((t) => t.threshold));
}

/** The operating threshold of each task label: its own, else the evaluation's. */
export function operatingThresholds(
  taskLabelIds: readonly string[],
  threshold: number,
  labelThresholds: readonly { taskLabelId: string; threshold: number }[],
): Record<string, number> {
  const own = new Map(labelThresholds.map((t) => [t.taskLabelId, t.threshold]));
  return Object.fromEntries(taskLabelIds.map((id) => [id, own.get(id) ?? threshold]));
}

/** Mean of the defined values; null when there is none. */
export function meanOf(values: readonly (number | null)[]): number | null {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
}

/** The frames an evaluation may cover at once (EVALUATION_MAX_FRAMES). */
export const DEFAULT_EVALUATION_MAX_FRAMES = 5_000;

export type FrameSelectionResult = { ok: true; frames: number[] | null } | { ok: false; message: string; invalid: number[] };

/** Shape of the `frames` argument before the task is known: distinct non-negative integers, at most `max`. Null: discover. */
export function checkFrameSelection(frames: readonly number[] | null | undefined, max: number): FrameSelectionResult {
  if (frames === null || frames === undefined) return { ok: true, frames: null };
  if (frames.length === 0)
    return { ok: false, message: "frames must list at least one frame (omit it to use every frame with manual annotations).", invalid: [] };
  const invalid = frames.filter((f) => !Number.isInteger(f) || f < 0);
  if (invalid.length)
    return { ok: false, message: `frames must be non-negative integers (got ${invalid.slice(0, 10).join(", ")}).`, invalid };
  const distinct = [...new Set(frames)].sort((a, b) => a - b);
  if (distinct.length !== frames.length) {
    const seen = new Set<number>();
    const dup = frames.filter((f) => (seen.has(f) ? true : (seen.add(f), false)));
    return {
      ok: false,
      message: `frames must be distinct (repeated: ${[...new Set(dup)].slice(0, 10).join(", ")}).`,
      invalid: [...new Set(dup)],
    };
  }
  if (distinct.length > max)
    return { ok: false, message: `An evaluation covers at most ${max} frames (got ${distinct.length}).`, invalid: [] };
  return { ok: true, frames: distinct };
}
