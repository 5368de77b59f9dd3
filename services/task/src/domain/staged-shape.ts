import type { PlainMaskRle } from "@prelabel/proto";
import type { LabelNode, ShapeType } from "./label-types.js";

/** An annotation's mask: CVAT's run-length convention, as the wire carries it and models produce it. */
export type MaskRle = PlainMaskRle;

export interface AttributeValue {
  name: string;
  value: string;
}

/** What one shape says of itself, staged or about to be stored. */
export interface ShapeFields {
  labelId: string;
  type: ShapeType;
  points: number[];
  mask: MaskRle | null;
  score: number | null;
  attributes: AttributeValue[];
  occluded: boolean;
  outside: boolean;
}

/** A model's shape as staged for a (job, frame): the service's own JSON, not the wire format. */
export interface StagedShape extends ShapeFields {
  elements: StagedShape[];
}

/** One annotation row to insert; elements point at their skeleton through `parentId`. */
export interface AnnotationDraft extends ShapeFields {
  id: string;
  parentId: string | null;
  frame: number;
}

export interface AnnotationPlan {
  /** Top-level rows first, then elements, so parents exist before their elements. */
  rows: AnnotationDraft[];
  topLevelCount: number;
  /** Shapes (or elements) skipped because their label is not in the task's schema at that level. */
  dropped: number;
}

/**
 * Turns staged shapes into annotation rows. A top-level shape must use one of the task's
 * top-level labels, an element one of its skeleton label's sublabels; anything else is dropped
 * (and counted) rather than failing the whole commit.
 */
export function planAnnotations(
  frames: readonly { frame: number; shapes: readonly StagedShape[] }[],
  labels: readonly LabelNode[],
  newId: () => string,
): AnnotationPlan {
  const topLabels = new Map(labels.map((l) => [l.id, l]));
  const parents: AnnotationDraft[] = [];
  const elements: AnnotationDraft[] = [];
  let dropped = 0;
  const ordered = [...frames].sort((a, b) => a.frame - b.frame);
  for (const { frame, shapes } of ordered) {
    for (const shape of shapes) {
      const label = topLabels.get(shape.labelId);
      if (!label) {
        dropped += 1;
        continue;
      }
      const id = newId();
      parents.push(draft(id, null, frame, shape));
      const sublabels = new Set(label.sublabels.map((s) => s.id));
      for (const element of shape.elements) {
        if (!sublabels.has(element.labelId)) {
          dropped += 1;
          continue;
        }
        elements.push(draft(newId(), id, frame, element));
      }
    }
  }
  return { rows: [...parents, ...elements], topLevelCount: parents.length, dropped };
}

function draft(id: string, parentId: string | null, frame: number, s: StagedShape): AnnotationDraft {
  return {
    id,
    parentId,
    frame,
    labelId: s.labelId,
    type: s.type,
    points: s.points,
    mask: s.mask,
    score: s.score,
    attributes: s.attributes,
    occluded: s.occluded,
    outside: s.outside,
  };
}
