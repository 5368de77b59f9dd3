import { registerEnumType } from "type-graphql";
import { AnnotationSource, AttributeInputType, ShapeType } from "../../domain/label-types.js";
import { AnnotationFormat } from "../../domain/interchange/interchange.js";

registerEnumType(ShapeType, { name: "ShapeType", description: "The kind of shape a label or annotation has (CVAT's vocabulary)." });
registerEnumType(AttributeInputType, {
  name: "AttributeInputType",
  description: "How an attribute's value is entered. NUMBER values are [min, max, step].",
});
registerEnumType(AnnotationSource, { name: "AnnotationSource", description: "Who produced an annotation." });

export { AnnotationSource, AttributeInputType, ShapeType };

registerEnumType(AnnotationFormat, {
  name: "AnnotationFormat",
  description: "An annotation file format: COCO instances or results JSON, CVAT for images 1.1 XML, YOLO detect or segment.",
});

export { AnnotationFormat };
