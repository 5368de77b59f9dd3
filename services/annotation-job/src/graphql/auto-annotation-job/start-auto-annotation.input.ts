import { DEFAULT_TRACKER_OPTIONS as D } from "@prelabel/tracking";
import { Field, Float, ID, InputType, Int } from "type-graphql";
import { LabelThresholdInput, TilingInput } from "./run-options.input.js";

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

@InputType("TrackingInput", {
  description:
    "Multi-object tracking (ByteTrack): RECTANGLE, POLYGON and SKELETON results become tracks across frames at commit; results of other types stay per-frame annotations. " +
    `Omitted fields take the tracker's defaults (iouThreshold ${D.iouThreshold}, maxAge ${D.maxAge}, minHits ${D.minHits}).`,
})
export class TrackingInput {
  @Field(() => Boolean)
  enabled: boolean;

  @Field(() => Float, { nullable: true, description: "In (0, 1): minimum IoU of a detection with a track's predicted box to extend it." })
  iouThreshold?: number | null;

  @Field(() => Int, { nullable: true, description: "1..1000: frames a lost track waits for its object to reappear before it ends." })
  maxAge?: number | null;

  @Field(() => Int, { nullable: true, description: "1..100: matched frames before a track counts (shorter ones are not written)." })
  minHits?: number | null;
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

  @Field(() => [LabelThresholdInput], {
    nullable: true,
    description:
      "Per-class thresholds: a label listed keeps its shapes from its own threshold, the others from `threshold`. Not with tracking (yet).",
  })
  thresholds?: LabelThresholdInput[] | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false })
  convertMasksToPolygons?: boolean | null;

  @Field(() => Boolean, { nullable: true, defaultValue: false, description: "Replace the frames' previous annotations." })
  cleanOldAnnotations?: boolean | null;

  @Field(() => FrameRangeInput, { nullable: true, description: "Omitted: every frame of the task." })
  frameRange?: FrameRangeInput | null;

  @Field(() => TrackingInput, {
    nullable: true,
    description:
      "Omitted or disabled: every result is a per-frame annotation. Enabled: the threshold still decides where a track may start; " +
      `weaker detections (down to ${D.lowScore}, or the threshold when it is lower) only extend tracks, and results of other types are kept at the threshold as before.`,
  })
  tracking?: TrackingInput | null;

  @Field(() => TilingInput, {
    nullable: true,
    description: "Omitted: the model sees whole frames only. Not for hub models (a network call per tile) nor classification models.",
  })
  tiling?: TilingInput | null;

  @Field(() => Float, {
    nullable: true,
    description: "In (0, 1]: results scoring below it are committed flagged needsReview, with their score. Omitted: none are.",
  })
  reviewBelow?: number | null;
}
