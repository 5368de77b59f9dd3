import { Field, Float, ID, InputType, Int } from "type-graphql";

@InputType("FrameRangeInput", { description: "Frames start..stop, inclusive, 0-based." })
export class FrameRangeInput {
  @Field(() => Int)
  start: number;

  @Field(() => Int)
  stop: number;
}

@InputType("AttributeMappingInput")
export class AttributeMappingInput {
  @Field()
  modelAttribute: string;

  @Field()
  taskAttribute: string;
}

@InputType("LabelMappingInput")
export class LabelMappingInput {
  @Field()
  modelLabel: string;

  @Field({ description: "The task label's name or id." })
  taskLabel: string;

  @Field(() => [AttributeMappingInput], { nullable: true, description: "Omitted: attributes are mapped by name." })
  attributes?: AttributeMappingInput[] | null;

  @Field(() => [LabelMappingInput], { nullable: true, description: "Skeletons only. Omitted: points are mapped by name." })
  sublabels?: LabelMappingInput[] | null;
}

@InputType("StartAutoAnnotationInput")
export class StartAutoAnnotationInput {
  @Field(() => ID)
  taskId: string;

  @Field(() => ID)
  modelId: string;

  @Field(() => [LabelMappingInput], { nullable: true, description: "Omitted: the mapping `suggestLabelMapping` returns." })
  mapping?: LabelMappingInput[] | null;

  @Field(() => Float, { nullable: true, description: "In (0, 1]. Omitted: the model's default threshold." })
  threshold?: number | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  convertMasksToPolygons?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Replace the frames' previous annotations." })
  cleanOldAnnotations?: boolean | null;

  @Field(() => FrameRangeInput, { nullable: true, description: "Omitted: every frame of the task." })
  frameRange?: FrameRangeInput | null;
}
