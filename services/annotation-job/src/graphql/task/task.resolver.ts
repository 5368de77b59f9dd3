import { callerTenant } from "@prelabel/service-kit";
import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import { DEFAULT_JOBS_PER_TASK, MAX_JOBS_PER_TASK, type AutoAnnotationService } from "../../application/auto-annotation.service.js";
import { toJobType } from "../auto-annotation-job/auto-annotation-job.mapper.js";
import { AutoAnnotationJobType } from "../auto-annotation-job/auto-annotation-job.type.js";
import { TaskType } from "./task.type.js";

/**
 * A task's job list, read once per operation: a nested walk (task → autoAnnotationJobs → task → …) keeps coming back to
 * the same few tasks, and must not query the database again at every level and alias. Keyed by the operation's
 * context object (a new one per operation), so nothing outlives the request.
 */
const jobListsByOperation = new WeakMap<object, Map<string, Promise<AutoAnnotationJobType[]>>>();

@Resolver(() => TaskType)
export class TaskResolver {
  constructor(private readonly jobs: AutoAnnotationService) {}

  @FieldResolver(() => [AutoAnnotationJobType], { description: "The task's automatic annotation jobs, newest first." })
  async autoAnnotationJobs(
    @Root() task: TaskType,
    @Arg("first", () => Int, {
      defaultValue: DEFAULT_JOBS_PER_TASK,
      description: `How many of the newest jobs (at most ${MAX_JOBS_PER_TASK}).`,
    })
    first: number,
    @Ctx() context: object,
  ): Promise<AutoAnnotationJobType[]> {
    let lists = jobListsByOperation.get(context);
    if (!lists) {
      lists = new Map<string, Promise<AutoAnnotationJobType[]>>();
      jobListsByOperation.set(context, lists);
    }
    const key = `${first}:${task.id}`;
    let list = lists.get(key);
    if (!list) {
      list = this.jobs.listByTask(callerTenant(context), task.id, first).then((rows) => rows.map(toJobType));
      lists.set(key, list);
    }
    return list;
  }
}
