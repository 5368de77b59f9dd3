import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import type { TileMerge } from "../../domain/tiling.js";
import { TileMergeEnum } from "./run-options.input.js";

@ObjectType("LabelThreshold", { description: "A task label's own confidence threshold." })
export class LabelThresholdType {
  @Field(() => ID)
  taskLabelId: string;

  @Field({ description: "The task label's name." })
  taskLabel: string;

  @Field(() => Float)
  threshold: number;
}

@ObjectType("Tiling", { description: "The tiling a run uses (defaults filled in)." })
export class TilingType {
  @Field(() => Int)
  tileSize: number;

  @Field(() => Float)
  overlap: number;

  @Field(() => TileMergeEnum)
  merge: TileMerge;
}
