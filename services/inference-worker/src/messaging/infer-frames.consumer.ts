import { ack, handler, nak, type Messaging, type MessageHandler } from "@prelabel/messaging";
import { Contracts, create, FrameFailedSchema, FrameInferredSchema, type InferFrame } from "@prelabel/proto";
import type { Logger } from "pino";
import type { Detection } from "../inference/index.js";
import { mapDetections } from "../domain/label-mapper.js";

/** A decoded RGB frame as models consume it. */
export interface DecodedFrame {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface FrameModel {
  detect(image: DecodedFrame, options: { threshold: number; returnMasks: boolean }): Promise<Detection[]>;
}

/** Everything the consumer needs, behind small interfaces so it can be driven in tests. */
export interface FrameInferencePorts {
  readFrame(objectName: string): Promise<Uint8Array | null>;
  /** Throws an error carrying a stable `code` (EMPTY_IMAGE, NOT_AN_IMAGE, CORRUPT_IMAGE, IMAGE_TOO_LARGE) for bad frames. */
  decode(bytes: Uint8Array): Promise<DecodedFrame>;
  /** Resolves the model a runtime id names, or undefined when this worker cannot run it. */
  model(runtime: string): Promise<FrameModel | undefined>;
  isCancelled(jobId: string): boolean;
  onFrame?(outcome: { jobId: string; ok: boolean; inferenceMs: number; decodeMs: number }): void;
}

const BAD_FRAME_CODES = new Set(["EMPTY_IMAGE", "NOT_AN_IMAGE", "CORRUPT_IMAGE", "IMAGE_TOO_LARGE"]);
/** A frame whose inference keeps failing is reported as failed rather than retried forever. */
const MAX_INFERENCE_ATTEMPTS = 3;

export function inferFramesHandler(messaging: Messaging, ports: FrameInferencePorts, workerId: string, logger: Logger): MessageHandler {
  const failed = (job: InferFrame, code: string, reason: string) =>
    messaging.publish(
      Contracts.frameFailed,
      create(FrameFailedSchema, { jobId: job.jobId, taskId: job.taskId, frame: job.frame, code, reason, workerId }),
      { msgId: `${job.jobId}.${job.frame}` },
    );

  return handler(Contracts.inferFrame, async (job, ctx) => {
    // Cancel takes effect before the next frame's work starts.
    if (ports.isCancelled(job.jobId)) return ack();

    const bytes = await ports.readFrame(job.frameObject);
    if (!bytes) {
      await failed(job, "FRAME_MISSING", `frame ${job.frame} has no stored image`);
      return ack();
    }
    const decodeStart = performance.now();
    let image: DecodedFrame;
    try {
      image = await ports.decode(bytes);
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code && BAD_FRAME_CODES.has(code)) {
        await failed(job, code, (err as Error).message);
        return ack();
      }
      throw err;
    }
    const decodeMs = performance.now() - decodeStart;

    const model = await ports.model(job.model?.runtime ?? "");
    if (!model) {
      await failed(job, "MODEL_UNAVAILABLE", `this worker cannot run model ${job.model?.id} (${job.model?.runtime})`);
      return ack();
    }
    if (ports.isCancelled(job.jobId)) return ack();

    const start = performance.now();
    let detections: Detection[];
    try {
      detections = await model.detect(image, { threshold: job.threshold, returnMasks: !job.convertMasksToPolygons });
    } catch (err) {
      logger.warn({ err, jobId: job.jobId, frame: job.frame, delivery: ctx.deliveryCount }, "inference failed");
      if (ctx.deliveryCount < MAX_INFERENCE_ATTEMPTS) return nak(250 * ctx.deliveryCount);
      await failed(job, "INFERENCE_ERROR", `inference failed: ${(err as Error).message}`);
      return ack();
    }
    const inferenceMs = performance.now() - start;
    const mapped = mapDetections(detections, job.mapping, job.convertMasksToPolygons);
    await messaging.publish(
      Contracts.frameInferred,
      create(FrameInferredSchema, {
        jobId: job.jobId,
        taskId: job.taskId,
        frame: job.frame,
        shapes: mapped.shapes,
        droppedAttributeValues: mapped.droppedAttributeValues,
        inferenceMs,
        workerId,
      }),
      { msgId: `${job.jobId}.${job.frame}` },
    );
    ports.onFrame?.({ jobId: job.jobId, ok: true, inferenceMs, decodeMs });
    return ack();
  });
}
