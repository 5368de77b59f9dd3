import { useId, useState } from "react";
import type { ModelLabel, ShapeType, TaskLabel } from "./auto-annotation.api.js";
import {
  compatibleTaskLabels,
  defaultRow,
  withAttribute,
  withSublabel,
  type MappingProblem,
  type MappingRow,
} from "./label-mapping.state.js";

export interface LabelMappingTableProps {
  readonly modelLabels: readonly ModelLabel[];
  readonly taskLabels: readonly TaskLabel[];
  /** One per model label, in the same order. */
  readonly rows: readonly MappingRow[];
  readonly problems: readonly MappingProblem[];
  readonly onRowChange: (row: MappingRow) => void;
}

const typeName = (type: ShapeType): string => type.toLowerCase();

/** The expand button's visible text: what it does and how many attributes and points the row holds. */
const detailsToggle = (isOpen: boolean, modelLabel: ModelLabel, row: MappingRow): string =>
  `${isOpen ? "Hide" : "Show"} (${modelLabel.attributes.length + Object.keys(row.sublabels).length})`;

/**
 * Model label → task label, editable. Only compatible task labels are offered; "ignored" drops the label's
 * detections. Attributes and skeleton points are mapped in a row's expandable part.
 */
export function LabelMappingTable({ modelLabels, taskLabels, rows, problems, onRowChange }: LabelMappingTableProps) {
  const id = useId();
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const toggle = (name: string): void =>
    setExpanded((open) => {
      const next = new Set(open);
      if (!next.delete(name)) next.add(name);
      return next;
    });

  return (
    <table className="label-mapping">
      <caption>Label matching</caption>
      <thead>
        <tr>
          <th scope="col">Model label</th>
          <th scope="col">Task label</th>
          <th scope="col">Attributes and points</th>
        </tr>
      </thead>
      {modelLabels.map((modelLabel, index) => {
        const row = rows.find((r) => r.modelLabel === modelLabel.name);
        if (!row) return null;
        const taskLabel = taskLabels.find((t) => t.id === row.taskLabelId) ?? null;
        const rowProblems = problems.filter((p) => p.modelLabel === modelLabel.name);
        const problemId = `${id}-${index}-problems`;
        const detailsId = `${id}-${index}-details`;
        const hasDetails = taskLabel !== null && (modelLabel.attributes.length > 0 || Object.keys(row.sublabels).length > 0);
        const isOpen = hasDetails && expanded.has(modelLabel.name);
        return (
          // One tbody per model label keeps its detail row with it.
          <tbody key={modelLabel.name}>
            <tr className={taskLabel === null ? "ignored" : undefined}>
              <th scope="row">
                {modelLabel.name} <span className="shape-type">({typeName(modelLabel.type)})</span>
              </th>
              <td>
                <select
                  aria-label={`Task label for ${modelLabel.name}`}
                  value={row.taskLabelId ?? ""}
                  aria-invalid={rowProblems.length > 0}
                  aria-describedby={rowProblems.length > 0 ? problemId : undefined}
                  onChange={(e) => onRowChange(defaultRow(modelLabel, taskLabels.find((t) => t.id === e.target.value) ?? null))}
                >
                  <option value="">ignored</option>
                  {compatibleTaskLabels(modelLabel, taskLabels).map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.name} ({typeName(t.type)})
                    </option>
                  ))}
                </select>
                {rowProblems.length > 0 && (
                  <ul id={problemId} className="error">
                    {rowProblems.map((p) => (
                      <li key={p.message}>{p.message}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td>
                {hasDetails && (
                  <button
                    type="button"
                    aria-expanded={isOpen}
                    aria-controls={detailsId}
                    // The visible text stays part of the name (WCAG 2.5.3, axe's label-content-name-mismatch), so a
                    // speech user can say what they see.
                    aria-label={`Map attributes and points of ${modelLabel.name}: ${detailsToggle(isOpen, modelLabel, row)}`}
                    onClick={() => toggle(modelLabel.name)}
                  >
                    {detailsToggle(isOpen, modelLabel, row)}
                  </button>
                )}
              </td>
            </tr>
            {isOpen && taskLabel !== null && (
              <tr id={detailsId} className="details">
                <td colSpan={3}>
                  <RowDetails modelLabel={modelLabel} taskLabel={taskLabel} row={row} onRowChange={onRowChange} />
                </td>
              </tr>
            )}
          </tbody>
        );
      })}
    </table>
  );
}

interface RowDetailsProps {
  readonly modelLabel: ModelLabel;
  readonly taskLabel: TaskLabel;
  readonly row: MappingRow;
  readonly onRowChange: (row: MappingRow) => void;
}

function RowDetails({ modelLabel, taskLabel, row, onRowChange }: RowDetailsProps) {
  const points = modelLabel.sublabels.filter((s) => s.name in row.sublabels);
  return (
    <>
      {modelLabel.attributes.length > 0 && (
        <fieldset>
          <legend>
            Attributes of {modelLabel.name} → {taskLabel.name}
          </legend>
          {modelLabel.attributes.map((a) => (
            <label key={a.name} className="pair">
              <span>{a.name}</span>
              <select
                aria-label={`Task attribute for ${modelLabel.name} ${a.name}`}
                value={row.attributes[a.name] ?? ""}
                onChange={(e) => onRowChange(withAttribute(row, a.name, e.target.value === "" ? null : e.target.value))}
              >
                <option value="">not mapped</option>
                {taskLabel.attributes.map((t) => (
                  <option key={t.name} value={t.name}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
      {points.length > 0 && (
        <fieldset>
          <legend>
            Points of {modelLabel.name} → {taskLabel.name}
          </legend>
          {points.map((s) => (
            <label key={s.name} className="pair">
              <span>{s.name}</span>
              <select
                aria-label={`Task point for ${modelLabel.name} ${s.name}`}
                value={row.sublabels[s.name] ?? ""}
                onChange={(e) => onRowChange(withSublabel(row, s.name, e.target.value === "" ? null : e.target.value))}
              >
                <option value="">not mapped</option>
                {compatibleTaskLabels(s, taskLabel.sublabels).map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </fieldset>
      )}
    </>
  );
}
