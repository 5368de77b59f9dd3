import type { Messaging } from "@prelabel/messaging";
import { Contracts, create } from "@prelabel/proto";

/** What a commit wrote (and removed). */
export interface CommitCounts {
  annotationCount: number;
  removedCount: number;
  trackCount: number;
  /** Annotations flagged needs_review (under the job's review_below). */
  reviewCount: number;
}

/** What became of a job's staged results, told annotation-job on TASK_EVT (Streams.taskEvents). */
export interface AnnotationOutcomes {
  committed(tenantId: string, jobId: string, taskId: string, counts: CommitCounts): Promise<void>;
  discarded(tenantId: string, jobId: string, taskId: string): Promise<void>;
}

/**
 * AnnotationsCommitted and AnnotationsDiscarded, each with the job's message id: a command redelivered after a
 * crash publishes its outcome again, and JetStream's duplicate window keeps one.
 */
export function annotationOutcomesPublisher(messaging: Pick<Messaging, "publish">): AnnotationOutcomes {
  return {
    committed: async (tenantId, jobId, taskId, { annotationCount, removedCount, trackCount, reviewCount }) => {
      const event = create(Contracts.annotationsCommitted.schema, {
        jobId,
        taskId,
        tenantId,
        annotationCount,
        removedCount,
        trackCount,
        reviewCount,
      });
      await messaging.publish(Contracts.annotationsCommitted, event, { msgId: `committed.${jobId}` });
    },
    discarded: async (tenantId, jobId, taskId) => {
      const event = create(Contracts.annotationsDiscarded.schema, { jobId, taskId, tenantId });
      await messaging.publish(Contracts.annotationsDiscarded, event, { msgId: `discarded.${jobId}` });
    },
  };
}
