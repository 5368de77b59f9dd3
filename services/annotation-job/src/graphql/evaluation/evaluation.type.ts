import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { EvaluationStatuses, type EvaluationStatus } from "../../domain/evaluation.js";
import { FrameFailureType, LabelMappingType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { LabelThresholdType, TilingType } from "../auto-annotation-job/run-options.type.js";
import { ModelType } from "../model/model.type.js";
import { DateTimeScalar } from "../scalars/date-time.scalar.js";
import { TaskType } from "../task/task.type.js";

export const EvaluationStatusEnum = Object.fromEntries(EvaluationStatuses.map((s) => [s, s])) as { [K in EvaluationStatus]: K };

registerEnumType(EvaluationStatusEnum, {
  name: "EvaluationStatus",
  description: "RUNNING → COMPLETED (the metrics are in `labels`), or FAILED (see `failureCode`).",
});

@ObjectType("PrecisionRecallPoint", {
  description: "Precision and recall of a label when results below `threshold` are dropped (IoU 0.5).",
})
export class PrecisionRecallPointType {
  @Field(() => Float)
  threshold: number;

  @Field(() => Float)
  precision: number;

  @Field(() => Float)
  recall: number;
}

@ObjectType("LabelEvaluation", { description: "How well the model's results of one task label match its manual annotations." })
export class LabelEvaluationType {
  @Field(() => ID)
  taskLabelId: string;

  @Field()
  taskLabel: string;

  @Field({
    description: "How results are matched with manual annotations: BOX_IOU (rectangles), MASK_IOU (polygons, masks) or OKS (skeletons).",
  })
  metric: string;

  @Field(() => Float, {
    description: "The score threshold precision, recall and f1 are given at (the label's own, else the evaluation's).",
  })
  threshold: number;

  @Field(() => Int)
  groundTruthCount: number;

  @Field(() => Int, {
    description: "Results of the label at or above the low floor the model ran at (0.05, or the lowest threshold asked).",
  })
  detectionCount: number;

  @Field(() => Float, {
    nullable: true,
    description: "At `threshold`, IoU (or OKS) 0.5; null when undefined (no result, or no ground truth).",
  })
  precision: number | null;

  @Field(() => Float, { nullable: true })
  recall: number | null;

  @Field(() => Float, { nullable: true })
  f1: number | null;

  @Field(() => Float, {
    nullable: true,
    description: "Average precision at IoU 0.5 (COCO's 101-point interpolation); null without ground truth.",
  })
  ap50: number | null;

  @Field(() => Float, { nullable: true, description: "COCO's AP: averaged over IoU 0.50:0.05:0.95." })
  ap: number | null;

  @Field(() => Float, { nullable: true, description: "The score threshold with the best F1 (pass it back in `thresholds`)." })
  bestF1Threshold: number | null;

  @Field(() => Float, { nullable: true })
  bestF1: number | null;

  @Field(() => [PrecisionRecallPointType], { description: "At IoU 0.5, by decreasing threshold, at most 101 points." })
  curve: PrecisionRecallPointType[];
}

@ObjectType("UnevaluatedLabel", { description: "A task label with manual annotations that the evaluation did not compare." })
export class UnevaluatedLabelType {
  @Field(() => ID)
  taskLabelId: string;

  @Field()
  taskLabel: string;

  @Field(() => Int)
  groundTruthCount: number;

  @Field({
    description:
      "TYPE_NOT_EVALUATED (tags, points, polylines have no area to overlap) or NOT_MAPPED (the mapping produces no result of it).",
  })
  reason: string;
}

@Directive('@key(fields: "id")')
@ObjectType("Evaluation", {
  description: "A model run over frames with manual annotations, compared with them per task label; the task is not changed.",
})
export class EvaluationType {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  taskId: string;

  @Field(() => TaskType, { nullable: true })
  task: TaskType | null;

  @Field(() => ModelType)
  model: ModelType;

  @Field(() => EvaluationStatusEnum)
  status: EvaluationStatus;

  @Field(() => Int, { description: "Frames with manual annotations the model runs on." })
  framesTotal: number;

  @Field(() => Int)
  framesDone: number;

  @Field(() => Int, { description: "Frames the model could not run on (see `failures`): left out of the metrics, not counted as misses." })
  framesFailed: number;

  @Field(() => Float, { description: "The operating threshold (labels with their own in `thresholds` use theirs)." })
  threshold: number;

  @Field(() => [LabelThresholdType], { description: "Per-class operating thresholds (labels not listed use `threshold`)." })
  thresholds: LabelThresholdType[];

  @Field(() => TilingType, { nullable: true, description: "Null when the model saw whole frames only." })
  tiling: TilingType | null;

  @Field(() => [LabelMappingType])
  mapping: LabelMappingType[];

  @Field(() => [LabelEvaluationType], { description: "Per evaluated task label; empty until COMPLETED." })
  labels: LabelEvaluationType[];

  @Field(() => [UnevaluatedLabelType], {
    description: "Task labels with manual annotations that were not compared, and why; empty until COMPLETED.",
  })
  unevaluatedLabels: UnevaluatedLabelType[];

  @Field(() => Float, { nullable: true, description: "Mean of the labels' ap50 (those defined)." })
  meanAp50: number | null;

  @Field(() => Float, { nullable: true })
  meanAp: number | null;

  @Field(() => [FrameFailureType])
  failures: FrameFailureType[];

  @Field(() => String, {
    nullable: true,
    description: "Why it FAILED: EVALUATION_INTERRUPTED, NO_FRAME_EVALUATED or EVALUATION_ERROR (docs/errors.md).",
  })
  failureCode: string | null;

  @Field(() => String, { nullable: true })
  failureReason: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;

  /** Not exposed: resolved into `model`. */
  modelId: string;
}
