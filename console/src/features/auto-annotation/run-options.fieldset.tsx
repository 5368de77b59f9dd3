import { useId, type ReactNode } from "react";
import {
  DEFAULT_TILE_SIZE,
  TILE_OVERLAP_MAX,
  TILE_SIZE_MAX,
  TILE_SIZE_MIN,
  type RunOptionsDraft,
  type TileMerge,
} from "./run-options.state.js";

export interface RunOptionsFieldsetProps {
  readonly draft: RunOptionsDraft;
  readonly onChange: (draft: RunOptionsDraft) => void;
  /** A field left (its key, as in RunOptionProblems): its problem is shown from then on. */
  readonly onFieldBlur: (key: string) => void;
  /** The mapped task labels, in the task's order: each may have its own threshold. */
  readonly labels: readonly { readonly id: string; readonly name: string }[];
  /** What an empty per-class threshold means (the global threshold typed, else the model's default); null before a model. */
  readonly globalThreshold: string | null;
  /** The problems to show now, by field key (see RunOptionProblems). */
  readonly problems: Readonly<Record<string, string>>;
  /** Why tiling cannot be used with this model, or null. */
  readonly tilingUnavailable: string | null;
}

/** Per-class thresholds, tiling (small objects) and "flag for review below": issue 16's run options. */
export function RunOptionsFieldset({
  draft,
  onChange,
  onFieldBlur,
  labels,
  globalThreshold,
  problems,
  tilingUnavailable,
}: RunOptionsFieldsetProps) {
  const id = useId();
  const setTiling = (tiling: Partial<RunOptionsDraft["tiling"]>): void => onChange({ ...draft, tiling: { ...draft.tiling, ...tiling } });
  const tilingOn = draft.tiling.enabled && tilingUnavailable === null;
  return (
    <>
      {labels.length > 0 && (
        <fieldset>
          <legend>Per-class thresholds</legend>
          <p className="hint">
            A label given its own threshold keeps its shapes from that score; the others use the threshold above
            {globalThreshold === null ? "" : ` (${globalThreshold})`}.
          </p>
          <table className="label-thresholds">
            <thead>
              <tr>
                <th scope="col">Task label</th>
                <th scope="col">Threshold</th>
              </tr>
            </thead>
            <tbody>
              {labels.map((label) => {
                const key = `threshold:${label.id}`;
                return (
                  <tr key={label.id}>
                    <th scope="row">{label.name}</th>
                    <td>
                      <TextInput
                        fieldId={`${id}-${key}`}
                        label={`Threshold for ${label.name}`}
                        visuallyHiddenLabel
                        value={draft.labelThresholds[label.id] ?? ""}
                        placeholder={globalThreshold ?? ""}
                        error={problems[key] ?? null}
                        onChange={(value) => onChange({ ...draft, labelThresholds: { ...draft.labelThresholds, [label.id]: value } })}
                        onBlur={() => onFieldBlur(key)}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </fieldset>
      )}

      <fieldset>
        <legend>Small objects</legend>
        <label>
          <input
            type="checkbox"
            checked={tilingOn}
            disabled={tilingUnavailable !== null}
            aria-describedby={`${id}-tiling-hint`}
            onChange={(e) => setTiling({ enabled: e.target.checked })}
          />{" "}
          Tile the frames
        </label>
        <p id={`${id}-tiling-hint`} className="hint">
          {tilingUnavailable ??
            "Each frame is also cut into overlapping tiles that the model sees at full resolution; detections on tile edges are merged. Slower, finds smaller objects."}
        </p>
        {tilingOn && (
          <>
            <TextInput
              fieldId={`${id}-tile-size`}
              label="Tile size (pixels)"
              value={draft.tiling.tileSize}
              placeholder={String(DEFAULT_TILE_SIZE)}
              hint={`${TILE_SIZE_MIN} to ${TILE_SIZE_MAX}, square tiles.`}
              error={problems.tileSize ?? null}
              inputMode="numeric"
              onChange={(tileSize) => setTiling({ tileSize })}
              onBlur={() => onFieldBlur("tileSize")}
            />
            <TextInput
              fieldId={`${id}-overlap`}
              label="Tile overlap"
              value={draft.tiling.overlap}
              placeholder="0.2"
              hint={`0 to ${TILE_OVERLAP_MAX}, a fraction of the tile.`}
              error={problems.overlap ?? null}
              onChange={(overlap) => setTiling({ overlap })}
              onBlur={() => onFieldBlur("overlap")}
            />
            <div className="field">
              <label htmlFor={`${id}-merge`}>Merge detections</label>
              <select id={`${id}-merge`} value={draft.tiling.merge} onChange={(e) => setTiling({ merge: e.target.value as TileMerge })}>
                <option value="NMS">NMS (keep the best-scoring box)</option>
                <option value="WBF">WBF (average the overlapping boxes)</option>
              </select>
            </div>
          </>
        )}
      </fieldset>

      <TextInput
        fieldId={`${id}-review-below`}
        label="Flag for review below"
        value={draft.reviewBelow}
        placeholder=""
        hint="Results scoring under it are committed flagged for review and listed in the task's review queue. Empty: none are."
        error={problems.reviewBelow ?? null}
        onChange={(reviewBelow) => onChange({ ...draft, reviewBelow })}
        onBlur={() => onFieldBlur("reviewBelow")}
      />
    </>
  );
}

interface TextInputProps {
  readonly fieldId: string;
  readonly label: string;
  readonly visuallyHiddenLabel?: boolean;
  readonly value: string;
  readonly placeholder: string;
  readonly hint?: ReactNode;
  readonly error: string | null;
  readonly inputMode?: "decimal" | "numeric";
  readonly onChange: (value: string) => void;
  readonly onBlur: () => void;
}

/** A text input with its label, hint and inline error (aria-invalid, described by the error then the hint). */
function TextInput({ fieldId, label, visuallyHiddenLabel, value, placeholder, hint, error, inputMode, onChange, onBlur }: TextInputProps) {
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;
  const describedBy = [error === null ? null : errorId, hint === undefined ? null : hintId].filter((x) => x !== null).join(" ");
  return (
    <div className="field">
      <label htmlFor={fieldId} className={visuallyHiddenLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <input
        id={fieldId}
        type="text"
        inputMode={inputMode ?? "decimal"}
        value={value}
        placeholder={placeholder}
        aria-invalid={error !== null}
        aria-describedby={describedBy || undefined}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
      {hint !== undefined && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error !== null && (
        <p id={errorId} className="error">
          {error}
        </p>
      )}
    </div>
  );
}
