import { useId } from "react";

export type ThresholdParse = { readonly ok: true; readonly value: number | undefined } | { readonly ok: false; readonly message: string };

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i;

/** The threshold text as StartAutoAnnotationInput wants it: empty is the model's default, else a number in (0, 1]. */
export function parseThreshold(text: string): ThresholdParse {
  const trimmed = text.trim();
  if (trimmed === "") return { ok: true, value: undefined };
  if (!DECIMAL.test(trimmed)) return { ok: false, message: `"${trimmed}" is not a number: enter a value such as 0.5, or leave it empty.` };
  const value = Number(trimmed);
  // 0 is refused rather than read as "unset" (CVAT's truthiness check did the latter; our server says INVALID_THRESHOLD).
  if (value <= 0) return { ok: false, message: "The threshold must be greater than 0 (leave it empty for the model's default)." };
  if (value > 1) return { ok: false, message: "The threshold must be at most 1: scores are between 0 and 1." };
  return { ok: true, value };
}

export interface ThresholdFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly onBlur?: () => void;
  /** The model's default, shown as the placeholder; null before a model is chosen. */
  readonly defaultThreshold: number | null;
  /** Shown under the input (and marks it invalid); null when valid or not yet checked. */
  readonly error: string | null;
}

export function ThresholdField({ value, onChange, onBlur, defaultThreshold, error }: ThresholdFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>Threshold</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        value={value}
        placeholder={defaultThreshold === null ? "" : String(defaultThreshold)}
        aria-invalid={error !== null}
        aria-describedby={error === null ? hintId : `${errorId} ${hintId}`}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
      />
      <p id={hintId} className="hint">
        Detections scoring below it are dropped. Greater than 0, at most 1; empty: the model&apos;s default
        {defaultThreshold === null ? "" : ` (${defaultThreshold})`}.
      </p>
      {error !== null && (
        <p id={errorId} className="error">
          {error}
        </p>
      )}
    </div>
  );
}
