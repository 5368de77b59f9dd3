import { callerTenant } from "@prelabel/service-kit";
import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { AutoAnnotationService } from "../../application/auto-annotation.service.js";
import { toJobType } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { AutoAnnotationJobType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { TaskType } from "./task.type.js";

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly jobs: AutoAnnotationService) {}

  @FieldResolver(() => [AutoAnnotationJobType], { description: "The task's automatic annotation jobs, newest first." })
  async autoAnnotationJobs(@Root() task: TaskType, @Ctx() context: unknown): Promise<AutoAnnotationJobType[]> {
    return (await this.jobs.listByTask(callerTenant(context), task.id)).map(toJobType);
  }
}
