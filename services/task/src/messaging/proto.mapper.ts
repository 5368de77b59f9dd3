import {
  AttributeInputType as ProtoAttributeInputType,
  ShapeType as ProtoShapeType,
  type MessageInitShape,
  type LabelSchema,
  type Shape,
  type StoredShapeSchema,
  type TrackingSettings as ProtoTrackingSettings,
} from "@prelabel/proto";
import { AttributeInputType, ShapeType, type LabelNode } from "../domain/label-types.js";
import type { StagedShape } from "../domain/staged-shape.js";
import type { TrackingSettings } from "../domain/track.js";

const shapeToProto: Record<ShapeType, ProtoShapeType> = {
  [ShapeType.RECTANGLE]: ProtoShapeType.RECTANGLE,
  [ShapeType.POLYGON]: ProtoShapeType.POLYGON,
  [ShapeType.POLYLINE]: ProtoShapeType.POLYLINE,
  [ShapeType.POINTS]: ProtoShapeType.POINTS,
  [ShapeType.MASK]: ProtoShapeType.MASK,
  [ShapeType.SKELETON]: ProtoShapeType.SKELETON,
  [ShapeType.TAG]: ProtoShapeType.TAG,
  [ShapeType.ANY]: ProtoShapeType.ANY,
};
const shapeFromProto = new Map<ProtoShapeType, ShapeType>(Object.entries(shapeToProto).map(([k, v]) => [v, k as ShapeType]));

const attributeToProto: Record<AttributeInputType, ProtoAttributeInputType> = {
  [AttributeInputType.SELECT]: ProtoAttributeInputType.SELECT,
  [AttributeInputType.RADIO]: ProtoAttributeInputType.RADIO,
  [AttributeInputType.CHECKBOX]: ProtoAttributeInputType.CHECKBOX,
  [AttributeInputType.NUMBER]: ProtoAttributeInputType.NUMBER,
  [AttributeInputType.TEXT]: ProtoAttributeInputType.TEXT,
};

/** A stored label tree as the published language (task.v1.Label). */
export function labelToProto(label: LabelNode): MessageInitShape<typeof LabelSchema> {
  return {
    id: label.id,
    name: label.name,
    type: shapeToProto[label.type],
    attributes: label.attributes.map((a) => ({
      name: a.name,
      inputType: attributeToProto[a.inputType],
      values: a.values,
      ...(a.defaultValue !== null ? { defaultValue: a.defaultValue } : {}),
    })),
    sublabels: label.sublabels.map(labelToProto),
  };
}

/**
 * A worker's shape as the service stages it. Null when its type is unspecified; elements with an
 * unspecified type are left out.
 */
export function shapeFromWire(shape: Shape): StagedShape | null {
  const type = shapeFromProto.get(shape.type);
  if (!type) return null;
  return {
    labelId: shape.labelId,
    type,
    points: [...shape.points],
    mask: shape.mask
      ? { counts: [...shape.mask.counts], left: shape.mask.left, top: shape.mask.top, right: shape.mask.right, bottom: shape.mask.bottom }
      : null,
    score: shape.score ?? null,
    attributes: shape.attributes.map((a) => ({ name: a.name, value: a.value })),
    elements: shape.elements.map(shapeFromWire).filter((e): e is StagedShape => e !== null),
    occluded: shape.occluded,
    outside: shape.outside,
  };
}

/** A stored shape as task.v1.StoredShape (annotation.v1.Shape's form): a null score stays unset, a null mask absent. */
export function storedShapeToProto(shape: StagedShape): MessageInitShape<typeof StoredShapeSchema> {
  return {
    labelId: shape.labelId,
    type: shapeToProto[shape.type],
    points: shape.points,
    ...(shape.mask ? { mask: shape.mask } : {}),
    ...(shape.score !== null ? { score: shape.score } : {}),
    attributes: shape.attributes,
    elements: shape.elements.map(storedShapeToProto),
    occluded: shape.occluded,
    outside: shape.outside,
  };
}

/** CommitAnnotations.tracking: absent or disabled is no tracking. */
export function toTrackingSettings(tracking: ProtoTrackingSettings | undefined): TrackingSettings | null {
  if (!tracking?.enabled) return null;
  return {
    iouThreshold: tracking.iouThreshold,
    maxAge: tracking.maxAge,
    minHits: tracking.minHits,
    highScore: tracking.highScore,
    lowScore: tracking.lowScore,
  };
}
