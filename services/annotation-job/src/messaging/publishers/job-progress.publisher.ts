import type { Messaging } from "@prelabel/messaging";
import { Contracts, create, JobProgressedSchema, JobStatus as ProtoJobStatus } from "@prelabel/proto";
import type { AutoAnnotationJob } from "../../domain/auto-annotation-job.js";
import type { JobStatus } from "../../domain/job-status.js";

/** Announces that a job changed, to every replica's subscribers (core NATS, fire-and-forget). */
export interface ProgressPublisher {
  /** `at`: when the change that caused it happened (epoch ms travels as frame_finished_at_ms). */
  publish(job: AutoAnnotationJob, at?: Date): void;
}

const PROTO_STATUS: Record<JobStatus, ProtoJobStatus> = {
  QUEUED: ProtoJobStatus.QUEUED,
  RUNNING: ProtoJobStatus.RUNNING,
  COMMITTING: ProtoJobStatus.COMMITTING,
  COMPLETED: ProtoJobStatus.COMPLETED,
  FAILED: ProtoJobStatus.FAILED,
  CANCELLING: ProtoJobStatus.CANCELLING,
  CANCELLED: ProtoJobStatus.CANCELLED,
};

export class NatsProgressPublisher implements ProgressPublisher {
  constructor(private readonly messaging: Pick<Messaging, "publishLive">) {}

  publish(job: AutoAnnotationJob, at = new Date()): void {
    this.messaging.publishLive(
      Contracts.jobProgressed,
      create(JobProgressedSchema, {
        jobId: job.id,
        tenantId: job.tenantId,
        status: PROTO_STATUS[job.status],
        framesTotal: job.framesTotal,
        framesDone: job.framesDone,
        framesFailed: job.framesFailed,
        ...(job.fps !== null ? { fps: job.fps } : {}),
        ...(job.etaSeconds !== null ? { etaSeconds: job.etaSeconds } : {}),
        frameFinishedAtMs: BigInt(at.getTime()),
      }),
    );
  }
}
