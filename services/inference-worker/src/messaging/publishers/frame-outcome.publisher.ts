import type { Messaging } from "@prelabel/messaging";
import { Contracts, create, FrameFailedSchema, FrameInferredSchema, type InferFrame } from "@prelabel/proto";
import type { PublicFrameFailureCode } from "../../inference/index.js";
import type { MappedFrame } from "../../domain/label-mapper.js";

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
    await this.messaging.publish(
      Contracts.frameInferred,
      create(FrameInferredSchema, {
        jobId: job.jobId,
        taskId: job.taskId,
        tenantId: job.tenantId,
        frame: job.frame,
        shapes: mapped.shapes,
        droppedAttributeValues: mapped.droppedAttributeValues,
        inferenceMs,
        workerId: this.workerId,
      }),
      { msgId: msgId(job) },
    );
  }

  async failed(job: InferFrame, code: PublicFrameFailureCode, reason: string): Promise<void> {
    await this.messaging.publish(
      Contracts.frameFailed,
      create(FrameFailedSchema, {
        jobId: job.jobId,
        taskId: job.taskId,
        tenantId: job.tenantId,
        frame: job.frame,
        code,
        reason,
        workerId: this.workerId,
      }),
      { msgId: msgId(job) },
    );
  }
}

const msgId = (job: InferFrame) => `${job.jobId}.${job.frame}`;
