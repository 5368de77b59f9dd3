import { ack, handler, nak, type ConsumerHandle, type Messaging } from "@prelabel/messaging";
import { Consumers, Contracts } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { JobOutcomeService } from "../../application/job-outcome.service.js";
import type { TaskDeletionService } from "../../application/task-deletion.service.js";

/**
 * The task-events durable (`Consumers.taskEvents`): AnnotationsCommitted → COMPLETED, AnnotationsDiscarded → CANCELLED,
 * TaskDeleted → the task's jobs read `task: null`.
 */
export function startTaskEventsConsumer(
  messaging: Messaging,
  outcomes: JobOutcomeService,
  deletions: TaskDeletionService,
  logger: Logger,
  concurrency = 4,
): Promise<ConsumerHandle> {
  return messaging.consume({
    ...Consumers.taskEvents,
    concurrency,
    handlers: [
      handler(Contracts.annotationsCommitted, async (m) => {
        await outcomes.onCommitted(messageTenant(m.tenantId), m.jobId, { trackCount: m.trackCount, reviewCount: m.reviewCount });
        return ack();
      }),
      handler(Contracts.annotationsDiscarded, async (m) => {
        await outcomes.onDiscarded(messageTenant(m.tenantId), m.jobId);
        return ack();
      }),
      handler(Contracts.taskDeleted, async (m, ctx) => {
        const result = await deletions.onTaskDeleted(messageTenant(m.tenantId), m.taskId, ctx.deliveryCount);
        const log = { taskId: m.taskId, tenantId: messageTenant(m.tenantId), delivery: ctx.deliveryCount };
        if (result.kind === "retry") return nak(result.delayMs);
        if (result.kind === "dropped") logger.warn({ ...log, reason: result.reason }, "task deletion ignored");
        else
          logger.info(
            { ...log, jobs: result.jobs, evaluations: result.evaluations },
            "task deleted: its jobs keep their history, its evaluations go",
          );
        return ack();
      }),
    ],
    onError: (err, subject) => logger.error({ err, subject }, "task event handling failed; will be redelivered"),
  });
}
