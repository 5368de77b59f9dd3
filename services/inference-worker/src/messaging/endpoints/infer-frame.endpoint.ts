import type { Subscription } from "@nats-io/transport-node";
import { EndpointError, type Messaging } from "@prelabel/messaging";
import {
  create,
  Endpoints,
  FrameFailedSchema,
  FrameFailureCode,
  FrameInferredSchema,
  InferFrameReplySchema,
  type InferFrame,
  type InferFrameReply,
} from "@prelabel/proto";
import { ErrorCode } from "@prelabel/service-kit";
import type { Logger } from "pino";
import type { PublicFrameFailureCode } from "../../inference/index.js";
import { frameRunner, type FrameInferencePorts } from "../consumers/infer-frames.consumer.js";

/** The longest a request may ask the worker to spend on its frame; also the wait of a request that names none. */
export const MAX_INFER_FRAME_TIMEOUT_MS = 10 * 60_000;
export const DEFAULT_INFER_FRAME_TIMEOUT_MS = 60_000;

export interface InferFrameEndpointOptions {
  workerId: string;
  /**
   * Request/reply frames this worker takes at once; more are answered WORKER_BUSY at once. They share the runners with
   * the work queue's frames in arrival order (the pool is first come, first served), so a bound here bounds how long a
   * job's frame can wait behind them.
   */
  maxConcurrent: number;
  logger: Logger;
}

export interface InferFrameEndpoint {
  readonly subscription: Subscription;
  /** Requests being answered now. */
  inFlight(): number;
}

/**
 * Answers `inference.v1.infer-frame` (queue group `inference-worker`): one frame run exactly as the work-queue consumer
 * runs it (frameRunner: read, the tenant's model, decode, inference within the model's budget, mapping), answered
 * instead of published: nothing reaches ANNOTATION_EVT, so nothing is staged or counted in a job. A frame has one
 * attempt (what the consumer would retry fails with its code) and at most `timeout_ms`: past it the frame is abandoned
 * (a runner running it is replaced) and answered INFERENCE_TIMEOUT.
 */
export function serveInferFrame(messaging: Messaging, ports: FrameInferencePorts, options: InferFrameEndpointOptions): InferFrameEndpoint {
  const { logger, workerId } = options;
  let inFlight = 0;

  const failed = (job: InferFrame, code: PublicFrameFailureCode, reason: string): InferFrameReply =>
    create(InferFrameReplySchema, {
      outcome: { case: "failed", value: create(FrameFailedSchema, { ...frameOf(job), code, reason, workerId }) },
    });

  const answer = async (job: InferFrame, timeoutMs: number): Promise<InferFrameReply> => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), timeoutMs);
    // The request's deadline plays the part of a job's cancel: checked before each step, and it aborts the running frame.
    const run = frameRunner(
      { ...ports, isCancelled: () => deadline.signal.aborted, cancelSignal: () => ({ signal: deadline.signal, release: () => undefined }) },
      logger,
    );
    try {
      const outcome = await run(job, { deliveryCount: 1, final: true });
      switch (outcome.kind) {
        case "inferred": {
          const { mapped, inferenceMs, decodeMs } = outcome;
          ports.onFrame?.({ jobId: job.jobId, model: job.model?.id ?? "", ok: true, inferenceMs, decodeMs });
          const inferred = create(FrameInferredSchema, {
            ...frameOf(job),
            shapes: mapped.shapes,
            droppedAttributeValues: mapped.droppedAttributeValues,
            unmappedDetections: mapped.unmappedDetections,
            inferenceMs,
            workerId,
          });
          return create(InferFrameReplySchema, { outcome: { case: "inferred", value: inferred }, decodeMs, inferenceMs });
        }
        case "failed":
          ports.onFrame?.({ jobId: job.jobId, model: job.model?.id ?? "", ok: false, inferenceMs: 0, decodeMs: 0 });
          return failed(job, outcome.code, outcome.reason);
        case "dropped":
          return failed(job, FrameFailureCode.INFERENCE_TIMEOUT, `frame ${job.frame} did not finish within the request's ${timeoutMs} ms`);
        case "retry":
          // A final attempt never asks for another; kept total for the type's sake.
          return failed(job, FrameFailureCode.INFERENCE_ERROR, `frame ${job.frame} could not be run now; try again`);
      }
    } finally {
      clearTimeout(timer);
    }
  };

  const subscription = messaging.serve(
    Endpoints.inferFrame,
    async (request) => {
      const job = request.frame;
      if (!job) throw new EndpointError(ErrorCode.BadUserInput, "an infer-frame request names no frame");
      if (inFlight >= options.maxConcurrent) {
        return failed(
          job,
          FrameFailureCode.WORKER_BUSY,
          `worker ${workerId} already runs ${inFlight} request/reply frames, the most it takes at once; ask again`,
        );
      }
      const timeoutMs = request.timeoutMs > 0 ? Math.min(request.timeoutMs, MAX_INFER_FRAME_TIMEOUT_MS) : DEFAULT_INFER_FRAME_TIMEOUT_MS;
      inFlight++;
      try {
        return await answer(job, timeoutMs);
      } finally {
        inFlight--;
      }
    },
    (err) => logger.error({ err }, "infer-frame failed"),
  );
  return { subscription, inFlight: () => inFlight };
}

/** Which frame an answer is about, as its InferFrame named it. */
const frameOf = (job: InferFrame) => ({ jobId: job.jobId, taskId: job.taskId, tenantId: job.tenantId, frame: job.frame });
