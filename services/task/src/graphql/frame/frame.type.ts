import { Field, Float, Int, ObjectType } from "type-graphql";
import type { Frame } from "../../domain/task.js";
import { relayConnection } from "../common/connection.type.js";

@ObjectType("Frame")
export class FrameType {
  @Field(() => Int)
  index: number;

  @Field()
  name: string;

  @Field(() => Int, { nullable: true, description: "Null when the bytes are not a readable image." })
  width: number | null;

  @Field(() => Int, { nullable: true })
  height: number | null;

  @Field(() => Int)
  sizeBytes: number;

  @Field(() => Float, { nullable: true, description: "The frame's presentation time in its video, in seconds; null for images." })
  timestampSeconds?: number | null;
}

/** What resolvers pass around for a frame: the stored row (FrameResolver reads its bytes by `objectName`). */
export type FrameRoot = Frame;

@ObjectType("FrameImage", { description: "A frame's pixels as shown: EXIF-rotated, fit inside maxSize × maxSize, never enlarged." })
export class FrameImageType {
  @Field({ description: "`data:<mimeType>;base64,…`, for an <img> src." })
  dataUrl: string;

  @Field(() => Int)
  width: number;

  @Field(() => Int)
  height: number;

  @Field({ description: "image/png when the frame has an alpha channel, else image/jpeg." })
  mimeType: string;
}

export const FrameConnection = relayConnection<FrameRoot>("Frame", FrameType);
export type FrameConnection = InstanceType<typeof FrameConnection>;
