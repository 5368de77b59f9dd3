import { Field, Float, ID, InputType, Int } from "type-graphql";
import { ShapeType } from "../common/enums.js";

@InputType("MaskRleInput", {
  description: "CVAT's mask convention: run lengths over the inclusive box's pixels, row-major, background first.",
})
export class MaskRleInput {
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

@InputType("AttributeValueInput")
export class AttributeValueInput {
  @Field()
  name: string;

  @Field()
  value: string;
}

@InputType("SkeletonPointInput", { description: "One of a skeleton's points: a sublabel of its label and one point [x, y]." })
export class SkeletonPointInput {
  @Field(() => ID)
  labelId: string;

  @Field(() => [Float])
  points: number[];

  @Field(() => [AttributeValueInput], { nullable: true })
  attributes?: AttributeValueInput[] | null;

  @Field(() => Boolean, { nullable: true })
  occluded?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  outside?: boolean | null;
}

/** The shape fields an annotation is made of (no GraphQL type of its own); creates add the frame, updates the id and version. */
@InputType("ShapeInput")
export abstract class ShapeInput {
  @Field(() => ID, { description: "A top-level label of the task." })
  labelId: string;

  @Field(() => ShapeType, { nullable: true, description: "Default: the label's type. Required for an ANY label." })
  type?: ShapeType | null;

  @Field(() => [Float], {
    nullable: true,
    description:
      "Flat [x1, y1, x2, y2, …] in pixels; RECTANGLE two corners, POLYGON ≥ 3 points, POLYLINE ≥ 2, POINTS ≥ 1; none for MASK, SKELETON and TAG. Clipped to the frame.",
  })
  points?: number[] | null;

  @Field(() => MaskRleInput, { nullable: true, description: "MASK only." })
  mask?: MaskRleInput | null;

  @Field(() => [AttributeValueInput], { nullable: true })
  attributes?: AttributeValueInput[] | null;

  @Field(() => Boolean, { nullable: true })
  occluded?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  outside?: boolean | null;

  @Field(() => [SkeletonPointInput], { nullable: true, description: "SKELETON only: its points, one per sublabel used." })
  elements?: SkeletonPointInput[] | null;
}

@InputType("AnnotationInput")
export class AnnotationInput extends ShapeInput {
  @Field(() => Int)
  frame: number;
}

@InputType("AnnotationUpdateInput", {
  description:
    "A whole new shape for an existing top-level annotation; its frame stays. An AUTO annotation becomes MANUAL and keeps its score.",
})
export class AnnotationUpdateInput extends ShapeInput {
  @Field(() => ID)
  id: string;

  @Field(() => Int, { nullable: true, description: "The annotation's version as read; a different one is CONFLICT. Omitted: not checked." })
  version?: number | null;
}

@InputType("SaveAnnotationsInput")
export class SaveAnnotationsInput {
  @Field(() => Int, {
    nullable: true,
    description: "The task's annotationsVersion as read; a different one is CONFLICT (nothing saved). Omitted: not checked.",
  })
  expectedVersion?: number | null;

  @Field(() => [AnnotationInput], { nullable: true })
  create?: AnnotationInput[] | null;

  @Field(() => [AnnotationUpdateInput], { nullable: true })
  update?: AnnotationUpdateInput[] | null;

  @Field(() => [ID], { nullable: true, description: "Top-level annotations to delete (a skeleton with its points)." })
  delete?: string[] | null;
}
