import { Field, Float, ID, InputType } from "type-graphql";
import { LabelThresholdInput, TilingInput } from "../auto-annotation-job/run-options.input.js";
import { LabelMappingInput } from "../auto-annotation-job/start-auto-annotation.input.js";

@InputType("StartAutoAnnotationBatchInput", {
  description: "startAutoAnnotation's settings for several tasks at once: the same model and settings on each task, one job per task.",
})
export class StartAutoAnnotationBatchInput {
  @Field(() => [ID], { description: "1..BATCH_MAX_TASKS (default 100) distinct tasks; every job covers its task's every frame." })
  taskIds: string[];

  @Field(() => ID)
  modelId: string;

  @Field(() => [LabelMappingInput], {
    nullable: true,
    description: "Applied to each task (task labels by name or id). Omitted: each task's own suggested mapping (`suggestLabelMapping`).",
  })
  mapping?: LabelMappingInput[] | null;

  @Field(() => Float, { nullable: true, description: "In (0, 1]. Omitted: the model's default threshold." })
  threshold?: number | null;

  @Field(() => [LabelThresholdInput], {
    nullable: true,
    description:
      "Per-class thresholds, applied to each task (labels by name or id): a label one task lacks is that task's INVALID_THRESHOLD.",
  })
  thresholds?: LabelThresholdInput[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  convertMasksToPolygons?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Replace each task's previous annotations on its frames." })
  cleanOldAnnotations?: boolean | null;

  @Field(() => TilingInput, { nullable: true, description: "Omitted: the model sees whole frames only (as for startAutoAnnotation)." })
  tiling?: TilingInput | null;

  @Field(() => Float, {
    nullable: true,
    description: "In (0, 1]: results scoring below it are committed flagged needsReview. Omitted: none are.",
  })
  reviewBelow?: number | null;
}
