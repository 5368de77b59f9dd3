import { TaskErrors } from "../domain/task.errors.js";
import type { TaskRepository } from "../persistence/task.repository.js";
import type { FrameObjectCollector } from "./frame-object-collector.service.js";

/**
 * Announces a task's deletion (TaskDeleted, messaging/publishers/task-events.publisher.ts) so annotation-job keeps the
 * task's jobs readable. It runs inside the delete's transaction: when it throws, nothing is deleted.
 */
export type TaskDeletedAnnouncer = (tenantId: string, taskId: string) => Promise<void>;

export interface TaskDeletionDeps {
  tasks: Pick<TaskRepository, "delete">;
  collector: Pick<FrameObjectCollector, "collect">;
  announceTaskDeleted: TaskDeletedAnnouncer;
}

export class TaskDeletionService {
  constructor(private readonly deps: TaskDeletionDeps) {}

  /**
   * Deletes the task with its labels, frames, annotations and staged results, announcing it in the same transaction;
   * then removes the frame bytes nothing references any more (bytes are shared by content, across tasks and tenants).
   * Rows first: a crash in between leaves an orphan object for the sweep, never a row without bytes; a failed removal
   * is left for the sweep too. NOT_FOUND for an unknown id and for another tenant's task alike.
   */
  async delete(tenantId: string, taskId: string): Promise<void> {
    const objectNames = await this.deps.tasks.delete(tenantId, taskId, () => this.deps.announceTaskDeleted(tenantId, taskId));
    if (!objectNames) throw TaskErrors.taskNotFound(taskId);
    await this.deps.collector.collect(objectNames);
  }
}
