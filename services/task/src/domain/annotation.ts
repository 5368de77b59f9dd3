import type { AnnotationSource } from "./label-types.js";
import type { AnnotationDraft } from "./staged-shape.js";

/** A stored shape on a frame; a skeleton's elements are annotations of their own whose `parentId` names it. */
export interface Annotation extends AnnotationDraft {
  /** Insertion order, the tie-breaker of annotation pages (a bigint, as text). */
  seq: string;
  taskId: string;
  source: AnnotationSource;
  jobId: string | null;
  /** 1 when written, +1 per edit: saveAnnotations' per-annotation `version`. */
  version: number;
  /** Flagged at a job's commit (score under the run's reviewBelow) until resolveReview or an edit settles it. */
  needsReview: boolean;
}
