import { findTaskLabel } from "./label-mapping.js";
import type { TaskLabel } from "./labels.js";
import { isValidThreshold } from "./threshold.js";

/**
 * Per-class thresholds: a task label's own confidence threshold. The worker keeps a shape whose task label is
 * listed from that label's threshold, and any other from the run's threshold; it runs the model at the lowest of them.
 * Labels are named like a mapping's taskLabel: by id, else by name (exact, then ignoring case and spacing).
 */

/** One entry as a client writes it. */
export interface LabelThresholdRequest {
  /** The task label's id or name. */
  label: string;
  threshold: number;
}

/** A resolved entry, stored on the job: the task label by id (what InferFrame carries) and its name (for the API). */
export interface LabelThreshold {
  taskLabelId: string;
  taskLabel: string;
  threshold: number;
}

/** One offending value, named by its path in the request (`thresholds[1].label`, `reviewBelow`, …). */
export interface ThresholdProblem {
  path: string;
  message: string;
}

export type LabelThresholdsResult = { ok: true; value: LabelThreshold[] } | { ok: false; problems: ThresholdProblem[] };

/**
 * The checks that need no task: each threshold in (0, 1], and `reviewBelow` (when given) too. Run before any other
 * service is asked, like the global threshold's.
 */
export function checkThresholdValues(
  requests: readonly LabelThresholdRequest[] | null | undefined,
  reviewBelow: number | null | undefined,
): ThresholdProblem[] {
  const problems: ThresholdProblem[] = [];
  (requests ?? []).forEach((r, i) => {
    if (!isValidThreshold(r.threshold)) {
      problems.push({
        path: `thresholds[${i}].threshold`,
        message: `The threshold of "${r.label}" must be greater than 0 and at most 1 (got ${String(r.threshold)}).`,
      });
    }
  });
  if (reviewBelow !== null && reviewBelow !== undefined && !isValidThreshold(reviewBelow)) {
    problems.push({ path: "reviewBelow", message: `reviewBelow must be greater than 0 and at most 1 (got ${String(reviewBelow)}).` });
  }
  return problems;
}

/**
 * Resolves each entry to a task label (top-level labels only: a skeleton's points share their skeleton's score).
 * Every problem is reported: a value out of range, a label the task lacks or names ambiguously, the same label twice.
 * Omitted, null or empty: none.
 */
export function resolveLabelThresholds(
  requests: readonly LabelThresholdRequest[] | null | undefined,
  taskLabels: readonly TaskLabel[],
): LabelThresholdsResult {
  const problems = checkThresholdValues(requests, undefined);
  const resolved: LabelThreshold[] = [];
  const seen = new Map<string, number>();
  (requests ?? []).forEach((r, i) => {
    const path = `thresholds[${i}].label`;
    const label = findTaskLabel(taskLabels, r.label);
    if (label === "ambiguous") {
      problems.push({ path, message: `Task label "${r.label}" matches several task labels; use its id.` });
      return;
    }
    if (!label) {
      const names = taskLabels.length ? taskLabels.map((l) => l.name).join(", ") : "none";
      problems.push({ path, message: `The task has no label with id or name "${r.label}" (it has: ${names}).` });
      return;
    }
    const first = seen.get(label.id);
    if (first !== undefined) {
      problems.push({ path, message: `Task label "${label.name}" already has a threshold (thresholds[${first}]); give each label one.` });
      return;
    }
    seen.set(label.id, i);
    resolved.push({ taskLabelId: label.id, taskLabel: label.name, threshold: r.threshold });
  });
  return problems.length ? { ok: false, problems } : { ok: true, value: resolved };
}

/** ThresholdProblem for per-class thresholds asked for together with tracking (a documented limitation). */
export const THRESHOLDS_WITH_TRACKING: ThresholdProblem = {
  path: "thresholds",
  message:
    "Per-class thresholds cannot be combined with tracking yet (the tracker starts tracks at the run's single threshold); " +
    "start without tracking, or use the global threshold.",
};
