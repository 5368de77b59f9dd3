import { ack, handler, nak, type ConsumerHandle, type Messaging, type MessageHandler } from "@prelabel/messaging";
import { Consumers, Contracts, FrameFailureCode, type InferFrame } from "@prelabel/proto";
import { withSpan } from "@prelabel/observability";
import { messageTenant } from "@prelabel/service-kit";
import type { Logger } from "pino";
import type { MappedFrame } from "../../domain/label-mapper.js";
import {
  FrameFailure,
  isFrameDecodeErrorCode,
  ModelError,
  ModelErrorCode,
  type Detection,
  type FrameStages,
  type PublicFrameFailureCode,
  type TilingSpec,
} from "../../inference/index.js";
import type { FrameOutcomePublisher } from "../publishers/frame-outcome.publisher.js";
import { detectInProcess, frameRunOptions, frameShapes } from "./infer-frame.options.js";

/** A decoded RGB frame as models consume it. */
export interface DecodedFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A model run in this process (hub models: network calls that do not hold the event loop). */
export interface FrameModel {
  /** false: the model is not run per tile (a hub model: one paid network call per tile); it sees the whole frame only. */
  readonly tileable?: boolean;
  detect(
    image: DecodedFrame,
    options: {
      threshold: number;
      returnMasks: boolean;
      encoded?: Uint8Array;
      candidateLabels?: readonly string[];
      /** Aborted when the job is cancelled: network models (hubs, Nuclio) abandon their call. */
      signal?: AbortSignal;
    },
  ): Promise<Detection[]>;
}

/**
 * A model run in the worker's runner processes: the stored frame goes there, is decoded and inferred within the
 * model's time budget (FrameFailure INFERENCE_TIMEOUT over it), and `signal` abandons it (an InferenceAbortedError).
 * Bad frames reject with a FrameDecodeError, loads that fail with ModelError MODEL_LOAD_FAILED.
 */
export interface IsolatedFrameModel {
  readonly isolated: true;
  infer(
    frame: Uint8Array,
    options: { threshold: number; returnMasks: boolean; candidateLabels?: readonly string[]; tiling?: TilingSpec },
    signal?: AbortSignal,
  ): Promise<{ detections: Detection[]; decodeMs: number; inferenceMs: number; stages?: FrameStages }>;
}

/** One published outcome as the metrics see it. */
export interface FrameOutcomeReport {
  jobId: string;
  /** The frame's model id. */
  model: string;
  ok: boolean;
  /** The model's whole time on the frame; 0 for failures. */
  inferenceMs: number;
  /** 0 for failures. */
  decodeMs: number;
  /** The model's time split around onnxruntime's session.run (models run in runner processes only). */
  stages?: FrameStages;
}

/** Everything the consumer needs, behind small interfaces so it can be driven in tests. */
export interface FrameInferencePorts {
  readFrame(objectName: string): Promise<Uint8Array | null>;
  /** Throws an error carrying a stable `code` (EMPTY_IMAGE, NOT_AN_IMAGE, CORRUPT_IMAGE, IMAGE_TOO_LARGE) for bad frames. */
  decode(bytes: Uint8Array): Promise<DecodedFrame>;
  /** Resolves the model a frame names (id and runtime), or undefined when this worker cannot run it. */
  /** The model as the frame's tenant sees it (the catalog and that tenant's own models). */
  model(tenantId: string, ref: { id: string; runtime: string }): Promise<FrameModel | IsolatedFrameModel | undefined>;
  isCancelled(jobId: string): boolean;
  /** A failure to report at once, before reading anything: the (tenant, model) fails fast after repeated timeouts. */
  fastFailure?(tenantId: string, modelId: string): FrameFailure | undefined;
  /** Aborts when the job is cancelled (while its frame runs); `release` when the frame is done with it. */
  cancelSignal?(jobId: string): { signal: AbortSignal; release(): void };
  /** Called once per published outcome (inferred or failed). */
  onFrame?(outcome: FrameOutcomeReport): void;
}

/**
 * A frame whose reading, model loading or inference keeps failing is reported as failed by the worker, with
 * its own code and reason. Frames that never come back at all (every worker taking them crashed) reach the
 * consumer's max_deliver (5); annotation-job fails those as FRAME_UNPROCESSABLE from the server's advisory.
 */
const MAX_ATTEMPTS = 3;
const retryDelayMs = (deliveryCount: number) => 250 * deliveryCount;
/**
 * A FrameFailure asking for a requeue (a hub's rate limit) is put back at most until this delivery; from it on
 * the frame fails with the failure's code. One below the consumer's max_deliver (5, infra/nats/topology.json),
 * so the server never drops a frame without an outcome.
 */
const LAST_REQUEUE_DELIVERY = 3;
/** Longest requeue delay: a hub asking for longer is told no by failing the frame on its last delivery. */
const MAX_REQUEUE_MS = 5 * 60_000;

/** An error's message followed by its causes' ("model x failed to load: artifact y has sha256 …"): the reason users see. */
function withCauses(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (!parts.includes(e.message)) parts.push(e.message);
  }
  return parts.join(": ") || String(err);
}

/**
 * Pulls InferFrame commands from the workers' share of the work queue (Consumers.inferFrames), `concurrency` at a time.
 * Inference leaves the event loop free: a streaming pull would keep fetching frames the slots cannot take yet.
 */
export function startInferFramesConsumer(
  messaging: Messaging,
  frames: MessageHandler,
  options: { concurrency: number; logger: Logger },
): Promise<ConsumerHandle> {
  return messaging.consume({
    ...Consumers.inferFrames,
    concurrency: options.concurrency,
    pull: "free-slots",
    onError: (err, subject) => options.logger.error({ err, subject }, "frame handler failed; message will be redelivered"),
    handlers: [frames],
  });
}

/** What became of one frame run by `frameRunner`. */
export type FrameRunOutcome =
  | { kind: "inferred"; mapped: MappedFrame; inferenceMs: number; decodeMs: number; stages?: FrameStages }
  | { kind: "failed"; code: PublicFrameFailureCode; reason: string }
  /** Try again after `delayMs` (a read, load or inference failure that may pass; a hub's rate limit). */
  | { kind: "retry"; delayMs: number }
  /** Cancelled (or given up by its caller) before or while it ran: the frame has no outcome. */
  | { kind: "dropped" };

/** Which attempt at the frame this is. */
export interface FrameAttempt {
  /** 1 on the first. */
  deliveryCount: number;
  /** No attempt follows (request/reply): what would be retried fails at once with its code. */
  final?: boolean;
}

const dropped = (): FrameRunOutcome => ({ kind: "dropped" });
const retry = (delayMs: number): FrameRunOutcome => ({ kind: "retry", delayMs });

/**
 * One frame from its stored bytes to mapped shapes: read, the model as the frame's tenant sees it, decode, inference
 * within the model's budget, label mapping. The work-queue consumer and the infer-frame endpoint both run frames
 * through it, so a previewed frame is exactly a job's frame.
 */
export function frameRunner(ports: FrameInferencePorts, logger: Logger): (job: InferFrame, ctx: FrameAttempt) => Promise<FrameRunOutcome> {
  const failed = (_job: InferFrame, code: PublicFrameFailureCode, reason: string): FrameRunOutcome => ({ kind: "failed", code, reason });

  return async (job, ctx) => {
    // Cancel takes effect before the next frame's work starts.
    if (ports.isCancelled(job.jobId)) return dropped();
    const lastAttempt = ctx.final === true || ctx.deliveryCount >= MAX_ATTEMPTS;
    // A model that keeps timing out for this tenant: fail its frames without reading them, so the runners go to others.
    const refusal = ports.fastFailure?.(messageTenant(job.tenantId), job.model?.id ?? "");
    if (refusal) return failed(job, refusal.code, refusal.message);

    // An empty name is not an object the store can look up (it rejects it): the frame has no image.
    let bytes: Uint8Array | null = null;
    if (job.frameObject) {
      try {
        bytes = await ports.readFrame(job.frameObject);
      } catch (err) {
        logger.warn({ err, jobId: job.jobId, frame: job.frame, delivery: ctx.deliveryCount }, "reading the frame failed");
        if (!lastAttempt) return retry(retryDelayMs(ctx.deliveryCount));
        return failed(job, FrameFailureCode.FRAME_MISSING, `frame ${job.frame} could not be read: ${(err as Error).message}`);
      }
    }
    if (!bytes) return failed(job, FrameFailureCode.FRAME_MISSING, `frame ${job.frame} has no stored image`);

    let model: FrameModel | IsolatedFrameModel | undefined;
    const loadFailed = (err: unknown) => {
      logger.warn({ err, jobId: job.jobId, frame: job.frame, delivery: ctx.deliveryCount }, "loading the model failed");
      if (!lastAttempt) return retry(retryDelayMs(ctx.deliveryCount));
      return failed(
        job,
        FrameFailureCode.MODEL_UNAVAILABLE,
        `model ${job.model?.id} (${job.model?.runtime}) failed to load: ${withCauses(err)}`,
      );
    };
    try {
      model = await ports.model(messageTenant(job.tenantId), { id: job.model?.id ?? "", runtime: job.model?.runtime ?? "" });
    } catch (err) {
      // Final by construction (e.g. CLOUD_ONLY): redelivering would only fail again.
      if (err instanceof FrameFailure) return failed(job, err.code, err.message);
      return loadFailed(err);
    }
    if (!model)
      return failed(job, FrameFailureCode.MODEL_UNAVAILABLE, `this worker cannot run model ${job.model?.id} (${job.model?.runtime})`);
    if (ports.isCancelled(job.jobId)) return dropped();

    const options = frameRunOptions(job);
    // The `inference` span: a child of the message's CONSUMER span, so of the InferFrame publisher's trace.
    const attributes = {
      "prelabel.model.id": job.model?.id ?? "",
      "prelabel.model.runtime": job.model?.runtime ?? "",
      "prelabel.job.id": job.jobId,
      "prelabel.frame": job.frame,
    };
    // A model run in this process gets the frame decoded here; an isolated one decodes it in its runner.
    let image: DecodedFrame | undefined;
    let decodeMs = 0;
    if (!("isolated" in model)) {
      const decodeStart = performance.now();
      try {
        image = await ports.decode(bytes);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        if (isFrameDecodeErrorCode(code)) return failed(job, code, (err as Error).message);
        throw err;
      }
      decodeMs = performance.now() - decodeStart;
    }

    let detections: Detection[];
    let inferenceMs: number;
    let stages: FrameStages | undefined;
    const cancel = ports.cancelSignal?.(job.jobId);
    try {
      if ("isolated" in model) {
        // Decoded and inferred in a runner process, within the model's budget; a cancel kills that runner.
        const isolated = model;
        ({ detections, decodeMs, inferenceMs, stages } = await withSpan("inference", { attributes }, () =>
          isolated.infer(bytes, options, cancel?.signal),
        ));
      } else {
        const local = model;
        const start = performance.now();
        // Hub and Nuclio models send the stored bytes when they can; a cancel aborts their call.
        const signal = cancel?.signal;
        if (options.tiling && local.tileable === false)
          logger.warn({ jobId: job.jobId, model: job.model?.id }, "this model is not run per tile; the frame is inferred whole");
        detections = await withSpan("inference", { attributes }, () =>
          detectInProcess(local, image!, options, { encoded: bytes, ...(signal ? { signal } : {}) }),
        );
        inferenceMs = performance.now() - start;
      }
    } catch (err) {
      // Cancelled mid-call: whatever the model made of the abort, the frame has no outcome.
      if ((err instanceof Error && err.name === "AbortError") || cancel?.signal.aborted) {
        logger.info(
          { jobId: job.jobId, frame: job.frame },
          "job cancelled while its frame ran; its runner was replaced or its call aborted",
        );
        return dropped();
      }
      const code = (err as { code?: unknown }).code;
      if (isFrameDecodeErrorCode(code)) return failed(job, code, (err as Error).message);
      if (err instanceof ModelError && err.code === ModelErrorCode.MODEL_LOAD_FAILED) return loadFailed(err);
      if (err instanceof FrameFailure) {
        // Logged by code only: a hub failure's cause may carry what the hub echoed back (keys included).
        const fields = { code: err.code, jobId: job.jobId, frame: job.frame, delivery: ctx.deliveryCount };
        if (err.requeueAfterMs !== undefined && !ctx.final && ctx.deliveryCount < LAST_REQUEUE_DELIVERY && !ports.isCancelled(job.jobId)) {
          const delayMs = Math.min(MAX_REQUEUE_MS, Math.max(0, err.requeueAfterMs));
          logger.warn({ ...fields, delayMs }, "inference asked to wait; frame requeued");
          return retry(delayMs);
        }
        logger.warn(fields, "inference failed; frame reported as failed");
        return failed(job, err.code, err.message);
      }
      logger.warn({ err, jobId: job.jobId, frame: job.frame, delivery: ctx.deliveryCount }, "inference failed");
      if (!lastAttempt) return retry(retryDelayMs(ctx.deliveryCount));
      return failed(job, FrameFailureCode.INFERENCE_ERROR, `inference failed: ${(err as Error).message}`);
    } finally {
      cancel?.release();
    }
    const mapped = frameShapes(detections, job);
    return { kind: "inferred", mapped, inferenceMs, decodeMs, ...(stages ? { stages } : {}) };
  };
}

/** Runs one frame and publishes its outcome; acks, or naks with a delay to retry (see MAX_ATTEMPTS). */
export function inferFramesHandler(outcomes: FrameOutcomePublisher, ports: FrameInferencePorts, logger: Logger): MessageHandler {
  const run = frameRunner(ports, logger);
  return handler(Contracts.inferFrame, async (job, ctx) => {
    const outcome = await run(job, ctx);
    switch (outcome.kind) {
      case "dropped":
        return ack();
      case "retry":
        return nak(outcome.delayMs);
      case "failed":
        await outcomes.failed(job, outcome.code, outcome.reason);
        ports.onFrame?.({ jobId: job.jobId, model: job.model?.id ?? "", ok: false, inferenceMs: 0, decodeMs: 0 });
        return ack();
      case "inferred": {
        const { inferenceMs, decodeMs, stages } = outcome;
        await outcomes.inferred(job, outcome.mapped, inferenceMs);
        ports.onFrame?.({ jobId: job.jobId, model: job.model?.id ?? "", ok: true, inferenceMs, decodeMs, ...(stages ? { stages } : {}) });
        return ack();
      }
    }
  });
}
