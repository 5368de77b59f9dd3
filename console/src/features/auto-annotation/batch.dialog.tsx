import { useId, useMemo, useRef, useState, type FormEvent } from "react";
import { useMutation, useQuery } from "urql";
import {
  MODELS_QUERY,
  START_AUTO_ANNOTATION_BATCH_MUTATION,
  type BatchProgress,
  type ModelsData,
  type StartAutoAnnotationBatchInput,
  type StartBatchData,
  type StartBatchVariables,
} from "./auto-annotation.api.js";
import { useFocusTrap } from "./focus-trap.hook.js";
import { ModelPicker } from "./model.picker.js";
import { RunOptionsFieldset } from "./run-options.fieldset.js";
import {
  DEFAULT_RUN_OPTIONS,
  runOptionProblems,
  runOptionsInput,
  tilingUnavailableReason,
  type RunOptionsDraft,
} from "./run-options.state.js";
import { describeServerError, type ServerErrorView } from "./server-error.messages.js";
import { ServerErrorNotice } from "./server-error.notice.js";
import { parseThreshold, ThresholdField } from "./threshold.field.js";

/** A selected task as the tasks list has it. */
export interface BatchTask {
  readonly id: string;
  readonly name: string;
  readonly labels: readonly { readonly name: string }[];
}

export interface BatchAnnotationDialogProps {
  readonly tasks: readonly BatchTask[];
  readonly open: boolean;
  readonly onClose: () => void;
  /** The batch startAutoAnnotationBatch created; the page closes the dialog and shows its progress. */
  readonly onStarted: (batch: BatchProgress) => void;
}

/** Label names every selected task has (compared as the server does: ignoring case and spacing), in the first task's order. */
export function sharedLabelNames(tasks: readonly BatchTask[]): string[] {
  const key = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, "");
  const [first, ...rest] = tasks;
  if (!first) return [];
  return first.labels.map((l) => l.name).filter((name) => rest.every((t) => t.labels.some((l) => key(l.name) === key(name))));
}

/**
 * The run dialog in batch mode: one model and its settings for every selected task (startAutoAnnotationBatch). Each
 * task's label mapping is the server's suggestion for it; per-class thresholds are offered for the labels all the
 * tasks share (sent by name). All or nothing: the server checks every task before any job starts.
 */
export function BatchAnnotationDialog(props: BatchAnnotationDialogProps) {
  return props.open ? <OpenBatchDialog {...props} /> : null;
}

function OpenBatchDialog({ tasks, onClose, onStarted }: BatchAnnotationDialogProps) {
  const id = useId();
  const titleId = `${id}-title`;
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef, true, onClose);

  const [models] = useQuery<ModelsData>({ query: MODELS_QUERY });
  const [started, startBatch] = useMutation<StartBatchData, StartBatchVariables>(START_AUTO_ANNOTATION_BATCH_MUTATION);
  const [modelId, setModelId] = useState("");
  const [masksAsPolygons, setMasksAsPolygons] = useState(false);
  const [cleanOld, setCleanOld] = useState(false);
  const [thresholdText, setThresholdText] = useState("");
  const [options, setOptions] = useState<RunOptionsDraft>(DEFAULT_RUN_OPTIONS);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [checkAll, setCheckAll] = useState(false);
  const [error, setError] = useState<ServerErrorView | null>(null);

  const chosen = models.data?.models.find((m) => m.id === modelId) ?? null;
  const shared = useMemo(() => sharedLabelNames(tasks), [tasks]);
  const threshold = parseThreshold(thresholdText);
  const optionProblems = runOptionProblems(options, shared, (name) => name);
  const shownProblems = Object.fromEntries(Object.entries(optionProblems).filter(([key]) => checkAll || touched.has(key)));
  const tilingUnavailable = chosen ? tilingUnavailableReason({ source: chosen.source, labels: [] }, []) : null;
  const globalThreshold =
    threshold.ok && threshold.value !== undefined ? String(threshold.value) : chosen ? String(chosen.defaultThreshold) : null;

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setCheckAll(true);
    if (!chosen || !threshold.ok || Object.keys(optionProblems).length > 0) return;
    const { tiling, ...runOptions } = runOptionsInput(options, shared);
    const input: StartAutoAnnotationBatchInput = {
      taskIds: tasks.map((t) => t.id),
      modelId: chosen.id,
      ...(threshold.value === undefined ? {} : { threshold: threshold.value }),
      convertMasksToPolygons: chosen.returnsMasks && masksAsPolygons,
      cleanOldAnnotations: cleanOld,
      ...runOptions,
      ...(tiling && tilingUnavailable === null ? { tiling } : {}),
    };
    setError(null);
    const result = await startBatch({ input });
    if (result.error) setError(describeServerError(result.error));
    else if (result.data) onStarted(result.data.startAutoAnnotationBatch);
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby={titleId} className="modal">
        <h2 id={titleId}>Automatic annotation of {tasks.length} tasks</h2>
        <form noValidate onSubmit={(e) => void submit(e)}>
          <details>
            <summary>Tasks</summary>
            <ul aria-label="Selected tasks">
              {tasks.map((t) => (
                <li key={t.id}>{t.name}</li>
              ))}
            </ul>
          </details>
          <p className="hint">Each task&apos;s labels are matched to the model&apos;s by the server, as its suggestion for that task.</p>
          <div className="field">
            <label htmlFor={`${id}-model`}>Model</label>
            <ModelPicker
              id={`${id}-model`}
              models={models.data?.models ?? []}
              value={modelId}
              onChange={(next) => {
                setModelId(next);
                setError(null);
              }}
            />
            {models.fetching && <p role="status">Loading models…</p>}
            {models.error && <ServerErrorNotice error={describeServerError(models.error)} />}
          </div>
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
            <label>
              <input type="checkbox" checked={cleanOld} onChange={(e) => setCleanOld(e.target.checked)} /> Clean old annotations
            </label>
            <ThresholdField
              value={thresholdText}
              onChange={setThresholdText}
              onBlur={() => setTouched((t) => new Set(t).add("threshold"))}
              defaultThreshold={chosen?.defaultThreshold ?? null}
              error={!threshold.ok && (checkAll || touched.has("threshold")) ? threshold.message : null}
            />
          </fieldset>
          <RunOptionsFieldset
            draft={options}
            onChange={setOptions}
            onFieldBlur={(key) => setTouched((t) => new Set(t).add(key))}
            labels={shared.map((name) => ({ id: name, name }))}
            globalThreshold={globalThreshold}
            problems={shownProblems}
            tilingUnavailable={tilingUnavailable}
          />
          {checkAll && Object.keys(optionProblems).length > 0 && (
            <p role="alert" className="error">
              Fix the options marked above before annotating.
            </p>
          )}
          {error && <ServerErrorNotice error={error} />}
          <div className="actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" disabled={!chosen || started.fetching}>
              {started.fetching ? "Starting…" : `Annotate ${tasks.length} tasks`}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}
