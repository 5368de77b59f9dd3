import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { PageInfo } from "../common/page-info.type.js";
import { LabelType } from "../label/label.type.js";

/** The federated entity: other subgraphs extend it by id (annotation-job adds autoAnnotationJobs). */
@Directive('@key(fields: "id")')
@ObjectType("Task")
export class TaskType {
  @Field(() => ID)
  id: string;

  @Field()
  name: string;

  /** Resolved by TaskResolver. */
  @Field(() => [LabelType])
  labels: LabelType[];

  @Field(() => Int, { description: "Number of frames; indexes run from 0 to size - 1." })
  size: number;

  @Field(() => Date)
  createdAt: Date;
}

/** What resolvers pass around for a task: the row, without the resolved fields. */
export type TaskRoot = Pick<TaskType, "id" | "name" | "size" | "createdAt">;

@ObjectType("TaskEdge")
export class TaskEdge {
  @Field(() => TaskType)
  node: TaskRoot;

  @Field()
  cursor: string;
}

@ObjectType("TaskConnection")
export class TaskConnection {
  @Field(() => [TaskEdge])
  edges: TaskEdge[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  /** Counted only when asked for. */
  @Field(() => Int)
  get totalCount(): Promise<number> {
    return this.countTotal();
  }

  constructor(
    edges: TaskEdge[],
    pageInfo: PageInfo,
    private readonly countTotal: () => Promise<number>,
  ) {
    this.edges = edges;
    this.pageInfo = pageInfo;
  }
}
