import type { Messaging } from "@prelabel/messaging";
import { Contracts, create } from "@prelabel/proto";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import type { TaskDeletedAnnouncer } from "../../application/task-deletion.service.js";

/**
 * Publishes TaskDeleted (on Streams.taskEvents). Called inside the delete's transaction: when NATS does not take it,
 * the delete rolls back (SERVICE_UNAVAILABLE, the task is intact) rather than leave jobs pointing at a task nobody
 * announced gone. No de-duplication id: a repeated announcement is harmless, one swallowed after a rolled-back delete
 * would not be.
 */
export function taskDeletedAnnouncer(messaging: Pick<Messaging, "publish">): TaskDeletedAnnouncer {
  return async (tenantId, taskId) => {
    try {
      await messaging.publish(Contracts.taskDeleted, create(Contracts.taskDeleted.schema, { taskId, tenantId }));
    } catch (err) {
      throw new AppError(
        ErrorCode.ServiceUnavailable,
        "The task could not be deleted right now (messaging unavailable); nothing was changed, try again shortly",
        undefined,
        {
          cause: err,
        },
      );
    }
  };
}
