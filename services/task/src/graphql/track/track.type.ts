import { ArgsType, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { AttributeValueType } from "../annotation/annotation.type.js";
import { relayConnection } from "../common/connection.type.js";
import { AnnotationSource, ShapeType } from "../common/enums.js";
import { LabelType } from "../label/label.type.js";
import { MAX_TRACK_SHAPES_PER_OPERATION } from "../../domain/track.js";
import type { TrackRoot } from "./track.mapper.js";

@ObjectType("TrackShapeElement", { description: "A skeleton point of a track shape." })
export class TrackShapeElementType {
  /** Resolved by TrackShapeElementResolver from the task's label tree. */
  @Field(() => LabelType)
  label: LabelType;

  @Field(() => [Float])
  points: number[];

  @Field()
  outside: boolean;

  @Field()
  occluded: boolean;

  /** Not exposed: where `label` is looked up. */
  taskId: string;
  labelId: string;
}

@ObjectType("TrackShape", { description: "A track's shape on one frame." })
export class TrackShapeType {
  @Field(() => Int)
  frame: number;

  @Field(() => ShapeType)
  type: ShapeType;

  @Field(() => [Float])
  points: number[];

  @Field({ description: "Stored (a matched detection, or where the track ends); false for a shape interpolated between two." })
  keyframe: boolean;

  @Field({ description: "The object is out of view from this frame until the next keyframe that is not outside." })
  outside: boolean;

  @Field()
  occluded: boolean;

  @Field(() => Float, { nullable: true, description: "The detection's score on a matched keyframe; null otherwise." })
  score: number | null;

  @Field(() => [TrackShapeElementType], { description: "A skeleton's points; empty for other types." })
  elements: TrackShapeElementType[];
}

@ObjectType("Track", {
  description: "One object followed across frames (CVAT's track): its label and attributes, and its shapes by frame.",
})
export class TrackType {
  @Field(() => ID)
  id: string;

  /** Resolved by TrackResolver from the task's label tree. */
  @Field(() => LabelType)
  label: LabelType;

  @Field(() => [AttributeValueType])
  attributes: AttributeValueType[];

  @Field(() => AnnotationSource)
  source: AnnotationSource;

  @Field(() => ID, { nullable: true, description: "The auto-annotation job that wrote it." })
  jobId: string | null;

  @Field(() => Int, { description: "The first frame the object is visible on." })
  startFrame: number;

  @Field(() => Int, { description: "The last frame the object is visible on (an outside keyframe may follow it)." })
  endFrame: number;

  /** Resolved by TrackResolver (keyframes batched per request). */
  @Field(() => [TrackShapeType], {
    description:
      "interpolated false: the keyframes only. true: one shape per frame from startFrame to endFrame, points moved linearly between consecutive keyframes (held when their point counts differ), none while the track is outside. " +
      `One operation returns at most ${MAX_TRACK_SHAPES_PER_OPERATION} track shapes (TOO_MANY_TRACK_SHAPES past it).`,
  })
  shapes: TrackShapeType[];

  /** Not exposed: where `label` is looked up. */
  taskId: string;
  labelId: string;
}

export const TrackConnection = relayConnection<TrackRoot>("Track", TrackType);
export type TrackConnection = InstanceType<typeof TrackConnection>;

@ArgsType()
export class TrackPageArgs {
  @Field(() => Int, { nullable: true, description: "Only tracks visible at this frame (startFrame <= frame <= endFrame)." })
  frame?: number | null;

  @Field(() => Int, { nullable: true, defaultValue: 100, description: "At most 500." })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
