import type { Messaging } from "@prelabel/messaging";
import { Contracts, create, InferFrameSchema, ModelRefSchema } from "@prelabel/proto";
import type { AutoAnnotationJob } from "../../domain/auto-annotation-job.js";
import type { TaskFrame } from "../../domain/labels.js";
import { inferenceThreshold } from "../../domain/tracking.js";
import { toProtoMapping } from "./label-mapping.mapper.js";

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
    const model = create(ModelRefSchema, { id: job.modelId, runtime: job.modelRuntime });
    const mapping = toProtoMapping(job.mapping);
    let next = 0;
    const lane = async () => {
      while (next < frames.length) {
        const frame = frames[next++];
        await this.messaging.publish(
          Contracts.inferFrame,
          create(InferFrameSchema, {
            jobId: job.id,
            tenantId: job.tenantId,
            taskId: job.taskId,
            frame: frame.index,
            frameObject: frame.objectName,
            model,
            // With tracking, down to lowScore: ByteTrack's second stage needs the weaker detections (the commit filters the rest).
            threshold: inferenceThreshold(job),
            convertMasksToPolygons: job.convertMasksToPolygons,
            mapping,
          }),
          { msgId: frameMsgId(job.id, frame.index) },
        );
        onPublished?.();
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.publishConcurrency, frames.length) }, lane));
  }
}
