import { Field, InputType } from "type-graphql";
import { AttributeInputType, ShapeType } from "../common/enums.js";

@InputType("AttributeSpecInput")
export class AttributeSpecInput {
  @Field()
  name: string;

  @Field(() => AttributeInputType)
  inputType: AttributeInputType;

  @Field(() => [String], { nullable: true, description: "SELECT/RADIO: at least one choice; NUMBER: [min, max, step]." })
  values?: string[] | null;

  @Field(() => String, { nullable: true })
  defaultValue?: string | null;
}

@InputType("LabelInput")
export class LabelInput {
  @Field()
  name: string;

  @Field(() => ShapeType)
  type: ShapeType;

  @Field(() => [AttributeSpecInput], { nullable: true })
  attributes?: AttributeSpecInput[] | null;

  @Field(() => [LabelInput], { nullable: true, description: "SKELETON only: its POINTS sublabels." })
  sublabels?: LabelInput[] | null;
}
