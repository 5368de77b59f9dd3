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

/** What is stored of a worker's report (the counts of a failed frame are 0). */
function toNewOutcome(outcome: FrameOutcome): NewFrameOutcome {
  return {
    ...outcome,
    droppedAttributeValues: outcome.succeeded ? outcome.droppedAttributeValues : 0,
    unmappedDetections: outcome.succeeded ? outcome.unmappedDetections : 0,
  };
}

/** What became of an outcome message: the consumer acks all but `retry`. A resend records nothing new: it is not "recorded". */
export type OutcomeResult =
  | { kind: "recorded"; job: AutoAnnotationJob; committing: boolean }
  | { kind: "duplicate" }
  /** A duplicate of a COMMITTING job's outcome: nothing stored, CommitAnnotations sent again (a crash may have lost it). */
  | { kind: "commit-resent"; job: AutoAnnotationJob }
  | { kind: "retry"; reason: string }
  | { kind: "dropped"; reason: string };

/** What AnnotationsCommitted reports the commit wrote: tracks, and annotations flagged needs_review. */
export interface CommitCounts {
  trackCount?: number;
  reviewCount?: number;
}

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

  /** One outcome on its own (the dead-frame watcher's path); workers' outcomes come in batches through recordJobOutcomes. */
  async recordOutcome(outcome: FrameOutcome): Promise<OutcomeResult> {
    const [result] = await this.recordJobOutcomes([outcome]);
    return result;
  }

  /**
   * Stores one job's outcomes in one transaction under the job row's lock: each once per (job, frame) (a frame
   * already stored, or twice in the batch, is a duplicate), adds what was stored to the job's counters, updates
   * fps/ETA, and once every frame is settled marks the job COMMITTING and sends CommitAnnotations with the succeeded
   * frames. Returns one result per outcome, in order; the progress event goes out once per batch.
   *
   * The counters are the counts of record: they change only here, in the transaction that inserted the rows they
   * count, so a redelivered outcome (ON CONFLICT DO NOTHING) adds nothing.
   *
   * When no frame succeeded the job still goes through the same commit (with nothing to add and
   * without cleaning, so a run that produced nothing never erases existing annotations) and ends
   * COMPLETED with framesFailed = framesTotal: one path to the end, and the failures are listed.
   */
  async recordJobOutcomes(outcomes: readonly FrameOutcome[]): Promise<OutcomeResult[]> {
    const jobId = outcomes[0]?.jobId;
    if (jobId === undefined) return [];
    if (outcomes.some((o) => o.jobId !== jobId)) throw new Error("recordJobOutcomes takes the outcomes of one job");
    type Commit = { job: AutoAnnotationJob; frames: number[]; resend: boolean };
    const results: OutcomeResult[] = new Array<OutcomeResult>(outcomes.length);
    const settle = (indexes: Iterable<number>, result: OutcomeResult) => {
      for (const i of indexes) results[i] = result;
    };
    const { commit, announce } = await this.deps.jobs.transaction(
      async (tx): Promise<{ commit?: Commit; announce?: AutoAnnotationJob }> => {
        const job = await tx.lockJob(jobId);
        if (!job) {
          settle(outcomes.keys(), { kind: "dropped", reason: "unknown job" });
          return {};
        }
        const own: number[] = [];
        outcomes.forEach((o, i) => {
          if (o.tenantId === job.tenantId) own.push(i);
          else results[i] = { kind: "dropped", reason: "the job belongs to another tenant" };
        });
        if (!own.length) return {};
        const disposition = outcomeDisposition(job.status);
        if (disposition === "retry-later") {
          settle(own, { kind: "retry", reason: "job is still QUEUED" });
          return {};
        }
        if (disposition === "drop") {
          // A redelivery of an outcome that completed the job, after a crash between the database commit and the
          // CommitAnnotations publish: send it again (de-duplicated by its msgId), once for the batch.
          const stored =
            job.status === "COMMITTING"
              ? await tx.storedFrames(
                  job.id,
                  own.map((i) => outcomes[i].frame),
                )
              : new Set<number>();
          const resent = own.filter((i) => stored.has(outcomes[i].frame));
          settle(
            own.filter((i) => !stored.has(outcomes[i].frame)),
            { kind: "dropped", reason: `job is ${job.status}` },
          );
          if (!resent.length) return {};
          settle(resent, { kind: "commit-resent", job });
          return { commit: { job, frames: await tx.succeededFrames(job.id), resend: true } };
        }

        // The first outcome of each frame in the job's range is a candidate; a second one in the batch is a duplicate.
        const candidates = new Map<number, number>();
        for (const i of own) {
          const { frame } = outcomes[i];
          if (!coversFrame(job, frame))
            results[i] = { kind: "dropped", reason: `frame ${frame} is outside the job's frames ${job.frameStart}..${job.frameStop}` };
          else if (candidates.has(frame)) results[i] = { kind: "duplicate" };
          else candidates.set(frame, i);
        }
        const stored = await tx.insertOutcomes(
          job.id,
          [...candidates.values()].map((i) => toNewOutcome(outcomes[i])),
        );
        const storedFrames = new Set(stored.map((o) => o.frame));
        for (const [frame, i] of candidates) if (!storedFrames.has(frame)) results[i] = { kind: "duplicate" };
        if (!stored.length) return {};

        const sum = (pick: (o: (typeof stored)[number]) => number) => stored.reduce((n, o) => n + pick(o), 0);
        const framesDone = job.framesDone + sum((o) => (o.succeeded ? 1 : 0));
        const framesFailed = job.framesFailed + sum((o) => (o.succeeded ? 0 : 1));
        const now = this.now();
        const estimate = estimateProgress({ startedAt: job.startedAt, framesTotal: job.framesTotal, framesDone, framesFailed, now });
        const allSettled = framesDone + framesFailed >= job.framesTotal;
        const status = allSettled ? (nextStatus(job.status, "allFramesSettled") ?? job.status) : job.status;
        const updated = await tx.updateJob(
          job,
          {
            status,
            framesDone,
            framesFailed,
            droppedAttributeValues: job.droppedAttributeValues + sum((o) => o.droppedAttributeValues),
            unmappedDetections: job.unmappedDetections + sum((o) => o.unmappedDetections),
            fps: estimate.fps,
            etaSeconds: estimate.etaSeconds,
          },
          now,
        );
        const committing = status === "COMMITTING";
        settle(
          stored.map((o) => candidates.get(o.frame)!),
          { kind: "recorded", job: updated, committing },
        );
        if (committing) return { commit: { job: updated, frames: await tx.succeededFrames(job.id), resend: false } };
        return { announce: updated };
      },
    );

    if (commit) {
      this.deps.progress.publish(commit.job);
      await this.deps.annotations.commit(commit.job, commit.frames);
      this.deps.logger.info(
        { jobId: commit.job.id, succeeded: commit.frames.length, total: commit.job.framesTotal, resend: commit.resend },
        "all frames settled: commit requested",
      );
    }
    if (announce) this.deps.progress.publish(announce);
    return results;
  }

  /** AnnotationsCommitted: COMMITTING → COMPLETED, with the number of tracks the commit wrote and of annotations it flagged for review. */
  async onCommitted(tenantId: string, jobId: string, counts: CommitCounts = {}): Promise<AutoAnnotationJob | undefined> {
    return this.finish(tenantId, jobId, "committed", counts);
  }

  /** AnnotationsDiscarded: CANCELLING → CANCELLED; COMMITTING (the sweeper gave up on its commit) → FAILED. */
  async onDiscarded(tenantId: string, jobId: string): Promise<AutoAnnotationJob | undefined> {
    return this.finish(tenantId, jobId, "discarded");
  }

  private async finish(
    tenantId: string,
    jobId: string,
    event: "committed" | "discarded",
    { trackCount = 0, reviewCount = 0 }: CommitCounts = {},
  ): Promise<AutoAnnotationJob | undefined> {
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
      return tx.transition(
        locked,
        next,
        { finishedAt: now, ...(next === "COMPLETED" ? { etaSeconds: 0, trackCount, needsReviewCount: reviewCount } : {}), ...failure },
        now,
      );
    });
    if (job) {
      this.deps.progress.publish(job);
      this.deps.logger.info({ jobId, status: job.status }, "auto-annotation job finished");
    }
    return job;
  }
}
