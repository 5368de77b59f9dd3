import { registerEnumType } from "type-graphql";
import { AnnotationSource, AttributeInputType, ShapeType } from "../../domain/label-types.js";

registerEnumType(ShapeType, { name: "ShapeType", description: "The kind of shape a label or annotation has (CVAT's vocabulary)." });
registerEnumType(AttributeInputType, {
  name: "AttributeInputType",
  description: "How an attribute's value is entered. NUMBER values are [min, max, step].",
});
registerEnumType(AnnotationSource, { name: "AnnotationSource", description: "Who produced an annotation." });

export { AnnotationSource, AttributeInputType, ShapeType };
