import type { Messaging } from "@prelabel/messaging";
import { Contracts, create, FrameFailedSchema, FrameInferredSchema, type InferFrame } from "@prelabel/proto";
import type { MappedFrame } from "../../domain/label-mapper.js";
import type { PublicFrameFailureCode } from "../../inference/index.js";

/**
 * Publishes what became of a frame: FrameInferred or FrameFailed, never both. Each carries the Nats-Msg-Id
 * `<jobId>.<frame>`, so the outcome of a frame redelivered after its first outcome was published is de-duplicated.
 */
export class FrameOutcomePublisher {
  constructor(
    private readonly messaging: Messaging,
    private readonly workerId: string,
  ) {}

  async inferred(job: InferFrame, mapped: MappedFrame, inferenceMs: number): Promise<void> {
    const { shapes, droppedAttributeValues, unmappedDetections } = mapped;
    const outcome = create(FrameInferredSchema, {
      ...frameOf(job),
      shapes,
      droppedAttributeValues,
      unmappedDetections,
      inferenceMs,
      workerId: this.workerId,
    });
    await this.messaging.publish(Contracts.frameInferred, outcome, { msgId: msgId(job) });
  }

  async failed(job: InferFrame, code: PublicFrameFailureCode, reason: string): Promise<void> {
    const outcome = create(FrameFailedSchema, { ...frameOf(job), code, reason, workerId: this.workerId });
    await this.messaging.publish(Contracts.frameFailed, outcome, { msgId: msgId(job) });
  }
}

/** Which frame an outcome is about, as its InferFrame named it. */
const frameOf = (job: InferFrame) => ({ jobId: job.jobId, taskId: job.taskId, tenantId: job.tenantId, frame: job.frame });
const msgId = (job: InferFrame) => `${job.jobId}.${job.frame}`;
