import type { LabelNode } from "../../domain/label-types.js";
import type { AnnotationRepository } from "../../persistence/annotation.repository.js";
import type { AnnotationEntity } from "../../persistence/entities/annotation.entity.js";
import type { TaskRepository } from "../../persistence/task.repository.js";
import { BatchLoader } from "./batch-loader.js";

/** The per-operation context: anything (or nothing) the server passes; loaders are attached lazily. */
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

/** The request's loaders (created on first use); without a context object each call gets fresh ones. */
export function loadersFor(context: TaskContext, sources: LoaderSources): Loaders {
  if (context && typeof context === "object") {
    let loaders = perContext.get(context);
    if (!loaders) perContext.set(context, (loaders = createLoaders(sources)));
    return loaders;
  }
  return createLoaders(sources);
}

function createLoaders({ tasks, annotations }: LoaderSources): Loaders {
  return {
    labelTree: new BatchLoader((ids) => tasks.labelTrees(ids), () => []),
    elements: new BatchLoader((ids) => annotations.elementsOf(ids), () => []),
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
