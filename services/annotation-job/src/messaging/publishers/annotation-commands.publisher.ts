import type { Messaging } from "@prelabel/messaging";
import { CommitAnnotationsSchema, Contracts, create, DiscardAnnotationsSchema, TrackingSettingsSchema } from "@prelabel/proto";
import type { AutoAnnotationJob } from "../../domain/auto-annotation-job.js";

/** Tells the task service what to do with the results it staged for a job. */
export interface AnnotationCommands {
  /** CommitAnnotations (msgId `commit.<jobId>`, or `commit.<jobId>.r<attempt>` when the sweeper re-sends it). */
  commit(job: AutoAnnotationJob, succeededFrames: readonly number[], attempt?: number): Promise<void>;
  /** DiscardAnnotations (msgId `discard.<jobId>`, or `discard.<jobId>.r<attempt>` when the sweeper re-sends it). */
  discard(job: AutoAnnotationJob, attempt?: number): Promise<void>;
}

/** A re-send gets its own id: the task applies a job once whatever the id, and a lost command is not masked by the duplicate window. */
const resent = (attempt?: number) => (attempt ? `.r${attempt}` : "");
export const commitMsgId = (jobId: string, attempt?: number) => `commit.${jobId}${resent(attempt)}`;
export const discardMsgId = (jobId: string, attempt?: number) => `discard.${jobId}${resent(attempt)}`;

export class NatsAnnotationCommands implements AnnotationCommands {
  constructor(private readonly messaging: Pick<Messaging, "publish">) {}

  async commit(job: AutoAnnotationJob, succeededFrames: readonly number[], attempt?: number): Promise<void> {
    await this.messaging.publish(
      Contracts.commitAnnotations,
      create(CommitAnnotationsSchema, {
        jobId: job.id,
        tenantId: job.tenantId,
        taskId: job.taskId,
        // Nothing to add when no frame succeeded: then nothing is removed either.
        cleanOldAnnotations: job.cleanOldAnnotations && succeededFrames.length > 0,
        succeededFrames: [...succeededFrames],
        frameStart: job.frameStart,
        frameStop: job.frameStop,
        ...(job.tracking
          ? {
              tracking: create(TrackingSettingsSchema, {
                enabled: true,
                iouThreshold: job.tracking.iouThreshold,
                maxAge: job.tracking.maxAge,
                minHits: job.tracking.minHits,
                highScore: job.threshold,
                lowScore: job.tracking.lowScore,
              }),
            }
          : {}),
        // The task flags what scores below it needs_review; absent, nothing is flagged.
        ...(job.reviewBelow !== null ? { reviewBelow: job.reviewBelow } : {}),
      }),
      { msgId: commitMsgId(job.id, attempt) },
    );
  }

  async discard(job: AutoAnnotationJob, attempt?: number): Promise<void> {
    const command = create(DiscardAnnotationsSchema, { jobId: job.id, taskId: job.taskId, tenantId: job.tenantId });
    await this.messaging.publish(Contracts.discardAnnotations, command, { msgId: discardMsgId(job.id, attempt) });
  }
}
