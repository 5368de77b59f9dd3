import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { DEFAULT_JOBS_PER_TASK, MAX_JOBS_PER_TASK, type AutoAnnotationService } from "../../application/auto-annotation.service.js";
import { toJobType } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { AutoAnnotationJobType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { TaskType } from "./task.type.js";

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly jobs: AutoAnnotationService) {}

  @FieldResolver(() => [AutoAnnotationJobType], { description: "The task's automatic annotation jobs, newest first." })
  async autoAnnotationJobs(
    @Root() task: TaskType,
    @Arg("first", () => Int, { defaultValue: DEFAULT_JOBS_PER_TASK, description: `How many of the newest jobs (at most ${MAX_JOBS_PER_TASK}).` }) first: number,
    @Ctx() context: unknown,
  ): Promise<AutoAnnotationJobType[]> {
    return (await this.jobs.listByTask(callerTenant(context), task.id, first)).map(toJobType);
  }
}
