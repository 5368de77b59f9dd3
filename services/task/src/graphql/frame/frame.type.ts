import { Field, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type.js";

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

@ObjectType("FrameEdge")
export class FrameEdge {
  @Field(() => FrameType)
  node: FrameType;

  @Field()
  cursor: string;
}

@ObjectType("FrameConnection")
export class FrameConnection {
  @Field(() => [FrameEdge])
  edges: FrameEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}
