import type { Shape } from "@prelabel/proto";

/** A task label's own score threshold (a run's per-class thresholds, by task label id). */
export interface LabelScoreThreshold {
  readonly taskLabelId: string;
  readonly threshold: number;
}

/** The model runs at the lowest threshold any label asks for; the shapes are then filtered per label (keepScoredShapes). */
export function modelThreshold(threshold: number, labelThresholds: readonly LabelScoreThreshold[]): number {
  return Math.min(threshold, ...labelThresholds.map((t) => t.threshold));
}

/**
 * The mapped shapes that pass their threshold: a shape whose task label has its own threshold needs a score of at
 * least that, any other shape at least `threshold`. Score-less shapes (a Nuclio function that gives none) are kept:
 * no threshold applies to them.
 */
export function keepScoredShapes(shapes: readonly Shape[], threshold: number, labelThresholds: readonly LabelScoreThreshold[]): Shape[] {
  // Thresholds travel as float32: both sides are compared at that precision, so a score equal to its threshold passes.
  const byLabel = new Map(labelThresholds.map((t) => [t.taskLabelId, Math.fround(t.threshold)]));
  const global = Math.fround(threshold);
  return shapes.filter((s) => s.score === undefined || Math.fround(s.score) >= (byLabel.get(s.labelId) ?? global));
}
