import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { AnnotationSource, ShapeType } from "../common/enums.js";
import { relayConnection } from "../common/connection.type.js";
import { LabelType } from "../label/label.type.js";
import type { AnnotationRoot } from "./annotation.mapper.js";

/** CVAT's mask convention: run lengths over the box's pixels, row-major, starting with background. */
@ObjectType("MaskRle")
export class MaskRleType {
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

@ObjectType("AttributeValue")
export class AttributeValueType {
  @Field()
  name: string;

  @Field()
  value: string;
}

@ObjectType("Annotation")
export class AnnotationType {
  @Field(() => ID)
  id: string;

  @Field(() => Int)
  frame: number;

  /** Resolved by AnnotationResolver from the task's label tree. */
  @Field(() => LabelType)
  label: LabelType;

  @Field(() => ShapeType)
  type: ShapeType;

  @Field(() => [Float])
  points: number[];

  @Field(() => MaskRleType, { nullable: true })
  mask: MaskRleType | null;

  @Field(() => Float, { nullable: true })
  score: number | null;

  @Field(() => AnnotationSource)
  source: AnnotationSource;

  @Field(() => ID, { nullable: true })
  jobId: string | null;

  @Field(() => [AttributeValueType])
  attributes: AttributeValueType[];

  /** A skeleton's points; resolved by AnnotationResolver. */
  @Field(() => [AnnotationType])
  elements: AnnotationType[];

  @Field()
  occluded: boolean;

  @Field()
  outside: boolean;

  @Field(() => Int, { description: "1 when written, +1 per saveAnnotations update: an update's `version`." })
  version: number;

  @Field({
    description:
      "Committed by a run with reviewBelow and scoring under it (a skeleton's points follow it): listed by Task.reviewQueue until resolveReview or a saveAnnotations update settles it.",
  })
  needsReview: boolean;

  /** Not exposed: where `label` and `elements` are looked up. */
  taskId: string;
  labelId: string;
}

export const AnnotationConnection = relayConnection<AnnotationRoot>("Annotation", AnnotationType);
export type AnnotationConnection = InstanceType<typeof AnnotationConnection>;
