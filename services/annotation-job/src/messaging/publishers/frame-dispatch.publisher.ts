import type { Messaging } from "@prelabel/messaging";
import { Contracts } from "@prelabel/proto";
import type { AutoAnnotationJob } from "../../domain/auto-annotation-job.js";
import type { TaskFrame } from "../../domain/labels.js";
import { inferFrameBuilder } from "./infer-frame.mapper.js";

/** Sends a job's frames to the workers. */
export interface FrameDispatch {
  /** One InferFrame per frame (msgId `<jobId>.<frame>`); `onPublished` after each one's ack. */
  inferFrames(job: AutoAnnotationJob, frames: readonly TaskFrame[], onPublished?: () => void): Promise<void>;
}

export const frameMsgId = (jobId: string, frame: number) => `${jobId}.${frame}`;

/** InferFrame on the work queue, `publishConcurrency` publishes awaiting their ack at once. */
export class NatsFrameDispatch implements FrameDispatch {
  constructor(
    private readonly messaging: Pick<Messaging, "publish">,
    /** How many InferFrame publishes wait for their ack at once. */
    private readonly publishConcurrency = 64,
  ) {}

  async inferFrames(job: AutoAnnotationJob, frames: readonly TaskFrame[], onPublished?: () => void): Promise<void> {
    // A job is its own settings (model, threshold, tracking, mapping, per-class thresholds, tiling).
    const message = inferFrameBuilder(job, { jobId: job.id, tenantId: job.tenantId, taskId: job.taskId });
    let next = 0;
    const lane = async () => {
      while (next < frames.length) {
        const frame = frames[next++];
        await this.messaging.publish(Contracts.inferFrame, message(frame), { msgId: frameMsgId(job.id, frame.index) });
        onPublished?.();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.publishConcurrency, frames.length) }, lane));
  }
}
