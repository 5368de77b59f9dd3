import { bestMatch, normaliseName, type MatchTier } from "@prelabel/label-names";
import type { AttributeMapping, AttributeSpec, LabelMapping, LabelMappingRequest, ModelLabel, ShapeKind, TaskLabel } from "./labels.js";

/**
 * Label mapping: which model label becomes which task label.
 *
 * Compatibility of a model label's shape with a task label's shape:
 * - equal types are compatible;
 * - MASK and POLYGON are compatible both ways (the worker converts);
 * - a task label of type ANY accepts every shape but SKELETON;
 * - a model label of type ANY adopts the task label's type (CVAT's convention), again except SKELETON;
 * - SKELETON maps only onto SKELETON, and then its sublabels are mapped by name;
 * - UNSPECIFIED (a descriptor that did not say) is treated as ANY.
 *
 * Several model labels may map onto one task label. One model label maps onto at most one task
 * label: the worker would otherwise have to duplicate every shape, which nobody asked for.
 * Attribute input types are not required to match: the task attribute's full spec travels with the
 * mapping and the worker drops (and counts) each value the task would reject.
 */

export function shapesCompatible(modelType: ShapeKind, taskType: ShapeKind): boolean {
  const m: ShapeKind = modelType === "UNSPECIFIED" ? "ANY" : modelType;
  const t: ShapeKind = taskType === "UNSPECIFIED" ? "ANY" : taskType;
  if (m === "SKELETON" || t === "SKELETON") return m === "SKELETON" && t === "SKELETON";
  if (m === t || t === "ANY" || m === "ANY") return true;
  return (m === "MASK" && t === "POLYGON") || (m === "POLYGON" && t === "MASK");
}

/**
 * The labels a model is mapped from. A zero-shot detector (a hub model, the only kind saved without labels)
 * finds whatever it is asked for, so every task label a box fits is a candidate under its own name; the
 * mapped names then travel to the worker as the candidate labels.
 */
export function mappableModelLabels(modelLabels: readonly ModelLabel[], taskLabels: readonly TaskLabel[]): readonly ModelLabel[] {
  if (modelLabels.length > 0) return modelLabels;
  return taskLabels
    .filter((t) => shapesCompatible("RECTANGLE", t.type))
    .map((t) => ({ name: t.name, type: "RECTANGLE" as const, attributes: [], sublabels: [] }));
}

export const MappingProblemCode = {
  EmptyMapping: "EMPTY_MAPPING",
  UnknownModelLabel: "UNKNOWN_MODEL_LABEL",
  UnknownTaskLabel: "UNKNOWN_TASK_LABEL",
  AmbiguousLabel: "AMBIGUOUS_LABEL",
  IncompatibleType: "INCOMPATIBLE_TYPE",
  DuplicateModelLabel: "DUPLICATE_MODEL_LABEL",
  UnknownModelAttribute: "UNKNOWN_MODEL_ATTRIBUTE",
  UnknownTaskAttribute: "UNKNOWN_TASK_ATTRIBUTE",
  DuplicateModelAttribute: "DUPLICATE_MODEL_ATTRIBUTE",
  DuplicateTaskAttribute: "DUPLICATE_TASK_ATTRIBUTE",
  SublabelsOnNonSkeleton: "SUBLABELS_ON_NON_SKELETON",
  SkeletonWithoutSublabels: "SKELETON_WITHOUT_SUBLABELS",
} as const;
export type MappingProblemCode = (typeof MappingProblemCode)[keyof typeof MappingProblemCode];

/** One offending entry of a mapping, named by its path in the request. */
export interface MappingProblem {
  path: string;
  code: MappingProblemCode;
  message: string;
  modelLabel?: string;
  taskLabel?: string;
  modelAttribute?: string;
  taskAttribute?: string;
}

export type MappingResult = { ok: true; mapping: LabelMapping[] } | { ok: false; problems: MappingProblem[] };

const ATTRIBUTE_TIERS: readonly MatchTier[] = ["exact", "normalised"];

// ---------------------------------------------------------------------------------------------
// Suggestion
// ---------------------------------------------------------------------------------------------

/**
 * The mapping a user gets when they do not write one: every model label that finds a compatible
 * task label by name (exact, normalised, synonym, broader term; see libs/label-names), with its
 * attributes and (for skeletons) sublabels mapped by name. Model labels with no match are left out.
 */
export function suggestMapping(modelLabels: readonly ModelLabel[], taskLabels: readonly TaskLabel[]): LabelMapping[] {
  const mapping: LabelMapping[] = [];
  for (const modelLabel of modelLabels) {
    const suggestion = suggestOne(modelLabel, taskLabels);
    if (suggestion) mapping.push(suggestion);
  }
  return mapping;
}

function suggestOne(modelLabel: ModelLabel, taskLabels: readonly TaskLabel[]): LabelMapping | undefined {
  const candidates = taskLabels.filter((t) => shapesCompatible(modelLabel.type, t.type));
  const remaining = [...candidates];
  // A skeleton whose sublabels match nothing is no match: try the next best candidate.
  while (remaining.length > 0) {
    const taskLabel = bestMatch(modelLabel.name, remaining, (t) => t.name);
    if (!taskLabel) return undefined;
    const sublabels = isSkeleton(taskLabel.type) ? suggestMapping(modelLabel.sublabels, taskLabel.sublabels) : [];
    if (!isSkeleton(taskLabel.type) || sublabels.length > 0) {
      return toMapping(modelLabel.name, taskLabel, suggestAttributes(modelLabel.attributes, taskLabel.attributes), sublabels);
    }
    remaining.splice(remaining.indexOf(taskLabel), 1);
  }
  return undefined;
}

/** Model attributes onto task attributes by name (exact, then normalised); each task attribute used once. */
export function suggestAttributes(modelAttributes: readonly AttributeSpec[], taskAttributes: readonly AttributeSpec[]): AttributeMapping[] {
  const free = [...taskAttributes];
  const result: AttributeMapping[] = [];
  for (const modelAttribute of modelAttributes) {
    const match = bestMatch(modelAttribute.name, free, (a) => a.name, ATTRIBUTE_TIERS);
    if (!match) continue;
    free.splice(free.indexOf(match), 1);
    result.push({ modelAttribute: modelAttribute.name, taskAttribute: match.name, taskAttributeSpec: match });
  }
  return result;
}

/** The message for a suggestion that found nothing: both label lists, so the user can write the mapping. */
export function describeNoSuggestion(modelLabels: readonly ModelLabel[], taskLabels: readonly TaskLabel[]): string {
  const list = (labels: readonly { name: string; type: ShapeKind }[]) =>
    labels.length ? labels.map((l) => `${l.name} (${l.type})`).join(", ") : "none";
  return (
    "No model label matches a task label by name, so no mapping could be suggested. " +
    `Model labels: ${list(modelLabels)}. Task labels: ${list(taskLabels)}. ` +
    'Pass `mapping` explicitly, e.g. [{ modelLabel: "<model label>", taskLabel: "<task label>" }].'
  );
}

// ---------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------

/**
 * Checks a client's mapping against the model's and the task's labels and resolves it (task labels
 * by id or name, attributes with their full task spec). Every problem is reported, not just the first.
 */
export function resolveMapping(
  requests: readonly LabelMappingRequest[],
  modelLabels: readonly ModelLabel[],
  taskLabels: readonly TaskLabel[],
): MappingResult {
  const problems: MappingProblem[] = [];
  if (requests.length === 0) {
    problems.push({
      path: "mapping",
      code: MappingProblemCode.EmptyMapping,
      message: "The mapping is empty: map at least one model label.",
    });
    return { ok: false, problems };
  }
  const mapping = resolveLevel(requests, modelLabels, taskLabels, "mapping", problems);
  return problems.length ? { ok: false, problems } : { ok: true, mapping };
}

function resolveLevel(
  requests: readonly LabelMappingRequest[],
  modelLabels: readonly ModelLabel[],
  taskLabels: readonly TaskLabel[],
  basePath: string,
  problems: MappingProblem[],
): LabelMapping[] {
  const resolved: LabelMapping[] = [];
  const seenModelLabels = new Set<string>();
  requests.forEach((request, i) => {
    const path = `${basePath}[${i}]`;
    const where = { modelLabel: request.modelLabel, taskLabel: request.taskLabel };
    const before = problems.length;

    const modelLabel = findByName(modelLabels, request.modelLabel);
    if (modelLabel === "ambiguous") {
      problems.push({
        path,
        ...where,
        code: MappingProblemCode.AmbiguousLabel,
        message: `Model label "${request.modelLabel}" matches several model labels; use its exact name.`,
      });
    } else if (!modelLabel) {
      problems.push({
        path,
        ...where,
        code: MappingProblemCode.UnknownModelLabel,
        message: `The model has no label "${request.modelLabel}" (it has: ${names(modelLabels)}).`,
      });
    }

    const taskLabel = findTaskLabel(taskLabels, request.taskLabel);
    if (taskLabel === "ambiguous") {
      problems.push({
        path,
        ...where,
        code: MappingProblemCode.AmbiguousLabel,
        message: `Task label "${request.taskLabel}" matches several task labels; use its id.`,
      });
    } else if (!taskLabel) {
      problems.push({
        path,
        ...where,
        code: MappingProblemCode.UnknownTaskLabel,
        message: `The task has no label with id or name "${request.taskLabel}" (it has: ${names(taskLabels)}).`,
      });
    }

    if (modelLabel && modelLabel !== "ambiguous") {
      if (seenModelLabels.has(modelLabel.name)) {
        problems.push({
          path,
          ...where,
          code: MappingProblemCode.DuplicateModelLabel,
          message: `Model label "${modelLabel.name}" is mapped more than once; map it onto one task label.`,
        });
      }
      seenModelLabels.add(modelLabel.name);
    }
    if (!modelLabel || modelLabel === "ambiguous" || !taskLabel || taskLabel === "ambiguous") return;

    if (!shapesCompatible(modelLabel.type, taskLabel.type)) {
      problems.push({
        path,
        ...where,
        code: MappingProblemCode.IncompatibleType,
        message: `Model label "${modelLabel.name}" (${modelLabel.type}) cannot become task label "${taskLabel.name}" (${taskLabel.type}).`,
      });
      return;
    }

    const attributes = resolveAttributes(request, modelLabel, taskLabel, path, problems);

    let sublabels: LabelMapping[] = [];
    const skeleton = isSkeleton(taskLabel.type);
    if (!skeleton && request.sublabels && request.sublabels.length > 0) {
      problems.push({
        path: `${path}.sublabels`,
        ...where,
        code: MappingProblemCode.SublabelsOnNonSkeleton,
        message: `Only skeleton labels have sublabels; "${taskLabel.name}" is ${taskLabel.type}.`,
      });
    } else if (skeleton) {
      sublabels = request.sublabels
        ? resolveLevel(request.sublabels, modelLabel.sublabels, taskLabel.sublabels, `${path}.sublabels`, problems)
        : suggestMapping(modelLabel.sublabels, taskLabel.sublabels);
      if (sublabels.length === 0 && problems.length === before) {
        problems.push({
          path: `${path}.sublabels`,
          ...where,
          code: MappingProblemCode.SkeletonWithoutSublabels,
          message: `Skeleton "${modelLabel.name}" → "${taskLabel.name}" maps no sublabel (model: ${names(modelLabel.sublabels)}; task: ${names(taskLabel.sublabels)}).`,
        });
      }
    }

    if (problems.length === before) resolved.push(toMapping(modelLabel.name, taskLabel, attributes, sublabels));
  });
  return resolved;
}

function resolveAttributes(
  request: LabelMappingRequest,
  modelLabel: ModelLabel,
  taskLabel: TaskLabel,
  path: string,
  problems: MappingProblem[],
): AttributeMapping[] {
  if (!request.attributes) return suggestAttributes(modelLabel.attributes, taskLabel.attributes);
  const result: AttributeMapping[] = [];
  const seenModel = new Set<string>();
  const seenTask = new Set<string>();
  request.attributes.forEach((a, j) => {
    const where = {
      path: `${path}.attributes[${j}]`,
      modelLabel: modelLabel.name,
      taskLabel: taskLabel.name,
      modelAttribute: a.modelAttribute,
      taskAttribute: a.taskAttribute,
    };
    const modelAttribute = findByName(modelLabel.attributes, a.modelAttribute);
    const taskAttribute = findByName(taskLabel.attributes, a.taskAttribute);
    let ok = true;
    if (!modelAttribute || modelAttribute === "ambiguous") {
      ok = false;
      problems.push({
        ...where,
        code: MappingProblemCode.UnknownModelAttribute,
        message: `Model label "${modelLabel.name}" has no attribute "${a.modelAttribute}" (it has: ${names(modelLabel.attributes)}).`,
      });
    }
    if (!taskAttribute || taskAttribute === "ambiguous") {
      ok = false;
      problems.push({
        ...where,
        code: MappingProblemCode.UnknownTaskAttribute,
        message: `Task label "${taskLabel.name}" has no attribute "${a.taskAttribute}" (it has: ${names(taskLabel.attributes)}).`,
      });
    }
    if (!ok || !modelAttribute || modelAttribute === "ambiguous" || !taskAttribute || taskAttribute === "ambiguous") return;
    if (seenModel.has(modelAttribute.name)) {
      problems.push({
        ...where,
        code: MappingProblemCode.DuplicateModelAttribute,
        message: `Model attribute "${modelAttribute.name}" is mapped more than once.`,
      });
      return;
    }
    if (seenTask.has(taskAttribute.name)) {
      problems.push({
        ...where,
        code: MappingProblemCode.DuplicateTaskAttribute,
        message: `Task attribute "${taskAttribute.name}" receives more than one model attribute.`,
      });
      return;
    }
    seenModel.add(modelAttribute.name);
    seenTask.add(taskAttribute.name);
    result.push({ modelAttribute: modelAttribute.name, taskAttribute: taskAttribute.name, taskAttributeSpec: taskAttribute });
  });
  return result;
}

// ---------------------------------------------------------------------------------------------

function isSkeleton(type: ShapeKind): boolean {
  return type === "SKELETON";
}

function toMapping(modelLabel: string, taskLabel: TaskLabel, attributes: AttributeMapping[], sublabels: LabelMapping[]): LabelMapping {
  return { modelLabel, taskLabelId: taskLabel.id, taskLabel: taskLabel.name, taskLabelType: taskLabel.type, attributes, sublabels };
}

/** Exact name first, then the normalised name when it picks exactly one. */
function findByName<T extends { name: string }>(items: readonly T[], name: string): T | "ambiguous" | undefined {
  const exact = items.filter((x) => x.name === name);
  if (exact.length === 1) return exact[0];
  if (exact.length > 1) return "ambiguous";
  const loose = items.filter((x) => normaliseName(x.name) === normaliseName(name));
  if (loose.length === 1) return loose[0];
  return loose.length > 1 ? "ambiguous" : undefined;
}

/** A task label by id, else by name (exact, then normalised): how a request names a task label (mappings, thresholds). */
export function findTaskLabel(labels: readonly TaskLabel[], idOrName: string): TaskLabel | "ambiguous" | undefined {
  return labels.find((l) => l.id === idOrName) ?? findByName(labels, idOrName);
}

function names(items: readonly { name: string }[]): string {
  return items.length ? items.map((x) => x.name).join(", ") : "none";
}
