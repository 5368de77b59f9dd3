import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from "type-graphql";
import { JobStatuses, type JobStatus } from "../../domain/job-status.js";
import { ModelType } from "../model/model.type.js";
import { DateTimeScalar } from "../scalars/date-time.scalar.js";
import { TaskType } from "../task/task.type.js";
import { LabelThresholdType, TilingType } from "./run-options.type.js";

export const JobStatusEnum = Object.fromEntries(JobStatuses.map((s) => [s, s])) as { [K in JobStatus]: K };

registerEnumType(JobStatusEnum, {
  name: "JobStatus",
  description:
    "QUEUED → RUNNING → COMMITTING → COMPLETED; CANCELLING → CANCELLED on cancel; FAILED when the frames could not be queued or the results could not be committed (see `failureCode`).",
  valuesConfig: {
    QUEUED: { description: "Stored; its frames are being queued for the workers." },
    RUNNING: { description: "Workers are annotating its frames." },
    COMMITTING: { description: "Every frame is settled; the task is applying the results in one transaction." },
    COMPLETED: { description: "The results are in the task's annotations (failed frames are listed in `failures`)." },
    FAILED: {
      description: "The job could not run or its results could not be committed; the task's annotations are untouched (see `failureCode`).",
    },
    CANCELLING: { description: "Cancel requested; workers skip its frames and the task drops what was staged." },
    CANCELLED: { description: "Cancelled; the task's annotations are exactly as before." },
  },
});

@ObjectType("AttributeMapping")
export class AttributeMappingType {
  @Field()
  modelAttribute: string;

  @Field()
  taskAttribute: string;
}

@ObjectType("LabelMapping", { description: "One model label and the task label its shapes become." })
export class LabelMappingType {
  @Field()
  modelLabel: string;

  @Field(() => ID)
  taskLabelId: string;

  @Field({ description: "The task label's name." })
  taskLabel: string;

  @Field(() => [AttributeMappingType])
  attributes: AttributeMappingType[];

  @Field(() => [LabelMappingType], { description: "Skeleton points, mapped by name." })
  sublabels: LabelMappingType[];
}

@ObjectType("FrameFailure", { description: "A frame the model could not annotate; the rest of the job goes on." })
export class FrameFailureType {
  @Field(() => Int)
  frame: number;

  @Field({
    description:
      "CORRUPT_IMAGE, EMPTY_IMAGE, NOT_AN_IMAGE, IMAGE_TOO_LARGE, FRAME_MISSING, MODEL_UNAVAILABLE, INFERENCE_ERROR, INFERENCE_TIMEOUT, FRAME_UNPROCESSABLE, or a hosted model's CLOUD_ONLY / HUB_* code (docs/errors.md).",
  })
  code: string;

  @Field()
  reason: string;
}

@ObjectType("FrameRange", { description: "Frames start..stop, inclusive." })
export class FrameRangeType {
  @Field(() => Int)
  start: number;

  @Field(() => Int)
  stop: number;
}

@ObjectType("TrackingSettings", { description: "The tracking a job runs at commit (defaults filled in)." })
export class TrackingSettingsType {
  @Field()
  enabled: boolean;

  @Field(() => Float)
  iouThreshold: number;

  @Field(() => Int)
  maxAge: number;

  @Field(() => Int)
  minHits: number;
}

@Directive('@key(fields: "id")')
@ObjectType("AutoAnnotationJob", { description: "One run of a model over a task's frames, writing its results as the task's annotations." })
export class AutoAnnotationJobType {
  @Field(() => ID)
  id: string;

  @Field(() => TaskType, {
    nullable: true,
    description: "The task the job ran on; null once the task has been deleted (the job stays readable, `taskId` still names it).",
  })
  task: TaskType | null;

  @Field(() => ID, { description: "The task's id, kept after the task is deleted." })
  taskId: string;

  @Field(() => ModelType)
  model: ModelType;

  @Field(() => JobStatusEnum)
  status: JobStatus;

  @Field(() => Int)
  framesTotal: number;

  @Field(() => Int, { description: "Frames annotated successfully." })
  framesDone: number;

  @Field(() => Int, { description: "Frames that could not be annotated (see `failures`)." })
  framesFailed: number;

  @Field(() => Float, { nullable: true, description: "Frames settled per second since the job started; null until the first one." })
  fps: number | null;

  @Field(() => Float, { nullable: true, description: "Seconds until every frame is settled at the current pace; null while unknown." })
  etaSeconds: number | null;

  @Field(() => Float, { description: "Detections below this confidence are dropped; in (0, 1]." })
  threshold: number;

  @Field()
  convertMasksToPolygons: boolean;

  @Field({ description: "Whether the frames' previous annotations are replaced (only when at least one frame succeeded)." })
  cleanOldAnnotations: boolean;

  @Field(() => [LabelMappingType])
  mapping: LabelMappingType[];

  @Field(() => TrackingSettingsType, { nullable: true, description: "Null when the job does not track." })
  tracking: TrackingSettingsType | null;

  @Field(() => Int, { description: "Tracks the commit wrote (0 until the job is COMPLETED, and without tracking)." })
  trackCount: number;

  @Field(() => [LabelThresholdType], { description: "Per-class thresholds; empty: `threshold` for every label." })
  thresholds: LabelThresholdType[];

  @Field(() => TilingType, { nullable: true, description: "Null: the model saw whole frames only." })
  tiling: TilingType | null;

  @Field(() => Float, { nullable: true, description: "Results scoring below it are committed flagged needsReview; null: none are." })
  reviewBelow: number | null;

  @Field(() => Int, { description: "Annotations the commit flagged needsReview (0 until the job is COMPLETED, and without reviewBelow)." })
  needsReviewCount: number;

  @Field(() => Int, { description: "Attribute values the model returned that the task attribute does not accept (dropped)." })
  droppedAttributeValues: number;

  @Field(() => Int, {
    description:
      "Detections whose model label the mapping does not name (an unmapped label, or one the model never declared): dropped, and counted.",
  })
  unmappedDetections: number;

  @Field(() => FrameRangeType, { nullable: true, description: "The frames asked for; null when the job covers the whole task." })
  frameRange: FrameRangeType | null;

  @Field(() => [FrameFailureType])
  failures: FrameFailureType[];

  @Field(() => String, {
    nullable: true,
    description: "Why the job FAILED: DISPATCH_FAILED, DISPATCH_STALLED or COMMIT_STALLED (docs/errors.md); null otherwise.",
  })
  failureCode: string | null;

  @Field(() => String, { nullable: true, description: "The failure in words (may change; match on `failureCode`)." })
  failureReason: string | null;

  @Field(() => DateTimeScalar)
  createdAt: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  startedAt: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  finishedAt: Date | null;

  /** Not exposed: resolved into `model`. */
  modelId: string;
  /** Not exposed: `task` reads null once set. */
  taskDeleted: boolean;
}
