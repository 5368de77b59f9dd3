import type { ModelSource, ModelSummary } from "./auto-annotation.api.js";

const SOURCE_GROUPS: readonly { readonly source: ModelSource; readonly label: string }[] = [
  { source: "CATALOG", label: "Catalog" },
  { source: "UPLOAD", label: "Uploaded" },
  { source: "NUCLIO", label: "Nuclio functions" },
  { source: "HUGGING_FACE", label: "Hugging Face" },
  { source: "ROBOFLOW", label: "Roboflow" },
];

export interface ModelPickerProps {
  readonly id: string;
  readonly models: readonly ModelSummary[];
  /** The chosen model's id; "" for none. */
  readonly value: string;
  readonly onChange: (modelId: string) => void;
  readonly disabled?: boolean;
}

/** Models grouped by source; the ones no job can run are listed, disabled, with the reason. */
export function ModelPicker({ id, models, value, onChange, disabled }: ModelPickerProps) {
  return (
    <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled} data-autofocus>
      <option value="">Choose a model…</option>
      {SOURCE_GROUPS.map(({ source, label }) => {
        const inGroup = models.filter((m) => m.source === source);
        if (inGroup.length === 0) return null;
        return (
          <optgroup key={source} label={label}>
            {inGroup.map((m) => (
              <option key={m.id} value={m.id} disabled={!m.supported}>
                {m.supported ? m.name : `${m.name} (not supported: ${m.unsupportedReason ?? "no job can run it"})`}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}
