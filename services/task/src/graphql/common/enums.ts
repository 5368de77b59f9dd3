import { registerEnumType } from "type-graphql";
import { ImportSkipReason } from "../../domain/interchange/import-validation.js";
import { AnnotationSource, AttributeInputType, ShapeType } from "../../domain/label-types.js";
import { AnnotationFormat } from "../../domain/interchange/interchange.js";

registerEnumType(ShapeType, { name: "ShapeType", description: "The kind of shape a label or annotation has (CVAT's vocabulary)." });
registerEnumType(AttributeInputType, {
  name: "AttributeInputType",
  description: "How an attribute's value is entered. NUMBER values are [min, max, step].",
});
registerEnumType(AnnotationSource, { name: "AnnotationSource", description: "Who produced an annotation." });

registerEnumType(AnnotationFormat, {
  name: "AnnotationFormat",
  description: "Annotation file formats (docs/annotations.md). COCO_RESULTS (detections with scores) is written, never read.",
});
/** The skip reasons by their values (the domain's const object is keyed in camel case). */
export const ImportSkipReasonEnum = Object.fromEntries(Object.values(ImportSkipReason).map((v) => [v, v])) as {
  [K in ImportSkipReason]: K;
};
registerEnumType(ImportSkipReasonEnum, {
  name: "AnnotationImportSkipReason",
  description: "Why importAnnotations did not store a shape of the file.",
});

export { AnnotationFormat, AnnotationSource, AttributeInputType, ImportSkipReason, ShapeType };
