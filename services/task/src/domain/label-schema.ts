import { AppError, ErrorCode } from "@prelabel/service-kit";
import { TaskErrorCode } from "./task-error-codes.js";
import { AttributeInputType, ShapeType, type AttributeSpec, type LabelDraft, type ValidLabel } from "./label-types.js";

export const MAX_NAME_LENGTH = 256;

/** Longest attribute value or default value (TEXT defaults included). */
export const MAX_VALUE_LENGTH = 1024;

/**
 * How large a task's label schema may be, so no tenant can store (and make every run describe) a huge one.
 * The task service's LABEL_SCHEMA_MAX_* variables set them.
 */
export interface LabelSchemaLimits {
  /** Labels in the task, skeleton sublabels included. */
  maxLabels: number;
  /** Attributes of one label. */
  maxAttributes: number;
  /** Values of one attribute. */
  maxValues: number;
  /**
   * The whole schema as JSON, in UTF-8 bytes. Keeps a task's labels well inside one NATS message
   * (describe-task sends them with every page of frames, under NATS's 1 MB default max_payload).
   */
  maxBytes: number;
}

export const DEFAULT_LABEL_SCHEMA_LIMITS: LabelSchemaLimits = {
  maxLabels: 5_000,
  maxAttributes: 64,
  maxValues: 1_000,
  maxBytes: 512 * 1024,
};

export interface SchemaProblem {
  path: string;
  message: string;
}

/**
 * Validates a task's label schema and returns it normalised (trimmed names, lists present).
 * Every problem is reported at once in `details.problems`, the first one in the message.
 */
export function validateLabelSchema(labels: readonly LabelDraft[], limits: LabelSchemaLimits = DEFAULT_LABEL_SCHEMA_LIMITS): ValidLabel[] {
  // No run can use a task without labels: a model's labels have nothing to map to.
  if (labels.length === 0) throwProblems([{ path: "labels", message: "a task needs at least one label" }]);
  // Sizes first: an oversized schema is refused before any per-label work (and its problems stay few).
  const sizeProblems = findSizeProblems(labels, limits);
  if (sizeProblems.length) throwProblems(sizeProblems);
  const problems: SchemaProblem[] = [];
  const result = validateLevel(labels, "labels", null, problems);
  if (problems.length) throwProblems(problems);
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > limits.maxBytes) {
    throwProblems([
      { path: "labels", message: `the schema takes ${bytes} bytes as JSON, more than the ${limits.maxBytes} a task's labels may take` },
    ]);
  }
  return result;
}

function throwProblems(problems: SchemaProblem[]): never {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? "s" : ""})` : "";
  throw new AppError(TaskErrorCode.InvalidLabelSchema, `Invalid label schema: ${problems[0].path}: ${problems[0].message}${more}`, {
    problems,
  });
}

/** At most this many size problems are listed: a hostile schema could otherwise have one per label. */
const MAX_SIZE_PROBLEMS = 20;

function findSizeProblems(labels: readonly LabelDraft[], limits: LabelSchemaLimits): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  let total = 0;
  const walk = (level: readonly LabelDraft[], path: string) => {
    level.forEach((label, i) => {
      total += 1;
      const at = `${path}[${i}]`;
      const attributes = label.attributes ?? [];
      if (attributes.length > limits.maxAttributes && problems.length < MAX_SIZE_PROBLEMS) {
        problems.push({
          path: `${at}.attributes`,
          message: `${attributes.length} attributes, more than the ${limits.maxAttributes} a label may have`,
        });
      }
      attributes.forEach((attr, j) => {
        const values = attr.values ?? [];
        if (values.length > limits.maxValues && problems.length < MAX_SIZE_PROBLEMS) {
          problems.push({
            path: `${at}.attributes[${j}].values`,
            message: `${values.length} values, more than the ${limits.maxValues} an attribute may have`,
          });
        }
      });
      walk(label.sublabels ?? [], `${at}.sublabels`);
    });
  };
  walk(labels, "labels");
  if (total > limits.maxLabels) {
    problems.unshift({
      path: "labels",
      message: `${total} labels (skeleton sublabels included), more than the ${limits.maxLabels} a task may have`,
    });
  }
  return problems;
}

/** Task names follow the same rules as label names. */
export function validateTaskName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError(ErrorCode.BadUserInput, "Task name must not be empty");
  if (trimmed.length > MAX_NAME_LENGTH)
    throw new AppError(ErrorCode.BadUserInput, `Task name must be at most ${MAX_NAME_LENGTH} characters`);
  return trimmed;
}

function validateLevel(labels: readonly LabelDraft[], path: string, parent: ShapeType | null, problems: SchemaProblem[]): ValidLabel[] {
  const checkName = siblingNames(path, "label", problems);
  return labels.map((label, i) => {
    const at = `${path}[${i}]`;
    const name = checkName(label.name, i);
    if (!Object.values(ShapeType).includes(label.type))
      problems.push({ path: `${at}.type`, message: `unknown shape type "${String(label.type)}"` });
    if (parent === ShapeType.SKELETON && label.type !== ShapeType.POINTS) {
      problems.push({ path: `${at}.type`, message: `a skeleton's sublabels must be POINTS, not ${label.type}` });
    }
    const sublabels = label.sublabels ?? [];
    if (label.type === ShapeType.SKELETON && sublabels.length === 0) {
      problems.push({ path: `${at}.sublabels`, message: "a SKELETON label needs at least one sublabel" });
    }
    if (label.type !== ShapeType.SKELETON && sublabels.length > 0) {
      problems.push({ path: `${at}.sublabels`, message: `only SKELETON labels have sublabels, this one is ${label.type}` });
    }
    return {
      name,
      type: label.type,
      attributes: validateAttributes(label.attributes ?? [], `${at}.attributes`, problems),
      sublabels: validateLevel(sublabels, `${at}.sublabels`, label.type, problems),
    };
  });
}

/** Where a name must be unique: a label's among the labels of its level, an attribute's among its label's. */
const UNIQUE_PER = { label: "level", attribute: "label" } as const;

/**
 * Checks the names of one list of siblings at `path`, in order: each is trimmed, not empty, not too long, and
 * unlike every earlier one, ignoring case. Returns the checker; it returns the name trimmed.
 */
function siblingNames(path: string, what: keyof typeof UNIQUE_PER, problems: SchemaProblem[]): (raw: string, i: number) => string {
  const seen = new Map<string, number>();
  return (raw, i) => {
    const at = `${path}[${i}].name`;
    const name = (raw ?? "").trim();
    if (!name) {
      problems.push({ path: at, message: `a ${what} name must not be empty` });
      return name;
    }
    if (name.length > MAX_NAME_LENGTH) problems.push({ path: at, message: `a ${what} name must be at most ${MAX_NAME_LENGTH} characters` });
    const key = name.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else {
      problems.push({
        path: at,
        message: `duplicates the name of ${path}[${first}] ("${name}"); ${what} names are unique per ${UNIQUE_PER[what]}, ignoring case`,
      });
    }
    return name;
  };
}

function validateAttributes(attributes: readonly AttributeSpec[], path: string, problems: SchemaProblem[]): AttributeSpec[] {
  const checkName = siblingNames(path, "attribute", problems);
  return attributes.map((attr, i) => {
    const at = `${path}[${i}]`;
    const name = checkName(attr.name, i);
    const values = [...(attr.values ?? [])];
    const defaultValue = attr.defaultValue ?? null;
    if ([...values, defaultValue ?? ""].some((v) => typeof v === "string" && v.length > MAX_VALUE_LENGTH)) {
      problems.push({ path: `${at}.values`, message: `values and the default value are at most ${MAX_VALUE_LENGTH} characters` });
    }
    const problem = attributeProblem(attr.inputType, values, defaultValue);
    if (problem) problems.push({ path: `${at}.${problem.field}`, message: problem.message });
    return { name, inputType: attr.inputType, values, defaultValue };
  });
}

function attributeProblem(
  inputType: AttributeInputType,
  values: string[],
  defaultValue: string | null,
): { field: "values" | "defaultValue" | "inputType"; message: string } | null {
  switch (inputType) {
    case AttributeInputType.SELECT:
    case AttributeInputType.RADIO: {
      if (values.length === 0) return { field: "values", message: `a ${inputType} attribute needs at least one value` };
      if (new Set(values).size !== values.length) return { field: "values", message: "values must be unique" };
      if (defaultValue !== null && !values.includes(defaultValue)) {
        return { field: "defaultValue", message: `"${defaultValue}" is not one of the values` };
      }
      return null;
    }
    case AttributeInputType.CHECKBOX: {
      if (values.some((v) => v !== "true" && v !== "false")) return { field: "values", message: 'CHECKBOX values are "true" or "false"' };
      if (defaultValue !== null && defaultValue !== "true" && defaultValue !== "false") {
        return { field: "defaultValue", message: 'a CHECKBOX default is "true" or "false"' };
      }
      return null;
    }
    case AttributeInputType.NUMBER: {
      const range = parseNumberRange(values);
      if (!range) return { field: "values", message: "NUMBER values are [min, max, step]: three numbers with min <= max and step > 0" };
      if (defaultValue !== null && !isValidNumber(defaultValue, range)) {
        return {
          field: "defaultValue",
          message: `"${defaultValue}" is not a number in [${range.min}, ${range.max}] on step ${range.step}`,
        };
      }
      return null;
    }
    case AttributeInputType.TEXT:
      return null;
    default:
      return { field: "inputType", message: `unknown attribute input type "${String(inputType)}"` };
  }
}

export interface NumberRange {
  min: number;
  max: number;
  step: number;
}

/** CVAT's NUMBER convention: values are `[min, max, step]` as decimal strings. */
export function parseNumberRange(values: readonly string[]): NumberRange | null {
  if (values.length !== 3) return null;
  const [min, max, step] = values.map(toNumber);
  if (min === null || max === null || step === null) return null;
  if (min > max || step <= 0) return null;
  return { min, max, step };
}

/** A value fits a NUMBER attribute when it lies in [min, max] on a whole number of steps from min. */
export function isValidNumber(value: string, range: NumberRange): boolean {
  const n = toNumber(value);
  if (n === null || n < range.min || n > range.max) return false;
  const steps = (n - range.min) / range.step;
  return Math.abs(steps - Math.round(steps)) < 1e-9;
}

function toNumber(raw: string): number | null {
  if (typeof raw !== "string" || raw.trim() === "") return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : null;
}
