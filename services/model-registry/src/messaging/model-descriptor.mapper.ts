import {
  AttributeInputType as PbAttributeInputType,
  AttributeSpecSchema,
  create,
  DescribeModelReplySchema,
  ModelDescriptorSchema,
  ModelKind as PbModelKind,
  ModelLabelSchema,
  ShapeType as PbShapeType,
  type DescribeModelReply,
  type ModelLabel as PbModelLabel,
} from "@prelabel/proto";
import type { AttributeInputType, Model, ModelKind, ModelLabel, ShapeType } from "../domain/model.js";

const kinds: Record<ModelKind, PbModelKind> = {
  DETECTOR: PbModelKind.DETECTOR,
  INTERACTOR: PbModelKind.INTERACTOR,
  TRACKER: PbModelKind.TRACKER,
  REID: PbModelKind.REID,
  CLASSIFIER: PbModelKind.CLASSIFIER,
};

const shapes: Record<ShapeType, PbShapeType> = {
  RECTANGLE: PbShapeType.RECTANGLE,
  POLYGON: PbShapeType.POLYGON,
  POLYLINE: PbShapeType.POLYLINE,
  POINTS: PbShapeType.POINTS,
  MASK: PbShapeType.MASK,
  SKELETON: PbShapeType.SKELETON,
  TAG: PbShapeType.TAG,
  ANY: PbShapeType.ANY,
};

const inputTypes: Record<AttributeInputType, PbAttributeInputType> = {
  SELECT: PbAttributeInputType.SELECT,
  RADIO: PbAttributeInputType.RADIO,
  CHECKBOX: PbAttributeInputType.CHECKBOX,
  NUMBER: PbAttributeInputType.NUMBER,
  TEXT: PbAttributeInputType.TEXT,
};

/** Domain model → `model.v1.DescribeModelReply` (the contract annotation-job and workers read). */
export function toDescribeModelReply(model: Model): DescribeModelReply {
  return create(DescribeModelReplySchema, {
    model: create(ModelDescriptorSchema, {
      id: model.id,
      name: model.name,
      kind: kinds[model.kind],
      labels: model.labels.map(toPbLabel),
      defaultThreshold: model.defaultThreshold,
      returnsMasks: model.returnsMasks,
      runtime: model.runtime,
    }),
  });
}

function toPbLabel(label: ModelLabel): PbModelLabel {
  return create(ModelLabelSchema, {
    name: label.name,
    type: shapes[label.type],
    attributes: label.attributes.map((a) =>
      create(AttributeSpecSchema, {
        name: a.name,
        inputType: inputTypes[a.inputType],
        values: a.values,
        ...(a.defaultValue !== null ? { defaultValue: a.defaultValue } : {}),
      }),
    ),
    sublabels: label.sublabels.map(toPbLabel),
  });
}
