import { AttributeInputType, create, ShapeSchema, ShapeType, type AttributeSpec, type LabelMapping, type Shape } from "@prelabel/proto";
import type { Detection } from "../inference/detection-model.js";

export interface MappedFrame {
  shapes: Shape[];
  /** Attribute values the task's attribute spec does not accept: dropped, and counted so users see it. */
  droppedAttributeValues: number;
  /** Detections whose model label the mapping does not name (unmapped, or a label the model never declared): dropped, and counted. */
  unmappedDetections: number;
}

/** Does a task attribute accept this value? Mirrors CVAT's attribute rules. */
export function acceptsAttributeValue(spec: AttributeSpec, value: string): boolean {
  switch (spec.inputType) {
    case AttributeInputType.SELECT:
    case AttributeInputType.RADIO:
      return spec.values.includes(value);
    case AttributeInputType.CHECKBOX:
      return value === "true" || value === "false";
    case AttributeInputType.NUMBER: {
      const n = Number(value);
      if (value.trim() === "" || !Number.isFinite(n)) return false;
      const [min, max] = spec.values.map(Number);
      return (min === undefined || Number.isNaN(min) || n >= min) && (max === undefined || Number.isNaN(max) || n <= max);
    }
    default:
      return true;
  }
}

/**
 * Turns model detections into task shapes: unmapped labels are left out (and counted), mask-capable
 * results become POLYGON or MASK by the job's toggle, tags (classification) become TAGs only, point sets and
 * polylines keep their own type, and scores are kept (a detection without one stores none). Skeleton points keep
 * the model's occluded/outside flags (CVAT's per-element visibility).
 */
export function mapDetections(detections: Detection[], mapping: LabelMapping[], convertMasksToPolygons: boolean): MappedFrame {
  const byModelLabel = new Map(mapping.map((m) => [m.modelLabel, m]));
  let dropped = 0;
  let unmapped = 0;
  const shapes: Shape[] = [];
  for (const d of detections) {
    const target = byModelLabel.get(d.label);
    if (!target) {
      unmapped++;
      continue;
    }
    // A whole-frame class has no region: it can only become a TAG (mapping validation pairs it so).
    if (d.kind === "tag" && target.taskLabelType !== ShapeType.TAG) continue;
    const attributes = [];
    for (const a of target.attributes) {
      const value = d.attributes?.[a.modelAttribute];
      if (value === undefined || !a.taskAttribute) continue;
      if (acceptsAttributeValue(a.taskAttribute, value)) attributes.push({ name: a.taskAttribute.name, value });
      else dropped++;
    }
    const base = { labelId: target.taskLabelId, score: d.score, attributes };
    if (target.taskLabelType === ShapeType.TAG) {
      shapes.push(create(ShapeSchema, { ...base, type: ShapeType.TAG }));
    } else if ((d.kind === "points" || d.kind === "polyline") && target.taskLabelType !== ShapeType.SKELETON) {
      const type = d.kind === "points" ? ShapeType.POINTS : ShapeType.POLYLINE;
      shapes.push(create(ShapeSchema, { ...base, type, points: [...(d.points ?? [])] }));
    } else if (target.taskLabelType === ShapeType.SKELETON) {
      const byName = new Map(target.sublabels.map((s) => [s.modelLabel, s]));
      const elements = (d.keypoints ?? []).flatMap((k) => {
        const sub = byName.get(k.label);
        if (!sub) return [];
        const flags = { occluded: k.occluded ?? false, outside: k.outside ?? false };
        return [create(ShapeSchema, { labelId: sub.taskLabelId, type: ShapeType.POINTS, points: [k.x, k.y], score: k.score, ...flags })];
      });
      shapes.push(create(ShapeSchema, { ...base, type: ShapeType.SKELETON, points: [...d.box], elements }));
    } else if (d.polygon && convertMasksToPolygons) {
      shapes.push(create(ShapeSchema, { ...base, type: ShapeType.POLYGON, points: d.polygon }));
    } else if (d.mask && !convertMasksToPolygons) {
      const { counts, left, top, right, bottom } = d.mask;
      shapes.push(
        create(ShapeSchema, {
          ...base,
          type: ShapeType.MASK,
          points: [left, top, right, bottom],
          mask: { counts, left, top, right, bottom },
        }),
      );
    } else if (d.polygon && target.taskLabelType !== ShapeType.RECTANGLE) {
      shapes.push(create(ShapeSchema, { ...base, type: ShapeType.POLYGON, points: d.polygon }));
    } else {
      shapes.push(create(ShapeSchema, { ...base, type: ShapeType.RECTANGLE, points: [...d.box] }));
    }
  }
  return { shapes, droppedAttributeValues: dropped, unmappedDetections: unmapped };
}
