import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { TaskDirectory } from "../clients/task-directory.client.js";
import type { EvaluationRepository } from "../domain/evaluation.repository.js";
import type { JobRepository } from "../domain/job.repository.js";

/**
 * How many times a TaskDeleted is checked against a task that still exists before it is dropped. The task service
 * publishes it inside the delete's transaction, so the first check may come before the commit (retry) or after a
 * rollback (the task stays: drop it). At one check a second, a commit has half a minute to land.
 */
export const TASK_DELETED_MAX_CHECKS = 30;
export const TASK_DELETED_RECHECK_MS = 1_000;
/** Between tries while the task service does not answer. */
export const TASK_SERVICE_RETRY_MS = 5_000;

/** What to do with a TaskDeleted message. */
export type TaskDeletedResult =
  | { kind: "recorded"; jobs: number; evaluations: number }
  | { kind: "retry"; delayMs: number; reason: string }
  | { kind: "dropped"; reason: string };

/**
 * Keeps job history readable after its task goes: on TaskDeleted, once describe-task confirms the task is gone
 * (NOT_FOUND), the tenant's jobs of that task are marked, and their `task` reads null instead of an entity the task
 * subgraph can no longer resolve. Its evaluations are deleted: they describe the task's annotations, which are gone.
 */
export class TaskDeletionService {
  constructor(
    private readonly deps: {
      jobs: Pick<JobRepository, "markTaskDeleted">;
      tasks: Pick<TaskDirectory, "describeTask">;
      evaluations?: Pick<EvaluationRepository, "deleteByTask">;
    },
  ) {}

  async onTaskDeleted(tenantId: string, taskId: string, deliveryCount: number): Promise<TaskDeletedResult> {
    try {
      await this.deps.tasks.describeTask(tenantId, taskId);
    } catch (err) {
      if (err instanceof AppError && err.code === ErrorCode.NotFound) {
        const jobs = await this.deps.jobs.markTaskDeleted(tenantId, taskId);
        const evaluations = (await this.deps.evaluations?.deleteByTask(tenantId, taskId)) ?? 0;
        return { kind: "recorded", jobs, evaluations };
      }
      return { kind: "retry", delayMs: TASK_SERVICE_RETRY_MS, reason: err instanceof Error ? err.message : String(err) };
    }
    if (deliveryCount >= TASK_DELETED_MAX_CHECKS) return { kind: "dropped", reason: "the task still exists: its delete did not commit" };
    return { kind: "retry", delayMs: TASK_DELETED_RECHECK_MS, reason: "the task still exists (its delete has not committed yet)" };
  }
}
