import { callerTenant } from "@prelabel/service-kit";
import type { TaskQueryService } from "../../application/task-query.service.js";
import type { Annotation } from "../../domain/annotation.js";
import type { LabelNode } from "../../domain/label-types.js";
import type { TrackShape } from "../../domain/track.js";
import { BatchLoader } from "./batch-loader.js";

/** The per-operation context: the server's (with the caller's `identity`); loaders are attached lazily. */
export type TaskContext = object | undefined | null;

export interface Loaders {
  labelTree: BatchLoader<string, LabelNode[]>;
  elements: BatchLoader<string, Annotation[]>;
  trackKeyframes: BatchLoader<string, TrackShape[]>;
}

/** What the loaders read through: the batch reads of the query use case. */
export type LoaderSources = Pick<TaskQueryService, "labelTrees" | "annotationElements" | "trackKeyframes">;

const perContext = new WeakMap<object, Loaders>();

/**
 * The request's loaders (created on first use), scoped to the caller's tenant: another tenant's task has no labels
 * and its skeletons no elements. A context without a caller identity fails (callerTenant).
 */
export function loadersFor(context: TaskContext, sources: LoaderSources): Loaders {
  const tenantId = callerTenant(context);
  let loaders = perContext.get(context!);
  if (!loaders) perContext.set(context!, (loaders = createLoaders(tenantId, sources)));
  return loaders;
}

function createLoaders(tenantId: string, sources: LoaderSources): Loaders {
  return {
    labelTree: new BatchLoader(
      (ids) => sources.labelTrees(tenantId, ids),
      () => [],
    ),
    elements: new BatchLoader(
      (ids) => sources.annotationElements(tenantId, ids),
      () => [],
    ),
    trackKeyframes: new BatchLoader(
      (ids) => sources.trackKeyframes(tenantId, ids),
      () => [],
    ),
  };
}

/** Finds a label or sublabel by id in a task's tree. */
export function findLabel(tree: readonly LabelNode[], id: string): LabelNode | undefined {
  for (const label of tree) {
    if (label.id === id) return label;
    const sub = label.sublabels.find((s) => s.id === id);
    if (sub) return sub;
  }
  return undefined;
}
