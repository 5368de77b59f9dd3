import type { Annotation, AnnotationSource } from "./task.api.js";

export interface AnnotationFilter {
  /** Labels whose shapes are hidden, by id. */
  hiddenLabelIds: ReadonlySet<string>;
  /** Sources shown; an annotation from another source is hidden. */
  sources: ReadonlySet<AnnotationSource>;
  /** Shapes scoring below this are hidden; shapes without a score (drawn by hand) always pass. */
  minScore: number;
}

export const ALL_SOURCES: readonly AnnotationSource[] = ["AUTO", "MANUAL"];

export function defaultAnnotationFilter(): AnnotationFilter {
  return { hiddenLabelIds: new Set(), sources: new Set(ALL_SOURCES), minScore: 0 };
}

export function isAnnotationShown(annotation: Annotation, filter: AnnotationFilter): boolean {
  if (filter.hiddenLabelIds.has(annotation.label.id)) return false;
  if (!filter.sources.has(annotation.source)) return false;
  return annotation.score === null || annotation.score >= filter.minScore;
}

export function filterAnnotations(annotations: readonly Annotation[], filter: AnnotationFilter): Annotation[] {
  return annotations.filter((a) => isAnnotationShown(a, filter));
}
