import { Field, Float, ID, InputType, Int } from "type-graphql";
import { LabelThresholdInput, TilingInput } from "../auto-annotation-job/run-options.input.js";
import { LabelMappingInput } from "../auto-annotation-job/start-auto-annotation.input.js";

@InputType("EvaluateModelInput")
export class EvaluateModelInput {
  @Field(() => ID)
  taskId: string;

  @Field(() => ID)
  modelId: string;

  @Field(() => [LabelMappingInput], { nullable: true, description: "Omitted: the mapping `suggestLabelMapping` returns." })
  mapping?: LabelMappingInput[] | null;

  @Field(() => [Int], {
    nullable: true,
    description:
      "Distinct frame indexes of the task; those without manual annotations are skipped. Omitted: every frame with manual annotations (at most EVALUATION_MAX_FRAMES, 5,000 by default).",
  })
  frames?: number[] | null;

  @Field(() => Float, {
    nullable: true,
    description: "The operating threshold precision/recall/f1 are given at, in (0, 1]. Omitted: the model's default.",
  })
  threshold?: number | null;

  @Field(() => [LabelThresholdInput], {
    nullable: true,
    description: "Per-class operating thresholds (an evaluation's bestF1Threshold can be passed as is); other labels use `threshold`.",
  })
  thresholds?: LabelThresholdInput[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  convertMasksToPolygons?: boolean | null;

  @Field(() => TilingInput, { nullable: true, description: "Omitted: the model sees whole frames only." })
  tiling?: TilingInput | null;
}
