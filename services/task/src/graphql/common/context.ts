import type { LabelNode } from "../../domain/label-types.js";
import type { AnnotationRepository } from "../../persistence/annotation.repository.js";
import type { AnnotationEntity } from "../../persistence/entities/annotation.entity.js";
import type { TaskRepository } from "../../persistence/task.repository.js";
import { BatchLoader } from "./batch-loader.js";
import { callerTenant } from "@prelabel/service-kit";

/** The per-operation context: the server's (with the caller's `identity`); loaders are attached lazily. */
export type TaskContext = object | undefined | null;

export interface Loaders {
  labelTree: BatchLoader<string, LabelNode[]>;
  elements: BatchLoader<string, AnnotationEntity[]>;
}

export interface LoaderSources {
  tasks: TaskRepository;
  annotations: AnnotationRepository;
}

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

function createLoaders(tenantId: string, { tasks, annotations }: LoaderSources): Loaders {
  return {
    labelTree: new BatchLoader((ids) => tasks.labelTrees(tenantId, ids), () => []),
    elements: new BatchLoader((ids) => annotations.elementsOf(tenantId, ids), () => []),
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
