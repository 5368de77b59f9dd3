import { ack, handler, nak, type ConsumerHandle, type HandlerOutcome, type Messaging } from "@prelabel/messaging";
import { Consumers, Contracts, type FrameFailed, type FrameInferred } from "@prelabel/proto";
import { messageTenant, type Logger } from "@prelabel/service-kit";
import type { FrameOutcome } from "../../application/job-outcome.service.js";
import type { OutcomeBatcher } from "../../application/outcome.batcher.js";
import { UNKNOWN_FRAME_FAILURE } from "../../domain/frame-outcome.js";

/** Backs off while a job is still QUEUED: 250 ms, 500 ms, … up to 5 s. */
const retryDelay = (deliveryCount: number) => Math.min(250 * deliveryCount, 5_000);

type FrameReport = FrameInferred | FrameFailed;

/** Whose outcome a report is: the tenant, the job's frame and the worker, carried alike by both reports. */
const reporter = (m: FrameReport) => ({
  tenantId: messageTenant(m.tenantId),
  jobId: m.jobId,
  frame: m.frame,
  workerId: m.workerId || null,
});

/**
 * The frame-outcomes durable (`Consumers.frameOutcomes`): FrameInferred and FrameFailed. Up to `concurrency` messages
 * are held at once and their outcomes recorded in batches (OutcomeBatcher); each message is acked once its batch's
 * transaction committed, so a crash before that redelivers it (and the stored copy makes it a duplicate); for the same
 * reason the ack is not confirmed by the server.
 */
export function startFrameOutcomesConsumer(
  messaging: Messaging,
  outcomes: Pick<OutcomeBatcher, "submit">,
  logger: Logger,
  concurrency = 1_024,
): Promise<ConsumerHandle> {
  /** Records a worker's report of one frame and settles its message (redelivered later while the job is still QUEUED). */
  const record = async (outcome: FrameOutcome, deliveryCount: number, report: FrameReport): Promise<HandlerOutcome> => {
    const result = await outcomes.submit(outcome);
    if (result.kind === "retry") return nak(retryDelay(deliveryCount));
    if (result.kind === "dropped") logger.debug({ ...report, reason: result.reason }, "frame outcome dropped");
    if (result.kind === "duplicate") logger.debug(report, "duplicate frame outcome ignored");
    if (result.kind === "commit-resent") logger.info(report, "duplicate outcome of a committing job: commit sent again");
    return ack();
  };
  return messaging.consume({
    ...Consumers.frameOutcomes,
    concurrency,
    // A lost ack only redelivers an outcome that is then a duplicate: no round trip per message at 2,000 a second.
    confirmAcks: false,
    handlers: [
      handler(Contracts.frameInferred, async (m, ctx) =>
        record(
          {
            ...reporter(m),
            succeeded: true,
            shapeCount: m.shapes.length,
            droppedAttributeValues: Math.max(0, m.droppedAttributeValues),
            unmappedDetections: Math.max(0, m.unmappedDetections),
            inferenceMs: m.inferenceMs,
          },
          ctx.deliveryCount,
          m,
        ),
      ),
      handler(Contracts.frameFailed, async (m, ctx) =>
        record({ ...reporter(m), succeeded: false, code: m.code || UNKNOWN_FRAME_FAILURE, reason: m.reason }, ctx.deliveryCount, m),
      ),
    ],
    onError: (err, subject) => logger.error({ err, subject }, "frame outcome handling failed; will be redelivered"),
  });
}
