import { useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { useMutation, type CombinedError } from "urql";
import { describeServerError, type ServerErrorView } from "../auto-annotation/server-error.messages.js";
import { ServerErrorNotice } from "../auto-annotation/server-error.notice.js";
import { CreateTaskMutation } from "./create-task.api.js";
import {
  emptyAttribute,
  emptyLabel,
  emptyTask,
  fieldKeyOfServerPath,
  INPUT_TYPES,
  SHAPE_TYPES,
  toCreateTaskInput,
  validateTaskDraft,
  type AttributeDraft,
  type DraftProblems,
  type FieldKey,
  type LabelDraft,
  type TaskDraft,
} from "./task-draft.state.js";

export interface CreateTaskFormProps {
  /** The new task, once the server created it (the page navigates to it). */
  readonly onCreated: (task: { id: string; name: string }) => void;
  readonly onCancel?: () => void;
}

const VALUES_HINT: Readonly<Record<string, string>> = {
  SELECT: "Choices, separated by commas",
  RADIO: "Choices, separated by commas",
  NUMBER: "min,max,step, e.g. 0,100,1",
};

/**
 * Problems the server listed (INVALID_LABEL_SCHEMA's `details.problems`, each with a `path`), by form field; the
 * ones no field shows stay in the notice.
 */
function serverProblems(error: CombinedError): { fields: Map<FieldKey, string>; rest: string[] } {
  const fields = new Map<FieldKey, string>();
  const rest: string[] = [];
  const details = error.graphQLErrors[0]?.extensions?.details as { problems?: unknown } | undefined;
  for (const p of Array.isArray(details?.problems) ? details.problems : []) {
    const { path, message } = (p ?? {}) as { path?: unknown; message?: unknown };
    if (typeof message !== "string") continue;
    if (typeof path === "string") fields.set(fieldKeyOfServerPath(path), `The server says: ${message}.`);
    else rest.push(message);
  }
  return { fields, rest };
}

/** A task's name and label schema (labels with a shape type, attributes, skeleton points), checked before it is sent. */
export function CreateTaskForm({ onCreated, onCancel }: CreateTaskFormProps) {
  const [draft, setDraft] = useState<TaskDraft>(emptyTask);
  const [problems, setProblems] = useState<DraftProblems>(new Map());
  const [serverError, setServerError] = useState<ServerErrorView | null>(null);
  const [created, createTask] = useMutation(CreateTaskMutation);
  const form = useRef<HTMLFormElement>(null);
  const ids = useId();
  const idOf = (key: FieldKey) => `${ids}-${key.replace(/\./g, "-")}`;

  const update = (next: TaskDraft) => {
    setDraft(next);
    // Problems already shown follow the edits, so a fixed field stops being marked at once.
    if (problems.size) setProblems(validateTaskDraft(next));
  };
  const setLabels = (labels: readonly LabelDraft[]) => update({ ...draft, labels });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setServerError(null);
    const found = validateTaskDraft(draft);
    setProblems(found);
    if (found.size) {
      // The first field in error takes the focus, after the render that marks it.
      requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const result = await createTask({ input: toCreateTaskInput(draft) });
    if (result.data) return onCreated(result.data.createTask);
    if (result.error) {
      const { fields, rest } = serverProblems(result.error);
      const view = describeServerError(result.error);
      setProblems(fields);
      setServerError({ ...view, details: fields.size ? rest : view.details });
    }
  }

  const field = (key: FieldKey) => {
    const problem = problems.get(key);
    return {
      id: idOf(key),
      "aria-invalid": problem ? true : undefined,
      "aria-describedby": problem ? `${idOf(key)}-problem` : undefined,
    } as const;
  };
  const problemOf = (key: FieldKey): ReactNode => {
    const problem = problems.get(key);
    return problem ? (
      <span id={`${idOf(key)}-problem`} className="field-problem">
        {problem}
      </span>
    ) : null;
  };

  return (
    <form ref={form} className="create-task-form" aria-labelledby={`${ids}-title`} noValidate onSubmit={(e) => void submit(e)}>
      <h3 id={`${ids}-title`}>New task</h3>
      <p className="field">
        <label htmlFor={idOf("name")}>Task name</label>
        <input {...field("name")} value={draft.name} onChange={(e) => update({ ...draft, name: e.target.value })} />
        {problemOf("name")}
      </p>

      <fieldset className="label-list">
        <legend>Labels</legend>
        {draft.labels.map((label, i) => (
          <LabelFields
            key={label.key}
            label={label}
            path={`labels.${i}`}
            title={`Label ${i + 1}`}
            field={field}
            problemOf={problemOf}
            onChange={(next) => setLabels(draft.labels.map((l, k) => (k === i ? next : l)))}
            onRemove={() => setLabels(draft.labels.filter((_, k) => k !== i))}
          />
        ))}
        {problemOf("labels")}
        <button type="button" onClick={() => setLabels([...draft.labels, emptyLabel()])}>
          Add label
        </button>
      </fieldset>

      {serverError ? <ServerErrorNotice error={serverError} /> : null}
      <p className="form-actions">
        <button type="submit" disabled={created.fetching}>
          {created.fetching ? "Creating…" : "Create task"}
        </button>
        {onCancel ? (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </p>
    </form>
  );
}

interface FieldHelpers {
  readonly field: (key: FieldKey) => { id: string; "aria-invalid"?: true; "aria-describedby"?: string };
  readonly problemOf: (key: FieldKey) => ReactNode;
}

/** One label (or, under a skeleton, one point: `point` hides the type, which is always POINTS). */
function LabelFields({
  label,
  path,
  title,
  point = false,
  field,
  problemOf,
  onChange,
  onRemove,
}: FieldHelpers & {
  readonly label: LabelDraft;
  readonly path: string;
  readonly title: string;
  readonly point?: boolean;
  readonly onChange: (label: LabelDraft) => void;
  readonly onRemove: () => void;
}) {
  const setAttributes = (attributes: readonly AttributeDraft[]) => onChange({ ...label, attributes });
  return (
    <fieldset className={point ? "point-fields" : "label-fields"}>
      <legend>{title}</legend>
      <p className="field">
        <label htmlFor={field(`${path}.name`).id}>{title} name</label>
        <input {...field(`${path}.name`)} value={label.name} onChange={(e) => onChange({ ...label, name: e.target.value })} />
        {problemOf(`${path}.name`)}
      </p>
      {point ? null : (
        <p className="field">
          <label htmlFor={field(`${path}.type`).id}>{title} shape type</label>
          <select
            {...field(`${path}.type`)}
            value={label.type}
            onChange={(e) => {
              const type = e.target.value as LabelDraft["type"];
              // A new skeleton starts with one point to name; other types have none.
              const sublabels = type === "SKELETON" ? (label.sublabels.length ? label.sublabels : [emptyLabel("POINTS")]) : [];
              onChange({ ...label, type, sublabels });
            }}
          >
            {SHAPE_TYPES.map((t) => (
              <option key={t} value={t}>
                {t.toLowerCase()}
              </option>
            ))}
          </select>
          {problemOf(`${path}.type`)}
        </p>
      )}

      {label.attributes.map((attr, j) => (
        <AttributeFields
          key={attr.key}
          attribute={attr}
          path={`${path}.attributes.${j}`}
          title={`${title} attribute ${j + 1}`}
          field={field}
          problemOf={problemOf}
          onChange={(next) => setAttributes(label.attributes.map((a, k) => (k === j ? next : a)))}
          onRemove={() => setAttributes(label.attributes.filter((_, k) => k !== j))}
        />
      ))}

      {label.type === "SKELETON" ? (
        <div className="skeleton-points" role="group" aria-label={`${title} points`}>
          {label.sublabels.map((sub, j) => (
            <LabelFields
              key={sub.key}
              label={sub}
              point
              path={`${path}.sublabels.${j}`}
              title={`${title} point ${j + 1}`}
              field={field}
              problemOf={problemOf}
              onChange={(next) => onChange({ ...label, sublabels: label.sublabels.map((s, k) => (k === j ? next : s)) })}
              onRemove={() => onChange({ ...label, sublabels: label.sublabels.filter((_, k) => k !== j) })}
            />
          ))}
          {problemOf(`${path}.sublabels`)}
          <button type="button" onClick={() => onChange({ ...label, sublabels: [...label.sublabels, emptyLabel("POINTS")] })}>
            Add point to {title.toLowerCase()}
          </button>
        </div>
      ) : null}

      <p className="form-actions">
        <button type="button" onClick={() => setAttributes([...label.attributes, emptyAttribute()])}>
          Add attribute to {title.toLowerCase()}
        </button>
        <button type="button" onClick={onRemove}>
          Remove {title.toLowerCase()}
        </button>
      </p>
    </fieldset>
  );
}

function AttributeFields({
  attribute,
  path,
  title,
  field,
  problemOf,
  onChange,
  onRemove,
}: FieldHelpers & {
  readonly attribute: AttributeDraft;
  readonly path: string;
  readonly title: string;
  readonly onChange: (attribute: AttributeDraft) => void;
  readonly onRemove: () => void;
}) {
  const hasValues = attribute.inputType in VALUES_HINT;
  return (
    <fieldset className="attribute-fields">
      <legend>{title}</legend>
      <p className="field">
        <label htmlFor={field(`${path}.name`).id}>{title} name</label>
        <input {...field(`${path}.name`)} value={attribute.name} onChange={(e) => onChange({ ...attribute, name: e.target.value })} />
        {problemOf(`${path}.name`)}
      </p>
      <p className="field">
        <label htmlFor={field(`${path}.inputType`).id}>{title} input type</label>
        <select
          {...field(`${path}.inputType`)}
          value={attribute.inputType}
          onChange={(e) => onChange({ ...attribute, inputType: e.target.value as AttributeDraft["inputType"] })}
        >
          {INPUT_TYPES.map((t) => (
            <option key={t} value={t}>
              {t.toLowerCase()}
            </option>
          ))}
        </select>
      </p>
      {hasValues ? (
        <p className="field">
          <label htmlFor={field(`${path}.values`).id}>{title} values</label>
          <input
            {...field(`${path}.values`)}
            placeholder={VALUES_HINT[attribute.inputType]}
            value={attribute.values}
            onChange={(e) => onChange({ ...attribute, values: e.target.value })}
          />
          {problemOf(`${path}.values`)}
        </p>
      ) : null}
      <p className="field">
        <label htmlFor={field(`${path}.defaultValue`).id}>{title} default</label>
        {attribute.inputType === "CHECKBOX" ? (
          <select
            {...field(`${path}.defaultValue`)}
            value={attribute.defaultValue}
            onChange={(e) => onChange({ ...attribute, defaultValue: e.target.value })}
          >
            <option value="">none</option>
            <option value="true">checked</option>
            <option value="false">unchecked</option>
          </select>
        ) : (
          <input
            {...field(`${path}.defaultValue`)}
            placeholder="none"
            value={attribute.defaultValue}
            onChange={(e) => onChange({ ...attribute, defaultValue: e.target.value })}
          />
        )}
        {problemOf(`${path}.defaultValue`)}
      </p>
      <button type="button" onClick={onRemove}>
        Remove {title.toLowerCase()}
      </button>
    </fieldset>
  );
}
