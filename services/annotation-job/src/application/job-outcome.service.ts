import type { Logger } from "@prelabel/service-kit";
import { coversFrame, type AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import type { NewFrameOutcome } from "../domain/frame-outcome.js";
import { JobFailureCode } from "../domain/job-failure.js";
import type { JobRepository } from "../domain/job.repository.js";
import { nextStatus, outcomeDisposition } from "../domain/job-status.js";
import { estimateProgress } from "../domain/progress.js";
import type { AnnotationCommands } from "../messaging/publishers/annotation-commands.publisher.js";
import type { ProgressPublisher } from "../messaging/publishers/job-progress.publisher.js";

/** `tenantId`: the tenant the message speaks for; an outcome for another tenant's job is dropped. */
export type FrameOutcome = Omit<NewFrameOutcome, "succeeded"> & { tenantId: string } & (
    | { succeeded: true; droppedAttributeValues: number; unmappedDetections: number; shapeCount: number }
    | { succeeded: false; code: string; reason: string }
  );

/** What became of an outcome message: the consumer acks all but `retry`. */
export type OutcomeResult =
  | { kind: "recorded"; job: AutoAnnotationJob; committing: boolean }
  | { kind: "duplicate" }
  /** A duplicate of a COMMITTING job's outcome: nothing stored, CommitAnnotations sent again (a crash may have lost it). */
  | { kind: "commit-resent"; job: AutoAnnotationJob }
  | { kind: "retry"; reason: string }
  | { kind: "dropped"; reason: string };

export interface JobOutcomeServiceDeps {
  jobs: JobRepository;
  annotations: AnnotationCommands;
  progress: ProgressPublisher;
  logger: Logger;
  now?: () => Date;
}

/** Reacts to what workers and the task service report about a job. */
export class JobOutcomeService {
  private readonly now: () => Date;

  constructor(private readonly deps: JobOutcomeServiceDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  /**
   * Stores a frame's outcome once per (job, frame) under the job row's lock, recounts from the
   * stored outcomes, updates fps/ETA, and once every frame is settled marks the job COMMITTING
   * and sends CommitAnnotations with the succeeded frames.
   *
   * When no frame succeeded the job still goes through the same commit (with nothing to add and
   * without cleaning, so a run that produced nothing never erases existing annotations) and ends
   * COMPLETED with framesFailed = framesTotal: one path to the end, and the failures are listed.
   */
  async recordOutcome(outcome: FrameOutcome): Promise<OutcomeResult> {
    type TxResult = OutcomeResult | { kind: "commit"; job: AutoAnnotationJob; frames: number[]; resend: boolean };
    const result: TxResult = await this.deps.jobs.transaction(async (tx): Promise<TxResult> => {
      const job = await tx.lockJob(outcome.jobId);
      if (!job) return { kind: "dropped", reason: "unknown job" };
      if (job.tenantId !== outcome.tenantId) return { kind: "dropped", reason: "the job belongs to another tenant" };
      const disposition = outcomeDisposition(job.status);
      if (disposition === "retry-later") return { kind: "retry", reason: "job is still QUEUED" };
      if (disposition === "drop") {
        // A redelivery of the outcome that completed the job, after a crash between the database
        // commit and the CommitAnnotations publish: send it again (de-duplicated by its msgId).
        if (job.status === "COMMITTING" && (await tx.hasOutcome(job.id, outcome.frame))) {
          return { kind: "commit", job, frames: await tx.succeededFrames(job.id), resend: true };
        }
        return { kind: "dropped", reason: `job is ${job.status}` };
      }
      if (!coversFrame(job, outcome.frame)) {
        return { kind: "dropped", reason: `frame ${outcome.frame} is outside the job's frames ${job.frameStart}..${job.frameStop}` };
      }
      const inserted = await tx.insertOutcome({
        ...outcome,
        droppedAttributeValues: outcome.succeeded ? outcome.droppedAttributeValues : 0,
        unmappedDetections: outcome.succeeded ? outcome.unmappedDetections : 0,
      });
      if (!inserted) return { kind: "duplicate" };

      const { done, failed } = await tx.countOutcomes(job.id);
      const now = this.now();
      const estimate = estimateProgress({
        startedAt: job.startedAt,
        framesTotal: job.framesTotal,
        framesDone: done,
        framesFailed: failed,
        now,
      });
      const allSettled = done + failed >= job.framesTotal;
      const status = allSettled ? (nextStatus(job.status, "allFramesSettled") ?? job.status) : job.status;
      const updated = await tx.updateJob(
        job,
        {
          status,
          framesDone: done,
          framesFailed: failed,
          droppedAttributeValues: job.droppedAttributeValues + (outcome.succeeded ? outcome.droppedAttributeValues : 0),
          unmappedDetections: job.unmappedDetections + (outcome.succeeded ? outcome.unmappedDetections : 0),
          fps: estimate.fps,
          etaSeconds: estimate.etaSeconds,
        },
        now,
      );
      if (status === "COMMITTING") return { kind: "commit", job: updated, frames: await tx.succeededFrames(job.id), resend: false };
      return { kind: "recorded", job: updated, committing: false };
    });

    if (result.kind === "commit") {
      this.deps.progress.publish(result.job);
      await this.deps.annotations.commit(result.job, result.frames);
      this.deps.logger.info(
        { jobId: result.job.id, succeeded: result.frames.length, total: result.job.framesTotal, resend: result.resend },
        "all frames settled: commit requested",
      );
      // A resend records nothing new: counting it as recorded would count its frame as settled twice.
      return result.resend ? { kind: "commit-resent", job: result.job } : { kind: "recorded", job: result.job, committing: true };
    }
    if (result.kind === "recorded") this.deps.progress.publish(result.job);
    return result;
  }

  /** AnnotationsCommitted: COMMITTING → COMPLETED. */
  async onCommitted(tenantId: string, jobId: string): Promise<AutoAnnotationJob | undefined> {
    return this.finish(tenantId, jobId, "committed");
  }

  /** AnnotationsDiscarded: CANCELLING → CANCELLED; COMMITTING (the sweeper gave up on its commit) → FAILED. */
  async onDiscarded(tenantId: string, jobId: string): Promise<AutoAnnotationJob | undefined> {
    return this.finish(tenantId, jobId, "discarded");
  }

  private async finish(tenantId: string, jobId: string, event: "committed" | "discarded"): Promise<AutoAnnotationJob | undefined> {
    const job = await this.deps.jobs.transaction(async (tx) => {
      const found = await tx.lockJob(jobId);
      const locked = found?.tenantId === tenantId ? found : null;
      const next = locked && nextStatus(locked.status, event);
      if (!locked || !next) {
        this.deps.logger.debug({ jobId, event, status: locked?.status }, "task event does not apply to the job; ignored");
        return undefined;
      }
      const now = this.now();
      const failure =
        next === "FAILED"
          ? {
              failureCode: JobFailureCode.COMMIT_STALLED,
              failureReason: `the task did not commit the results after ${locked.redriveCount} attempts; they were discarded and the task's annotations are untouched`,
            }
          : {};
      return tx.transition(locked, next, { finishedAt: now, ...(next === "COMPLETED" ? { etaSeconds: 0 } : {}), ...failure }, now);
    });
    if (job) {
      this.deps.progress.publish(job);
      this.deps.logger.info({ jobId, status: job.status }, "auto-annotation job finished");
    }
    return job;
  }
}
