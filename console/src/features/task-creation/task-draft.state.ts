/**
 * The create-task form's state and its checks. The checks mirror the task service's label-schema rules
 * (services/task/src/domain/label-schema.ts) so a mistake is explained beside its field before anything is sent; the
 * server still has the last word (INVALID_LABEL_SCHEMA), and its problem paths map onto the same field keys.
 */
import type { AttributeInputType, CreateTaskInput, LabelInput, ShapeType } from "../../gql/graphql.js";

export const SHAPE_TYPES: readonly ShapeType[] = ["RECTANGLE", "POLYGON", "POLYLINE", "POINTS", "MASK", "SKELETON", "TAG", "ANY"];
export const INPUT_TYPES: readonly AttributeInputType[] = ["SELECT", "RADIO", "CHECKBOX", "NUMBER", "TEXT"];
/** The task service's MAX_NAME_LENGTH (names of tasks, labels and attributes). */
export const MAX_NAME_LENGTH = 256;
/** The task service's MAX_VALUE_LENGTH (each attribute value and default). */
export const MAX_VALUE_LENGTH = 1024;

export interface AttributeDraft {
  /** React key; never sent. */
  readonly key: number;
  readonly name: string;
  readonly inputType: AttributeInputType;
  /** Comma-separated: SELECT/RADIO choices; NUMBER `min,max,step`. Unused for CHECKBOX and TEXT. */
  readonly values: string;
  /** Empty: no default. */
  readonly defaultValue: string;
}

export interface LabelDraft {
  readonly key: number;
  readonly name: string;
  readonly type: ShapeType;
  readonly attributes: readonly AttributeDraft[];
  /** A SKELETON's points (POINTS labels); empty for every other type. */
  readonly sublabels: readonly LabelDraft[];
}

export interface TaskDraft {
  readonly name: string;
  readonly labels: readonly LabelDraft[];
}

let nextKey = 1;
export const newKey = (): number => nextKey++;

export const emptyAttribute = (): AttributeDraft => ({ key: newKey(), name: "", inputType: "SELECT", values: "", defaultValue: "" });
export const emptyLabel = (type: ShapeType = "RECTANGLE"): LabelDraft => ({ key: newKey(), name: "", type, attributes: [], sublabels: [] });
export const emptyTask = (): TaskDraft => ({ name: "", labels: [emptyLabel()] });

/**
 * Where a problem is: `name`, `labels`, `labels.0.name`, `labels.0.attributes.1.values`, `labels.2.sublabels.0.name`…
 * The same keys name the form's fields.
 */
export type FieldKey = string;
export type DraftProblems = ReadonlyMap<FieldKey, string>;

/** The values as the API takes them: split on commas, trimmed, empty entries dropped. */
export function splitValues(values: string): string[] {
  return values
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

function numberOf(raw: string): number | null {
  if (raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}

function attributeProblems(attr: AttributeDraft, at: string, problems: Map<FieldKey, string>): void {
  const values = splitValues(attr.values);
  const def = attr.defaultValue.trim();
  if ([...values, def].some((v) => v.length > MAX_VALUE_LENGTH)) {
    problems.set(`${at}.values`, `Values and the default are at most ${MAX_VALUE_LENGTH} characters each.`);
    return;
  }
  switch (attr.inputType) {
    case "SELECT":
    case "RADIO":
      if (values.length === 0)
        problems.set(`${at}.values`, `A ${attr.inputType} attribute needs at least one value (separate them with commas).`);
      else if (new Set(values).size !== values.length) problems.set(`${at}.values`, "Each value may appear only once.");
      else if (def && !values.includes(def)) problems.set(`${at}.defaultValue`, `"${def}" is not one of the values.`);
      return;
    case "CHECKBOX":
      if (def && def !== "true" && def !== "false") problems.set(`${at}.defaultValue`, 'A checkbox default is "true" or "false".');
      return;
    case "NUMBER": {
      const parts = values.map(numberOf);
      if (parts.length !== 3 || parts.some((p) => p === null)) {
        problems.set(`${at}.values`, "A NUMBER attribute's values are min,max,step: three numbers, e.g. 0,100,1.");
        return;
      }
      const [min, max, step] = parts as [number, number, number];
      if (min > max) problems.set(`${at}.values`, `The minimum (${min}) is greater than the maximum (${max}).`);
      else if (step <= 0) problems.set(`${at}.values`, "The step must be greater than 0.");
      else if (def) {
        const n = numberOf(def);
        const steps = n === null ? NaN : (n - min) / step;
        if (n === null || n < min || n > max || Math.abs(steps - Math.round(steps)) > 1e-9) {
          problems.set(`${at}.defaultValue`, `The default must be a number from ${min} to ${max} in steps of ${step}.`);
        }
      }
      return;
    }
    case "TEXT":
      return;
  }
}

/** Names must be set, not too long, and unique among their siblings ignoring case (as the server compares them). */
function checkNames(
  items: readonly { name: string }[],
  keyOf: (i: number) => FieldKey,
  what: string,
  problems: Map<FieldKey, string>,
): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const name = item.name.trim();
    if (!name) return void problems.set(keyOf(i), `Give the ${what} a name.`);
    if (name.length > MAX_NAME_LENGTH) return void problems.set(keyOf(i), `A ${what} name is at most ${MAX_NAME_LENGTH} characters.`);
    const first = seen.get(name.toLowerCase());
    if (first === undefined) seen.set(name.toLowerCase(), i);
    else problems.set(keyOf(i), `Another ${what} (number ${first + 1}) already has this name; names are compared ignoring case.`);
  });
}

function labelLevelProblems(labels: readonly LabelDraft[], path: string, what: string, problems: Map<FieldKey, string>): void {
  checkNames(labels, (i) => `${path}.${i}.name`, what, problems);
  labels.forEach((label, i) => {
    const at = `${path}.${i}`;
    checkNames(label.attributes, (j) => `${at}.attributes.${j}.name`, "attribute", problems);
    label.attributes.forEach((attr, j) => attributeProblems(attr, `${at}.attributes.${j}`, problems));
    if (label.type === "SKELETON") {
      if (label.sublabels.length === 0) problems.set(`${at}.sublabels`, "A skeleton needs at least one point.");
      labelLevelProblems(label.sublabels, `${at}.sublabels`, "point", problems);
    }
  });
}

/** Every problem of the draft, by field; empty when it can be sent. */
export function validateTaskDraft(draft: TaskDraft): DraftProblems {
  const problems = new Map<FieldKey, string>();
  const name = draft.name.trim();
  if (!name) problems.set("name", "Give the task a name.");
  else if (name.length > MAX_NAME_LENGTH) problems.set("name", `A task name is at most ${MAX_NAME_LENGTH} characters.`);
  if (draft.labels.length === 0) problems.set("labels", "Add at least one label: a model's labels need task labels to map to.");
  labelLevelProblems(draft.labels, "labels", "label", problems);
  return problems;
}

function labelInput(label: LabelDraft): LabelInput {
  return {
    name: label.name.trim(),
    type: label.type,
    attributes: label.attributes.map((attr) => ({
      name: attr.name.trim(),
      inputType: attr.inputType,
      // A checkbox is true or false, and a text free: neither has a list of values.
      values: attr.inputType === "CHECKBOX" || attr.inputType === "TEXT" ? [] : splitValues(attr.values),
      defaultValue: attr.defaultValue.trim() === "" ? null : attr.defaultValue.trim(),
    })),
    sublabels: label.type === "SKELETON" ? label.sublabels.map((s) => labelInput({ ...s, type: "POINTS" })) : [],
  };
}

/** The draft as createTask's input (call after validateTaskDraft found nothing). */
export function toCreateTaskInput(draft: TaskDraft): CreateTaskInput {
  return { name: draft.name.trim(), labels: draft.labels.map(labelInput) };
}

/** A server problem path (`labels[0].attributes[1].values`) as the form's field key (`labels.0.attributes.1.values`). */
export function fieldKeyOfServerPath(path: string): FieldKey {
  return path.replace(/\[(\d+)\]/g, ".$1");
}
