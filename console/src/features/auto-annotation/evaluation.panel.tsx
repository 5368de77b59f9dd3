import { useEffect, useState } from "react";
import { useMutation, useQuery } from "urql";
import {
  EVALUATE_MODEL_MUTATION,
  EVALUATION_QUERY,
  type EvaluateModelData,
  type EvaluateModelInput,
  type EvaluateModelVariables,
  type EvaluationResult,
  type LabelEvaluationResult,
  type StartAutoAnnotationInput,
} from "./auto-annotation.api.js";
import { describeServerError, type ServerErrorView } from "./server-error.messages.js";
import { ServerErrorNotice } from "./server-error.notice.js";

export interface EvaluationPanelProps {
  /** The dialog's current settings as a start input, or null when they are not valid yet (the dialog marks why). */
  readonly buildInput: () => StartAutoAnnotationInput | null;
  readonly disabled: boolean;
  /** "Use best-F1 thresholds": the labels' best thresholds, for the dialog's per-class fields. */
  readonly onUseBestThresholds: (labels: readonly LabelEvaluationResult[]) => void;
  /** How often a running evaluation is asked for again, ms. */
  readonly pollMs?: number;
}

/** Metrics for display: 3 decimals (the metrics library's perfect AP is 0.9999999999999998); none: a dash. */
export const formatMetric = (value: number | null | undefined): string => (value === null || value === undefined ? "–" : value.toFixed(3));

/** What evaluateModel takes of the dialog's start input (review, clean-up and frame range play no part). */
export function evaluationInput(input: StartAutoAnnotationInput): EvaluateModelInput {
  const { taskId, modelId, mapping, threshold, thresholds, convertMasksToPolygons, tiling } = input;
  return {
    taskId,
    modelId,
    ...(mapping ? { mapping } : {}),
    ...(threshold === undefined || threshold === null ? {} : { threshold }),
    ...(thresholds ? { thresholds } : {}),
    ...(convertMasksToPolygons === undefined || convertMasksToPolygons === null ? {} : { convertMasksToPolygons }),
    ...(tiling ? { tiling } : {}),
  };
}

/**
 * "Evaluate": the dialog's model and settings run on the task's frames that have manual annotations (evaluateModel),
 * followed until COMPLETED, then per task label: ground truth, detections, precision / recall / F1 at the threshold,
 * AP@0.5, AP@[.5:.95] and the threshold with the best F1, which one button copies into the per-class thresholds.
 */
export function EvaluationPanel({ buildInput, disabled, onUseBestThresholds, pollMs = 1000 }: EvaluationPanelProps) {
  const [started, evaluateModel] = useMutation<EvaluateModelData, EvaluateModelVariables>(EVALUATE_MODEL_MUTATION);
  const [error, setError] = useState<ServerErrorView | null>(null);
  const [evaluationId, setEvaluationId] = useState<string | null>(null);
  const [settingsInvalid, setSettingsInvalid] = useState(false);
  const [applied, setApplied] = useState(false);

  const run = async (): Promise<void> => {
    const input = buildInput();
    setSettingsInvalid(input === null);
    if (input === null) return;
    setError(null);
    setApplied(false);
    const answer = await evaluateModel({ input: evaluationInput(input) });
    if (answer.error) setError(describeServerError(answer.error));
    else if (answer.data) setEvaluationId(answer.data.evaluateModel.id);
  };

  return (
    <fieldset className="evaluation">
      <legend>Evaluate</legend>
      <p className="hint">
        Runs the model with these settings on the task&apos;s frames that have manual annotations and compares its results with them.
        Nothing is written to the task.
      </p>
      <button type="button" disabled={disabled || started.fetching} onClick={() => void run()}>
        {started.fetching ? "Starting the evaluation…" : "Evaluate"}
      </button>
      {settingsInvalid && (
        <p role="alert" className="error">
          Fix the settings marked above before evaluating.
        </p>
      )}
      {error && <ServerErrorNotice error={error} />}
      {evaluationId && (
        <EvaluationView
          key={evaluationId}
          id={evaluationId}
          pollMs={pollMs}
          applied={applied}
          onUseBestThresholds={(labels) => {
            onUseBestThresholds(labels);
            setApplied(true);
          }}
        />
      )}
    </fieldset>
  );
}

function EvaluationView({
  id,
  pollMs,
  applied,
  onUseBestThresholds,
}: {
  readonly id: string;
  readonly pollMs: number;
  readonly applied: boolean;
  readonly onUseBestThresholds: (labels: readonly LabelEvaluationResult[]) => void;
}) {
  const [{ data, error }, reexecute] = useQuery({ query: EVALUATION_QUERY, variables: { id }, requestPolicy: "network-only" });
  const evaluation = data?.evaluation ?? null;
  const running = evaluation === null || evaluation.status === "RUNNING";
  useEffect(() => {
    if (!running || error) return;
    const timer = setInterval(() => reexecute({ requestPolicy: "network-only" }), pollMs);
    return () => clearInterval(timer);
  }, [running, error, pollMs, reexecute]);

  if (error) return <ServerErrorNotice error={describeServerError(error)} />;
  if (!evaluation) return <p role="status">Starting the evaluation…</p>;
  if (evaluation.status === "RUNNING") {
    return (
      <p role="status">
        Evaluating: {evaluation.framesDone} of {evaluation.framesTotal} frames
        {evaluation.framesFailed ? ` (${evaluation.framesFailed} failed)` : ""}…
      </p>
    );
  }
  if (evaluation.status === "FAILED") {
    return (
      <p role="alert">
        The evaluation failed{evaluation.failureCode ? ` (${evaluation.failureCode})` : ""}: {evaluation.failureReason ?? "no reason given"}
        .
      </p>
    );
  }
  return <EvaluationTable evaluation={evaluation} applied={applied} onUseBestThresholds={onUseBestThresholds} />;
}

function EvaluationTable({
  evaluation,
  applied,
  onUseBestThresholds,
}: {
  readonly evaluation: EvaluationResult;
  readonly applied: boolean;
  readonly onUseBestThresholds: (labels: readonly LabelEvaluationResult[]) => void;
}) {
  const withBest = evaluation.labels.filter((l) => l.bestF1Threshold !== null && l.bestF1Threshold !== undefined);
  return (
    <section aria-label="Evaluation results">
      <p role="status">
        Evaluated on {evaluation.framesDone} {evaluation.framesDone === 1 ? "frame" : "frames"}
        {evaluation.framesFailed ? ` (${evaluation.framesFailed} failed)` : ""}: mean AP@0.5 {formatMetric(evaluation.meanAp50)}, mean AP{" "}
        {formatMetric(evaluation.meanAp)}.
      </p>
      <table className="evaluation-table">
        <caption>Per task label, precision, recall and F1 at the threshold used</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Metric</th>
            <th scope="col">Ground truth</th>
            <th scope="col">Detections</th>
            <th scope="col">Precision</th>
            <th scope="col">Recall</th>
            <th scope="col">F1</th>
            <th scope="col">AP@0.5</th>
            <th scope="col">AP@[.5:.95]</th>
            <th scope="col">Best-F1 threshold</th>
          </tr>
        </thead>
        <tbody>
          {evaluation.labels.map((l) => (
            <tr key={l.taskLabelId}>
              <th scope="row">{l.taskLabel}</th>
              <td>{l.metric.replace("_", " ").toLowerCase()}</td>
              <td>{l.groundTruthCount}</td>
              <td>{l.detectionCount}</td>
              <td>{formatMetric(l.precision)}</td>
              <td>{formatMetric(l.recall)}</td>
              <td>{formatMetric(l.f1)}</td>
              <td>{formatMetric(l.ap50)}</td>
              <td>{formatMetric(l.ap)}</td>
              <td>
                {l.bestF1Threshold === null || l.bestF1Threshold === undefined
                  ? "–"
                  : `${formatMetric(l.bestF1Threshold)} (F1 ${formatMetric(l.bestF1)})`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" disabled={withBest.length === 0} onClick={() => onUseBestThresholds(withBest)}>
        Use best-F1 thresholds
      </button>
      {applied && <p role="status">The per-class thresholds above now hold each label&apos;s best-F1 threshold.</p>}
    </section>
  );
}
