import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { AttributeInputType, ModelKind, ModelSource, ShapeType } from "../../domain/model.js";

registerEnumType(ModelSource, { name: "ModelSource", description: "Where a model came from." });
registerEnumType(ModelKind, { name: "ModelKind", description: "What a model does (CVAT's function kinds plus classifiers)." });
// ShapeType and AttributeInputType are also defined by the task subgraph: keep them identical.
registerEnumType(ShapeType, { name: "ShapeType" });
registerEnumType(AttributeInputType, { name: "AttributeInputType" });

/** Shared with the task subgraph (its label schema): both must declare exactly these fields. */
@Directive("@shareable")
@ObjectType("AttributeSpec")
export class AttributeSpecType {
  @Field(() => String)
  name: string;

  @Field(() => AttributeInputType)
  inputType: AttributeInputType;

  @Field(() => [String])
  values: string[];

  @Field(() => String, { nullable: true })
  defaultValue: string | null;
}

@ObjectType("ModelLabel", { description: "A label a model outputs, with its attributes and (skeletons only) sublabels." })
export class ModelLabelType {
  @Field(() => String)
  name: string;

  @Field(() => ShapeType)
  type: ShapeType;

  @Field(() => [AttributeSpecType])
  attributes: AttributeSpecType[];

  @Field(() => [ModelLabelType])
  sublabels: ModelLabelType[];
}

@ObjectType("ImageSize")
export class ImageSizeType {
  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;
}

@Directive('@key(fields: "id")')
@ObjectType("Model", { description: "A model that can annotate frames, and its spec." })
export class ModelType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => String)
  description: string;

  @Field(() => ModelSource)
  source: ModelSource;

  @Field(() => ModelKind)
  kind: ModelKind;

  @Field(() => [ModelLabelType])
  labels: ModelLabelType[];

  @Field(() => Float, { description: "Used when a job sets no threshold; in (0, 1]." })
  defaultThreshold: number;

  @Field(() => Boolean)
  returnsMasks: boolean;

  @Field(() => ImageSizeType, { nullable: true, description: "Fixed network input size; null when the size is dynamic (see preprocessing)." })
  inputSize: ImageSizeType | null;

  @Field(() => String, { nullable: true, description: "How a frame becomes the network input, in words." })
  preprocessing: string | null;
}
