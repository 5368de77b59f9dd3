import type { AnnotationSource, ShapeType } from "./label-types.js";
import type { AttributeValue, MaskRle } from "./staged-shape.js";

/** A shape on a frame; a skeleton's elements are annotations of their own whose `parentId` names it. */
export interface Annotation {
  id: string;
  /** Insertion order, the tie-breaker of annotation pages (a bigint, as text). */
  seq: string;
  taskId: string;
  parentId: string | null;
  frame: number;
  labelId: string;
  type: ShapeType;
  points: number[];
  mask: MaskRle | null;
  score: number | null;
  source: AnnotationSource;
  jobId: string | null;
  attributes: AttributeValue[];
  occluded: boolean;
  outside: boolean;
}
