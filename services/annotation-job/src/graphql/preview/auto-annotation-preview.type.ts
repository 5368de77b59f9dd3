import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { FrameFailureType, LabelMappingType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { LabelThresholdType } from "../auto-annotation-job/run-options.type.js";
import { ModelType } from "../model/model.type.js";

@ObjectType("PreviewAttribute")
export class PreviewAttributeType {
  @Field()
  name: string;

  @Field()
  value: string;
}

@ObjectType("PreviewMask", { description: "CVAT's mask RLE over the box left..right × top..bottom (row-major, background run first)." })
export class PreviewMaskType {
  @Field(() => [Int])
  counts: number[];

  @Field(() => Int)
  left: number;

  @Field(() => Int)
  top: number;

  @Field(() => Int)
  right: number;

  @Field(() => Int)
  bottom: number;
}

@ObjectType("PreviewShape", { description: "One result as a run would commit it; nothing is stored." })
export class PreviewShapeType {
  @Field(() => ID)
  taskLabelId: string;

  @Field({ description: "The task label's name (a skeleton point's own name for elements)." })
  taskLabel: string;

  @Field({ description: "RECTANGLE, POLYGON, POLYLINE, POINTS, MASK, SKELETON or TAG." })
  type: string;

  @Field(() => [Float], { description: "Flat x, y pairs in the frame's pixels (CVAT's layout for the type)." })
  points: number[];

  @Field(() => Float, { nullable: true })
  score?: number | null;

  @Field({ description: "Scored under the input's reviewBelow: a run would commit it flagged for review." })
  needsReview: boolean;

  @Field()
  occluded: boolean;

  @Field()
  outside: boolean;

  @Field(() => [PreviewAttributeType])
  attributes: PreviewAttributeType[];

  @Field(() => [PreviewShapeType], { description: "A skeleton's points." })
  elements: PreviewShapeType[];

  @Field(() => PreviewMaskType, { nullable: true })
  mask?: PreviewMaskType | null;
}

@ObjectType("PreviewFrame")
export class PreviewFrameType {
  @Field(() => Int)
  frame: number;

  @Field(() => [PreviewShapeType])
  shapes: PreviewShapeType[];

  @Field(() => FrameFailureType, { nullable: true, description: "Why the frame has no shapes, when it failed (a run would list it)." })
  failure?: FrameFailureType | null;

  @Field(() => Float, { nullable: true, description: "The worker's time in the model, ms; null when the frame failed." })
  inferenceMs?: number | null;

  @Field(() => Float, { nullable: true, description: "The worker's time decoding the frame, ms; null when the frame failed." })
  decodeMs?: number | null;

  @Field(() => Float, { description: "From sending the frame to a worker to its answer, ms." })
  totalMs: number;

  @Field(() => Int, { description: "Detections of model labels the mapping leaves out." })
  unmappedDetections: number;

  @Field(() => Int, { description: "Attribute values the task's attribute does not accept." })
  droppedAttributeValues: number;
}

@ObjectType("AutoAnnotationPreview", {
  description: "What a run with the same input would produce on the listed frames; the task is not touched and no job is created.",
})
export class AutoAnnotationPreviewType {
  /** Resolved to the Model entity by its id. */
  modelId: string;

  @Field(() => ModelType)
  model: ModelType;

  @Field(() => ID)
  taskId: string;

  @Field(() => Float, { description: "The global threshold the run would use (the model's default when omitted)." })
  threshold: number;

  @Field(() => [LabelThresholdType], { description: "The per-class thresholds the run would use (task labels resolved)." })
  thresholds: LabelThresholdType[];

  @Field(() => [LabelMappingType])
  mapping: LabelMappingType[];

  @Field(() => [PreviewFrameType], { description: "In the order they were asked for." })
  frames: PreviewFrameType[];

  @Field(() => Float, { description: "The whole call, validation included, ms." })
  totalMs: number;
}
