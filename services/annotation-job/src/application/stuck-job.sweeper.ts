import type { Logger } from "@prelabel/service-kit";
import type { AutoAnnotationJob } from "../domain/auto-annotation-job.js";
import { JobFailureCode } from "../domain/job-failure.js";
import type { JobRepository } from "../domain/job.repository.js";
import { nextStatus } from "../domain/job-status.js";
import { stuckJobAction, SWEEPABLE_STATUSES, type StuckJobAction, type StuckJobPolicy } from "../domain/stuck-job.js";
import type { AnnotationCommands } from "../messaging/publishers/annotation-commands.publisher.js";
import type { CancelMarks } from "../messaging/publishers/cancel-mark.publisher.js";
import type { ProgressPublisher } from "../messaging/publishers/job-progress.publisher.js";

export interface StuckJobSweeperSettings extends StuckJobPolicy {
  /** A job in QUEUED, COMMITTING or CANCELLING unchanged (updated_at) for this long is stuck. */
  staleAfterMs: number;
  /** Jobs handled per sweep at most (the rest wait for the next one). */
  batchSize: number;
}

export interface SweptJob {
  jobId: string;
  action: StuckJobAction["kind"];
  status: AutoAnnotationJob["status"];
}

/** Fails the frames the workers' consumer gave up on (messaging/consumers/max-deliveries.watcher.ts). */
export interface DeadFrameReconciler {
  reconcile(): Promise<unknown[]>;
}

export interface StuckJobSweeperDeps {
  jobs: Pick<JobRepository, "transaction" | "anyStale">;
  /** Without it, RUNNING jobs are not looked at. */
  deadFrames?: DeadFrameReconciler;
  annotations: AnnotationCommands;
  cancelMarks: CancelMarks;
  progress: ProgressPublisher;
  logger: Logger;
  now?: () => Date;
}

/**
 * Drives on jobs whose owner died or whose command was lost: each stuck job is taken FOR UPDATE SKIP
 * LOCKED in its own transaction, its command sent while the lock is held, and its updated_at bumped
 * (or it is FAILED) in the same transaction. So replicas sweeping together handle each job once per
 * staleness period, a job being changed right now is skipped, and a job that is merely slow is left
 * alone (any real progress bumps updated_at). A send that fails rolls back: the next sweep retries.
 */
export class StuckJobSweeper {
  private readonly now: () => Date;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly deps: StuckJobSweeperDeps,
    private readonly settings: StuckJobSweeperSettings,
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** One pass over the stuck jobs; returns what was done. */
  async sweepOnce(): Promise<SweptJob[]> {
    const swept: SweptJob[] = [];
    const seen: string[] = [];
    while (swept.length < this.settings.batchSize) {
      let picked: string | undefined;
      try {
        const result = await this.deps.jobs.transaction(async (tx) => {
          const job = await tx.lockStaleJob(SWEEPABLE_STATUSES, this.settings.staleAfterMs, seen);
          if (!job) return null;
          picked = job.id;
          const action = stuckJobAction(job, this.settings);
          if (!action) return null;
          const now = this.now();
          let updated: AutoAnnotationJob;
          switch (action.kind) {
            case "fail-dispatch": {
              updated = await tx.transition(
                job,
                nextStatus(job.status, "dispatchFailed") ?? "FAILED",
                {
                  finishedAt: now,
                  failureCode: JobFailureCode.DISPATCH_STALLED,
                  failureReason: `its frames were not all queued within ${Math.round(this.settings.staleAfterMs / 1000)} s (the process queuing them stopped); start it again`,
                },
                now,
              );
              // Frames that did go out are skipped by workers, and whatever the task staged is dropped.
              await this.deps.cancelMarks.markCancelled(job.id);
              await this.deps.annotations.discard(updated);
              break;
            }
            case "resend-commit":
              updated = await tx.updateJob(job, { redriveCount: action.attempt }, now);
              await this.deps.annotations.commit(updated, await tx.succeededFrames(job.id), action.attempt);
              break;
            case "discard-stalled-commit":
              // The task decides atomically: discarded (→ FAILED) unless the commit got in first (→ COMPLETED).
              updated = await tx.updateJob(job, { redriveCount: action.attempt }, now);
              await this.deps.annotations.discard(updated, action.attempt);
              break;
            case "resend-discard":
              updated = await tx.updateJob(job, { redriveCount: action.attempt }, now);
              await this.deps.cancelMarks.markCancelled(job.id);
              await this.deps.annotations.discard(updated, action.attempt);
              break;
          }
          return { job: updated, action };
        });
        if (!result) break;
        seen.push(result.job.id);
        swept.push({ jobId: result.job.id, action: result.action.kind, status: result.job.status });
        this.deps.progress.publish(result.job);
        this.deps.logger.warn({ jobId: result.job.id, status: result.job.status, action: result.action }, "stuck job driven on");
      } catch (err) {
        // This job stays as it was (rolled back) and is retried by the next sweep; go on with the others.
        if (!picked) throw err;
        seen.push(picked);
        this.deps.logger.error({ err, jobId: picked }, "could not drive a stuck job on; will retry");
      }
    }
    return swept;
  }

  /**
   * A RUNNING job waits on workers, so it is never driven on; but once one has not changed for the
   * staleness threshold, the frames the workers' consumer gave up on (max_deliver reached while no
   * replica heard the advisory) are failed, which lets such a job finish. Returns what was failed.
   */
  async reconcileDeadFrames(): Promise<unknown[]> {
    if (!this.deps.deadFrames) return [];
    if (!(await this.deps.jobs.anyStale(["RUNNING"], this.settings.staleAfterMs))) return [];
    return this.deps.deadFrames.reconcile();
  }

  /** Sweeps every `intervalMs` (never two passes at once in this process) until `stop`. */
  start(intervalMs: number): void {
    if (this.timer || intervalMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.sweepOnce()
        .then(() => this.reconcileDeadFrames())
        .catch((err: unknown) => this.deps.logger.error({ err }, "stuck-job sweep failed"))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
