import { ack, handler, type ConsumerHandle, type Messaging } from "@prelabel/messaging";
import { Consumers, Contracts } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { StagedShape } from "../../domain/staged-shape.js";
import type { StagingRepository } from "../../persistence/staging.repository.js";
import { shapeFromWire } from "../proto.mapper.js";

/**
 * Consumers.stageResults: stages each FrameInferred once per (job, frame). Results of jobs already
 * applied or discarded, of deleted tasks, or naming a tenant the task is not, are acked and dropped.
 */
export function startStageResultsConsumer(messaging: Messaging, staging: StagingRepository, logger: Logger): Promise<ConsumerHandle> {
  return messaging.consume({
    ...Consumers.stageResults,
    // Staging is one short transaction per frame under a shared lock: several at once keep up with many workers.
    concurrency: 16,
    // Staged once per (job, frame): a lost ack only redelivers a duplicate, so no confirmation round trip per frame.
    confirmAcks: false,
    onError: (err, subject) => logger.error({ err, subject }, "staging a frame result failed; it will be redelivered"),
    handlers: [
      handler(Contracts.frameInferred, async (message) => {
        const shapes = message.shapes.map(shapeFromWire).filter((s): s is StagedShape => s !== null);
        const outcome = await staging.stage(messageTenant(message.tenantId), message.jobId, message.taskId, message.frame, shapes);
        const log = { jobId: message.jobId, taskId: message.taskId, frame: message.frame, shapes: shapes.length };
        if (outcome === "staged") logger.debug(log, "frame result staged");
        else logger.info({ ...log, outcome }, "frame result not staged");
        return ack();
      }),
    ],
  });
}
