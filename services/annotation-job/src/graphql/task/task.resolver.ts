import { FieldResolver, Resolver, Root } from "type-graphql";
import type { AutoAnnotationService } from "../../application/auto-annotation.service.js";
import { toJobType } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { AutoAnnotationJobType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { TaskType } from "./task.type.js";

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly jobs: AutoAnnotationService) {}

  @FieldResolver(() => [AutoAnnotationJobType], { description: "The task's automatic annotation jobs, newest first." })
  async autoAnnotationJobs(@Root() task: TaskType): Promise<AutoAnnotationJobType[]> {
    return (await this.jobs.listByTask(task.id)).map(toJobType);
  }
}
