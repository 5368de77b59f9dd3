import { Directive, Field, ID, ObjectType } from "type-graphql";
import { AttributeInputType, ShapeType } from "../common/enums.js";

/** Identical in model-registry, hence shareable. */
@Directive("@shareable")
@ObjectType("AttributeSpec")
export class AttributeSpecType {
  @Field()
  name: string;

  @Field(() => AttributeInputType)
  inputType: AttributeInputType;

  @Field(() => [String], { description: "SELECT/RADIO: the choices; NUMBER: [min, max, step]; CHECKBOX: true/false." })
  values: string[];

  @Field(() => String, { nullable: true })
  defaultValue: string | null;
}

/** A task label; a SKELETON's sublabels (POINTS) are labels too. */
@ObjectType("Label")
export class LabelType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  @Field(() => ShapeType)
  type: ShapeType;

  @Field(() => [AttributeSpecType])
  attributes: AttributeSpecType[];

  @Field(() => [LabelType])
  sublabels: LabelType[];
}
