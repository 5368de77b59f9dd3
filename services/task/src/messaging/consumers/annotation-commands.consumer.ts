import { ack, handler, nak, type ConsumerHandle, type Messaging } from "@prelabel/messaging";
import { Consumers, Contracts } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { StagingRepository } from "../../persistence/staging.repository.js";
import { toTrackingSettings } from "../proto.mapper.js";
import type { AnnotationOutcomes } from "../publishers/annotation-outcomes.publisher.js";

/** Retry delay while a commit waits for its last frames to be staged. */
export const COMMIT_RETRY_MS = 300;
/** After this many deliveries the wait backs off, so a stuck commit does not spin. */
const PATIENT_AFTER_DELIVERIES = 50;
const PATIENT_RETRY_MS = 2_000;

/**
 * Consumers.annotationCommands: CommitAnnotations and DiscardAnnotations, each idempotent.
 * The outcome event is published after the transaction, then the command is acked; a crash in
 * between redelivers the command, which finds the job settled and publishes again (same msg id).
 */
export function startAnnotationCommandsConsumer(
  messaging: Messaging,
  staging: StagingRepository,
  outcomes: AnnotationOutcomes,
  logger: Logger,
): Promise<ConsumerHandle> {
  return messaging.consume({
    ...Consumers.annotationCommands,
    concurrency: 2,
    onError: (err, subject) => logger.error({ err, subject }, "annotation command failed; it will be redelivered"),
    handlers: [
      handler(Contracts.commitAnnotations, async (command, ctx) => {
        const tenantId = messageTenant(command.tenantId);
        const log = { jobId: command.jobId, taskId: command.taskId, tenantId, delivery: ctx.deliveryCount };
        const outcome = await staging.commit({
          tenantId,
          jobId: command.jobId,
          taskId: command.taskId,
          cleanOldAnnotations: command.cleanOldAnnotations,
          succeededFrames: command.succeededFrames,
          frameStart: command.frameStart,
          frameStop: command.frameStop,
          tracking: toTrackingSettings(command.tracking),
          reviewBelow: command.reviewBelow ?? null,
        });
        switch (outcome.kind) {
          case "waiting": {
            const patient = ctx.deliveryCount > PATIENT_AFTER_DELIVERIES;
            if (patient && ctx.deliveryCount % 10 === 0)
              logger.warn({ ...log, missing: outcome.missingFrames.slice(0, 20) }, "commit still waiting for staged frames");
            else logger.debug({ ...log, missing: outcome.missingFrames.length }, "commit waits for staged frames");
            return nak(patient ? PATIENT_RETRY_MS : COMMIT_RETRY_MS);
          }
          case "discarded":
            logger.warn(log, "commit for a discarded job ignored");
            return ack();
          case "foreign":
            logger.error(log, "commit names a task of another tenant: ignored");
            return ack();
          case "applied":
          case "already-applied":
            if (outcome.kind === "applied") logger.info({ ...log, ...outcome }, "annotations committed");
            await outcomes.committed(tenantId, command.jobId, command.taskId, outcome);
            return ack();
        }
      }),
      handler(Contracts.discardAnnotations, async (command) => {
        const tenantId = messageTenant(command.tenantId);
        const log = { jobId: command.jobId, taskId: command.taskId, tenantId };
        const outcome = await staging.discard(tenantId, command.jobId, command.taskId);
        if (outcome.kind === "foreign") {
          logger.error(log, "discard names a task of another tenant: ignored");
          return ack();
        }
        if (outcome.kind === "already-applied") {
          // Too late to discard: the annotations are in. Say what really happened.
          logger.warn(log, "discard for an applied job; re-announcing the commit");
          await outcomes.committed(tenantId, command.jobId, command.taskId, outcome);
          return ack();
        }
        logger.info({ ...log, ...outcome }, "staged results discarded");
        await outcomes.discarded(tenantId, command.jobId, command.taskId);
        return ack();
      }),
    ],
  });
}
