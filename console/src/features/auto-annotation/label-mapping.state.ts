/**
 * The matching table's state and CVAT's rules for it (shared/reference/cvat.md §1.4): which task labels a model label
 * may become, the prefill from `suggestLabelMapping`, the problems explained before a request, and the
 * `StartAutoAnnotationInput.mapping` sent. Pure: no React, no I/O.
 */
import type { LabelMapping, LabelMappingInput, ModelLabel, ModelPoint, ShapeType, TaskLabel } from "./auto-annotation.api.js";

/** One model label's row. `null` targets are "ignored" (not sent: the server drops what the mapping does not name). */
export interface MappingRow {
  readonly modelLabel: string;
  readonly taskLabelId: string | null;
  /** Model attribute → task attribute name, for every attribute of the model label. */
  readonly attributes: Readonly<Record<string, string | null>>;
  /** Skeleton point → task sublabel id; empty unless both labels are skeletons. */
  readonly sublabels: Readonly<Record<string, string | null>>;
}

export interface MappingProblem {
  /** The row it belongs to; null for the mapping as a whole. */
  readonly modelLabel: string | null;
  readonly message: string;
}

/**
 * CVAT's `labels_compatible`: equal types; a task label ANY takes any non-skeleton; a model label ANY goes to any
 * non-skeleton; masks and polygons convert into each other.
 */
export function labelsCompatible(modelType: ShapeType, taskType: ShapeType): boolean {
  if (modelType === taskType) return true;
  if (taskType === "ANY" && modelType !== "SKELETON") return true;
  if (modelType === "ANY" && taskType !== "SKELETON") return true;
  return (modelType === "MASK" && taskType === "POLYGON") || (modelType === "POLYGON" && taskType === "MASK");
}

export function compatibleTaskLabels<L extends { readonly type: ShapeType }>(modelLabel: ModelPoint, taskLabels: readonly L[]): L[] {
  return taskLabels.filter((t) => labelsCompatible(modelLabel.type, t.type));
}

const normalise = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, "");

function findByName<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  return items.find((i) => i.name === name) ?? items.find((i) => normalise(i.name) === normalise(name));
}

/** The row for a model label sent to `taskLabel` (or ignored), attributes and points matched by name as CVAT does. */
export function defaultRow(modelLabel: ModelLabel, taskLabel: TaskLabel | null): MappingRow {
  const attributes: Record<string, string | null> = {};
  for (const a of modelLabel.attributes) attributes[a.name] = taskLabel ? (findByName(taskLabel.attributes, a.name)?.name ?? null) : null;
  const sublabels: Record<string, string | null> = {};
  if (taskLabel && hasPoints(modelLabel, taskLabel)) {
    for (const s of modelLabel.sublabels) {
      const target = findByName(compatibleTaskLabels(s, taskLabel.sublabels), s.name);
      sublabels[s.name] = target?.id ?? null;
    }
  }
  return { modelLabel: modelLabel.name, taskLabelId: taskLabel?.id ?? null, attributes, sublabels };
}

function hasPoints(modelLabel: ModelLabel, taskLabel: TaskLabel): boolean {
  return modelLabel.type === "SKELETON" && taskLabel.type === "SKELETON" && modelLabel.sublabels.length > 0;
}

/**
 * One row per model label, in the model's order, from the server's suggestion. A suggested target the task does not
 * have or whose type does not fit is shown as ignored rather than trusted; model labels it does not name are ignored.
 */
export function prefillFromSuggestion(
  modelLabels: readonly ModelLabel[],
  taskLabels: readonly TaskLabel[],
  suggestion: readonly LabelMapping[],
): MappingRow[] {
  return modelLabels.map((modelLabel) => {
    const suggested = suggestion.find((s) => s.modelLabel === modelLabel.name);
    const taskLabel = suggested ? taskLabels.find((t) => t.id === suggested.taskLabelId) : undefined;
    if (!suggested || !taskLabel || !labelsCompatible(modelLabel.type, taskLabel.type)) return defaultRow(modelLabel, null);
    const attributes: Record<string, string | null> = {};
    for (const a of modelLabel.attributes) {
      const pair = suggested.attributes.find((p) => p.modelAttribute === a.name);
      attributes[a.name] = pair && taskLabel.attributes.some((t) => t.name === pair.taskAttribute) ? pair.taskAttribute : null;
    }
    const sublabels: Record<string, string | null> = {};
    if (hasPoints(modelLabel, taskLabel)) {
      for (const s of modelLabel.sublabels) {
        const pair = suggested.sublabels.find((p) => p.modelLabel === s.name);
        const target = pair ? taskLabel.sublabels.find((t) => t.id === pair.taskLabelId) : undefined;
        sublabels[s.name] = target && labelsCompatible(s.type, target.type) ? target.id : null;
      }
    }
    return { modelLabel: modelLabel.name, taskLabelId: taskLabel.id, attributes, sublabels };
  });
}

export function withAttribute(row: MappingRow, modelAttribute: string, taskAttribute: string | null): MappingRow {
  return { ...row, attributes: { ...row.attributes, [modelAttribute]: taskAttribute } };
}

export function withSublabel(row: MappingRow, modelSublabel: string, taskSublabelId: string | null): MappingRow {
  return { ...row, sublabels: { ...row.sublabels, [modelSublabel]: taskSublabelId } };
}

export function mappedCount(rows: readonly MappingRow[]): number {
  return rows.filter((r) => r.taskLabelId !== null).length;
}

/** Keys mapped to the same target more than once, as [target, sources]. */
function duplicates(pairs: Readonly<Record<string, string | null>>): [string, string[]][] {
  const byTarget = new Map<string, string[]>();
  for (const [source, target] of Object.entries(pairs))
    if (target !== null) byTarget.set(target, [...(byTarget.get(target) ?? []), source]);
  return [...byTarget].filter(([, sources]) => sources.length > 1);
}

const quoteList = (names: readonly string[]): string => names.map((n) => `"${n}"`).join(" and ");

/**
 * What the server would refuse (or silently drop) in the rows, said before any request: nothing mapped; attributes
 * and skeleton points are one-to-one (many model labels to one task label are fine); a skeleton with no point mapped
 * would be discarded whole.
 */
export function mappingProblems(rows: readonly MappingRow[], taskLabels: readonly TaskLabel[]): MappingProblem[] {
  const problems: MappingProblem[] = [];
  if (mappedCount(rows) === 0) problems.push({ modelLabel: null, message: "Map at least one model label to a task label." });
  for (const row of rows) {
    if (row.taskLabelId === null) continue;
    const taskLabel = taskLabels.find((t) => t.id === row.taskLabelId);
    if (!taskLabel) {
      problems.push({ modelLabel: row.modelLabel, message: `The task has no label with id ${row.taskLabelId} any more.` });
      continue;
    }
    for (const [target, sources] of duplicates(row.attributes)) {
      problems.push({
        modelLabel: row.modelLabel,
        message: `Task attribute "${target}" of "${taskLabel.name}" would receive ${quoteList(sources)}: attributes map one to one.`,
      });
    }
    for (const [target, sources] of duplicates(row.sublabels)) {
      const name = taskLabel.sublabels.find((s) => s.id === target)?.name ?? target;
      problems.push({
        modelLabel: row.modelLabel,
        message: `Skeleton point "${name}" of "${taskLabel.name}" would receive ${quoteList(sources)}: points map one to one.`,
      });
    }
    const points = Object.values(row.sublabels);
    if (points.length > 0 && points.every((p) => p === null)) {
      problems.push({
        modelLabel: row.modelLabel,
        message: `Map at least one point of skeleton "${row.modelLabel}": a skeleton without points is discarded.`,
      });
    }
  }
  return problems;
}

/**
 * The `mapping` of StartAutoAnnotationInput: mapped rows only, task labels by id, attributes always listed (an empty
 * list maps none, whereas an omitted one would be matched by name on the server), points only for skeletons.
 */
export function toMappingInput(rows: readonly MappingRow[]): LabelMappingInput[] {
  return rows.flatMap((row): LabelMappingInput[] => {
    if (row.taskLabelId === null) return [];
    const attributes = Object.entries(row.attributes).flatMap(([modelAttribute, taskAttribute]) =>
      taskAttribute === null ? [] : [{ modelAttribute, taskAttribute }],
    );
    const points = Object.entries(row.sublabels);
    const sublabels = points.flatMap(([modelLabel, taskLabel]) => (taskLabel === null ? [] : [{ modelLabel, taskLabel }]));
    return [{ modelLabel: row.modelLabel, taskLabel: row.taskLabelId, attributes, ...(points.length > 0 ? { sublabels } : {}) }];
  });
}
