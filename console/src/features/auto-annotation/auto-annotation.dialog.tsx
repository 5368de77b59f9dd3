import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import {
  MODEL_QUERY,
  MODELS_QUERY,
  START_AUTO_ANNOTATION_MUTATION,
  SUGGEST_LABEL_MAPPING_QUERY,
  type JobProgress,
  type ModelData,
  type ModelsData,
  type ModelVariables,
  type StartAutoAnnotationData,
  type StartAutoAnnotationInput,
  type StartAutoAnnotationVariables,
  type SuggestLabelMappingData,
  type SuggestLabelMappingVariables,
  type TaskLabel,
} from "./auto-annotation.api.js";
import { useFocusTrap } from "./focus-trap.hook.js";
import { LabelMappingTable } from "./label-mapping.table.js";
import { mappedCount, mappingProblems, prefillFromSuggestion, toMappingInput, type MappingRow } from "./label-mapping.state.js";
import { ModelPicker } from "./model.picker.js";
import { PreviewPanel } from "./preview.panel.js";
import { EvaluationPanel } from "./evaluation.panel.js";
import { RunOptionsFieldset } from "./run-options.fieldset.js";
import {
  DEFAULT_RUN_OPTIONS,
  mappedTaskLabelIds,
  runOptionProblems,
  runOptionsInput,
  tilingUnavailableReason,
  withBestF1Thresholds,
  type RunOptionsDraft,
} from "./run-options.state.js";
import { describeServerError } from "./server-error.messages.js";
import { ServerErrorNotice } from "./server-error.notice.js";
import { parseThreshold, ThresholdField } from "./threshold.field.js";

export interface AutoAnnotationDialogProps {
  readonly taskId: string;
  /** The task's labels with attributes and skeleton points (TASK_LABELS_QUERY gives them). */
  readonly taskLabels: readonly TaskLabel[];
  /** The task's frame count: the preview proposes its first frames and checks the ones typed. */
  readonly taskSize?: number;
  readonly open: boolean;
  /** Escape, Cancel or the backdrop. The page sets `open` to false; focus goes back to the opener. */
  readonly onClose: () => void;
  /** The job startAutoAnnotation created; the page closes the dialog and shows its JobProgressBar. */
  readonly onStarted: (job: JobProgress) => void;
}

/** The model's rows, for the model they were made for: changing the model starts from its suggestion again. */
interface Rows {
  readonly modelId: string;
  readonly rows: readonly MappingRow[];
}

/**
 * CVAT's "Automatic annotation" dialog (shared/reference/cvat.md §1.8): a model, its labels matched to the task's,
 * masks as polygons, clean old annotations, threshold, Annotate. What the server would refuse is explained here
 * before any request; what it refuses anyway is shown here too.
 */
export function AutoAnnotationDialog(props: AutoAnnotationDialogProps) {
  // Unmounted while closed: each opening starts from a clean form and a fresh model list.
  return props.open ? <OpenDialog {...props} /> : null;
}

function OpenDialog({ taskId, taskLabels, taskSize, onClose, onStarted }: AutoAnnotationDialogProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const modelSelectId = `${id}-model`;
  const annotateHintId = `${id}-annotate-hint`;
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef, true, onClose);

  const [modelId, setModelId] = useState("");
  const [mapping, setMapping] = useState<Rows | null>(null);
  const [masksAsPolygons, setMasksAsPolygons] = useState(false);
  const [cleanOld, setCleanOld] = useState(false);
  const [thresholdText, setThresholdText] = useState("");
  const [thresholdChecked, setThresholdChecked] = useState(false);
  const [submitAttempted, setSubmitAttempted] = useState(false);
  // Set by Annotate or Preview: every field's problem is shown, not only those of fields already left.
  const [checkAll, setCheckAll] = useState(false);
  const [options, setOptions] = useState<RunOptionsDraft>(DEFAULT_RUN_OPTIONS);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());

  const [models] = useQuery<ModelsData>({ query: MODELS_QUERY });
  const [model] = useQuery<ModelData, ModelVariables>({ query: MODEL_QUERY, variables: { id: modelId }, pause: modelId === "" });
  const [suggestion] = useQuery<SuggestLabelMappingData, SuggestLabelMappingVariables>({
    query: SUGGEST_LABEL_MAPPING_QUERY,
    variables: { taskId, modelId },
    pause: modelId === "",
  });
  const [started, startAutoAnnotation] = useMutation<StartAutoAnnotationData, StartAutoAnnotationVariables>(START_AUTO_ANNOTATION_MUTATION);
  const [startError, setStartError] = useState<ReturnType<typeof describeServerError> | null>(null);

  const chosen = modelId !== "" && model.data?.model?.id === modelId ? model.data.model : null;
  // Without a suggestion (it failed) every label starts ignored: the user can still match them by hand.
  const suggestionSettled = modelId !== "" && !suggestion.fetching && (suggestion.data !== undefined || suggestion.error !== undefined);
  useEffect(() => {
    if (!chosen || !suggestionSettled || mapping?.modelId === chosen.id) return;
    setMapping({ modelId: chosen.id, rows: prefillFromSuggestion(chosen.labels, taskLabels, suggestion.data?.suggestLabelMapping ?? []) });
  }, [chosen, suggestionSettled, mapping, taskLabels, suggestion.data]);

  const rows = chosen && mapping?.modelId === chosen.id ? mapping.rows : null;
  const problems = useMemo(() => (rows ? mappingProblems(rows, taskLabels) : []), [rows, taskLabels]);
  const threshold = parseThreshold(thresholdText);
  const thresholdError = !threshold.ok && (thresholdChecked || checkAll) ? threshold.message : null;
  const canAnnotate = rows !== null && mappedCount(rows) > 0 && !started.fetching;

  const labelIds = useMemo(
    () =>
      rows
        ? mappedTaskLabelIds(
            rows,
            taskLabels.map((l) => l.id),
          )
        : [],
    [rows, taskLabels],
  );
  const labelName = (labelId: string): string => taskLabels.find((l) => l.id === labelId)?.name ?? labelId;
  const optionProblems = runOptionProblems(options, labelIds, labelName);
  const shownOptionProblems = Object.fromEntries(Object.entries(optionProblems).filter(([key]) => checkAll || touched.has(key)));
  const tilingUnavailable = chosen && rows ? tilingUnavailableReason(chosen, rows) : null;
  const globalThreshold =
    threshold.ok && threshold.value !== undefined ? String(threshold.value) : chosen ? String(chosen.defaultThreshold) : null;

  const chooseModel = (next: string): void => {
    setModelId(next);
    setMasksAsPolygons(false);
    setStartError(null);
    setSubmitAttempted(false);
    setCheckAll(false);
  };
  const changeRow = (row: MappingRow): void => {
    if (!rows || !chosen) return;
    setMapping({ modelId: chosen.id, rows: rows.map((r) => (r.modelLabel === row.modelLabel ? row : r)) });
    setStartError(null);
  };

  /** The settings as a start input, or null (and every field's problem shown) when the server would refuse them. */
  const buildInput = (): StartAutoAnnotationInput | null => {
    setCheckAll(true);
    if (!chosen || !rows || !threshold.ok || problems.length > 0 || Object.keys(optionProblems).length > 0) return null;
    const { tiling, ...runOptions } = runOptionsInput(options, labelIds);
    const input: StartAutoAnnotationInput = {
      taskId,
      modelId: chosen.id,
      mapping: toMappingInput(rows),
      ...(threshold.value === undefined ? {} : { threshold: threshold.value }),
      convertMasksToPolygons: chosen.returnsMasks && masksAsPolygons,
      cleanOldAnnotations: cleanOld,
      ...runOptions,
      // A model tiling cannot help (TILING_NOT_APPLICABLE) runs without it, whatever was ticked for another model.
      ...(tiling && tilingUnavailable === null ? { tiling } : {}),
    };
    return input;
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSubmitAttempted(true);
    const input = buildInput();
    if (!input) return;
    setStartError(null);
    const result = await startAutoAnnotation({ input });
    if (result.error) setStartError(describeServerError(result.error));
    else if (result.data) onStarted(result.data.startAutoAnnotation);
  };

  const rowProblems = problems.filter((p) => p.modelLabel !== null);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className="modal">
        <h2 id={titleId}>Automatic annotation</h2>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <div className="field">
            <label htmlFor={modelSelectId}>Model</label>
            <ModelPicker id={modelSelectId} models={models.data?.models ?? []} value={modelId} onChange={chooseModel} />
            {models.fetching && <p role="status">Loading models…</p>}
            {models.error && <ServerErrorNotice error={describeServerError(models.error)} />}
          </div>

          {modelId !== "" && (model.fetching || (chosen && !rows)) && <p role="status">Loading the model&apos;s labels…</p>}
          {model.error && <ServerErrorNotice error={describeServerError(model.error)} />}
          {suggestion.error && (
            <p className="hint">
              The server could not suggest a matching ({describeServerError(suggestion.error).message}): match the labels by hand.
            </p>
          )}
          {chosen && chosen.labels.length === 0 && <p role="alert">This model declares no labels: there is nothing to match.</p>}
          {chosen && rows && chosen.labels.length > 0 && (
            <LabelMappingTable
              modelLabels={chosen.labels}
              taskLabels={taskLabels}
              rows={rows}
              problems={problems}
              onRowChange={changeRow}
            />
          )}

          <fieldset>
            <legend>Options</legend>
            <label>
              <input
                type="checkbox"
                checked={masksAsPolygons}
                disabled={!chosen?.returnsMasks}
                onChange={(e) => setMasksAsPolygons(e.target.checked)}
              />{" "}
              Return masks as polygons
            </label>
            {chosen && !chosen.returnsMasks && <p className="hint">This model does not return masks.</p>}
            <label>
              <input type="checkbox" checked={cleanOld} onChange={(e) => setCleanOld(e.target.checked)} /> Clean old annotations
            </label>
            <ThresholdField
              value={thresholdText}
              onChange={setThresholdText}
              onBlur={() => setThresholdChecked(true)}
              defaultThreshold={chosen?.defaultThreshold ?? null}
              error={thresholdError}
            />
          </fieldset>

          <RunOptionsFieldset
            draft={options}
            onChange={(next) => {
              setOptions(next);
              setStartError(null);
            }}
            onFieldBlur={(key) => setTouched((t) => new Set(t).add(key))}
            labels={labelIds.map((labelId) => ({ id: labelId, name: labelName(labelId) }))}
            globalThreshold={globalThreshold}
            problems={shownOptionProblems}
            tilingUnavailable={tilingUnavailable}
          />

          <PreviewPanel
            key={chosen?.id ?? ""}
            taskId={taskId}
            taskSize={taskSize ?? null}
            buildInput={buildInput}
            disabled={!canAnnotate}
          />
          <EvaluationPanel
            key={`evaluation-${chosen?.id ?? ""}`}
            buildInput={buildInput}
            disabled={!canAnnotate}
            onUseBestThresholds={(evaluated) =>
              setOptions((o) => ({ ...o, labelThresholds: withBestF1Thresholds(o.labelThresholds, evaluated) }))
            }
          />

          {submitAttempted && rowProblems.length > 0 && (
            <p role="alert" className="error">
              Fix the label matching above before annotating.
            </p>
          )}
          {submitAttempted && Object.keys(optionProblems).length > 0 && (
            <p role="alert" className="error">
              Fix the options marked above before annotating.
            </p>
          )}
          {startError && <ServerErrorNotice error={startError} />}

          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" disabled={!canAnnotate} aria-describedby={rows && mappedCount(rows) === 0 ? annotateHintId : undefined}>
              {started.fetching ? "Starting…" : "Annotate"}
            </button>
            {rows && mappedCount(rows) === 0 && (
              <p id={annotateHintId} className="hint">
                Map at least one model label to a task label to annotate.
              </p>
            )}
          </div>
        </form>
      </div>
    </div>
  );
}
