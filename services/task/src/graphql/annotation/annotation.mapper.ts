import type { Annotation } from "../../domain/annotation.js";
import type { AnnotationType } from "./annotation.type.js";

/** An annotation as resolvers pass it on: `label` and `elements` are resolved on demand. */
export type AnnotationRoot = Omit<AnnotationType, "label" | "elements">;

export function toAnnotationRoot(row: Annotation): AnnotationRoot {
  return {
    id: row.id,
    taskId: row.taskId,
    labelId: row.labelId,
    frame: row.frame,
    type: row.type,
    points: row.points ?? [],
    mask: row.mask,
    score: row.score,
    source: row.source,
    jobId: row.jobId,
    attributes: row.attributes ?? [],
    occluded: row.occluded,
    outside: row.outside,
    version: row.version,
    needsReview: row.needsReview,
  };
}
