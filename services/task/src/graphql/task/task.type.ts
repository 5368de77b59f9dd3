import { Directive, Field, ID, Int, ObjectType } from "type-graphql";
import { relayConnection } from "../common/connection.type.js";
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

  @Field(() => Int, {
    description:
      "Changes to the task's annotations so far (every saveAnnotations, job commit and import adds one): saveAnnotations' expectedVersion.",
  })
  annotationsVersion: number;

  @Field(() => Date)
  createdAt: Date;
}

/** What resolvers pass around for a task: the row, without the resolved fields. */
export type TaskRoot = Pick<TaskType, "id" | "name" | "size" | "annotationsVersion" | "createdAt">;

export const TaskConnection = relayConnection<TaskRoot>("Task", TaskType);
export type TaskConnection = InstanceType<typeof TaskConnection>;
