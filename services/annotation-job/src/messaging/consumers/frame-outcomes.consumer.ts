import { ack, handler, nak, type ConsumerHandle, type HandlerOutcome, type Messaging } from "@prelabel/messaging";
import { Consumers, Contracts } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { JobOutcomeService, OutcomeResult } from "../../application/job-outcome.service.js";
import { UNKNOWN_FRAME_FAILURE } from "../../domain/frame-outcome.js";

/** Backs off while a job is still QUEUED: 250 ms, 500 ms, … up to 5 s. */
const retryDelay = (deliveryCount: number) => Math.min(250 * deliveryCount, 5_000);

/** The frame-outcomes durable (`Consumers.frameOutcomes`): FrameInferred and FrameFailed. */
export function startFrameOutcomesConsumer(
  messaging: Messaging,
  outcomes: JobOutcomeService,
  logger: Logger,
  concurrency = 8,
): Promise<ConsumerHandle> {
  const settle = (result: OutcomeResult, deliveryCount: number, ids: { jobId: string; frame: number }): HandlerOutcome => {
    if (result.kind === "retry") return nak(retryDelay(deliveryCount));
    if (result.kind === "dropped") logger.debug({ ...ids, reason: result.reason }, "frame outcome dropped");
    if (result.kind === "duplicate") logger.debug(ids, "duplicate frame outcome ignored");
    return ack();
  };
  return messaging.consume({
    ...Consumers.frameOutcomes,
    concurrency,
    handlers: [
      handler(Contracts.frameInferred, async (m, ctx) =>
        settle(
          await outcomes.recordOutcome({
            tenantId: messageTenant(m.tenantId),
            jobId: m.jobId,
            frame: m.frame,
            succeeded: true,
            shapeCount: m.shapes.length,
            droppedAttributeValues: Math.max(0, m.droppedAttributeValues),
            inferenceMs: m.inferenceMs,
            workerId: m.workerId || null,
          }),
          ctx.deliveryCount,
          m,
        ),
      ),
      handler(Contracts.frameFailed, async (m, ctx) =>
        settle(
          await outcomes.recordOutcome({
            tenantId: messageTenant(m.tenantId),
            jobId: m.jobId,
            frame: m.frame,
            succeeded: false,
            code: m.code || UNKNOWN_FRAME_FAILURE,
            reason: m.reason,
            workerId: m.workerId || null,
          }),
          ctx.deliveryCount,
          m,
        ),
      ),
    ],
    onError: (err, subject) => logger.error({ err, subject }, "frame outcome handling failed; will be redelivered"),
  });
}
