import {
  AttributeInputType,
  AttributeMappingSchema,
  AttributeSpecSchema,
  create,
  LabelMappingSchema,
  ShapeType,
  type LabelMapping as ProtoLabelMapping,
} from "@prelabel/proto";
import type { LabelMapping } from "../../domain/labels.js";

/** A job's resolved mapping as InferFrame carries it to the workers (task attribute specs included). */
export function toProtoMapping(mapping: readonly LabelMapping[]): ProtoLabelMapping[] {
  return mapping.map((m) =>
    create(LabelMappingSchema, {
      modelLabel: m.modelLabel,
      taskLabelId: m.taskLabelId,
      taskLabelType: ShapeType[m.taskLabelType],
      attributes: m.attributes.map((a) =>
        create(AttributeMappingSchema, {
          modelAttribute: a.modelAttribute,
          taskAttribute: create(AttributeSpecSchema, {
            name: a.taskAttributeSpec.name,
            inputType: AttributeInputType[a.taskAttributeSpec.inputType],
            values: a.taskAttributeSpec.values,
            ...(a.taskAttributeSpec.defaultValue !== undefined ? { defaultValue: a.taskAttributeSpec.defaultValue } : {}),
          }),
        }),
      ),
      sublabels: toProtoMapping(m.sublabels),
    }),
  );
}
