import { Field, Int, ObjectType } from "type-graphql";
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
}

export const FrameConnection = relayConnection<FrameType>("Frame", FrameType);
export type FrameConnection = InstanceType<typeof FrameConnection>;
