import { Directive, Field, ID, ObjectType } from "type-graphql";

/** A task, owned by the task subgraph; this subgraph contributes `autoAnnotationJobs`. */
@Directive('@key(fields: "id")')
@ObjectType("Task")
export class TaskType {
  @Field(() => ID)
  id: string;
}
