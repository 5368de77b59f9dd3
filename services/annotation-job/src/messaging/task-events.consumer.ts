import { ack, handler, type ConsumerHandle, type Messaging } from "@prelabel/messaging";
import { Contracts } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { JobOutcomeService } from "../application/job-outcome.service.js";
import { Durables, Streams } from "./topology.js";

/** `annotation-job--task-events` on TASK_EVT: AnnotationsCommitted → COMPLETED, AnnotationsDiscarded → CANCELLED. */
export function startTaskEventsConsumer(messaging: Messaging, outcomes: JobOutcomeService, logger: Logger, concurrency = 4): Promise<ConsumerHandle> {
  return messaging.consume({
    stream: Streams.taskEvents,
    durable: Durables.taskEvents,
    concurrency,
    handlers: [
      handler(Contracts.annotationsCommitted, async (m) => {
        await outcomes.onCommitted(messageTenant(m.tenantId), m.jobId);
        return ack();
      }),
      handler(Contracts.annotationsDiscarded, async (m) => {
        await outcomes.onDiscarded(messageTenant(m.tenantId), m.jobId);
        return ack();
      }),
    ],
    onError: (err, subject) => logger.error({ err, subject }, "task event handling failed; will be redelivered"),
  });
}
