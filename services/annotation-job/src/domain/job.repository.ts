import type { AutoAnnotationJob, JobPatch } from "./auto-annotation-job.js";
import type { FrameFailure, NewFrameOutcome, StoredOutcome } from "./frame-outcome.js";
import type { JobBatch } from "./job-batch.js";
import type { JobStatus } from "./job-status.js";
import type { TenantLimits } from "./tenant-limits.js";

/**
 * Where jobs and their frame outcomes are kept; the rest of the service never sees TypeORM. Reads take the caller's
 * tenant: another tenant's job is as absent as an unknown id (and so is an id that cannot be a job's).
 */
export interface JobRepository {
  /**
   * Stores a new job. Throws ActiveJobExistsError when its task already has an active job (two racing starts: one
   * wins) and, with limits, TenantLimitError instead of storing a job that would break one (job.errors.ts); two
   * starts of one tenant cannot both take its last slot.
   */
  insert(job: AutoAnnotationJob, limits?: TenantLimits): Promise<AutoAnnotationJob>;
  /**
   * Records frames run on demand, outside any job (a preview's, an evaluation's), so they count toward the tenant's
   * frames per hour with its jobs'. With limits, under the same per-tenant lock as `insert`: throws TenantLimitError
   * (framesPerHour only: on-demand frames take no job slot) instead of recording frames that would break it.
   */
  recordOnDemandUsage(tenantId: string, kind: OnDemandUsageKind, frames: number, limits?: TenantLimits): Promise<void>;
  /**
   * Stores a batch and all its jobs in one transaction, or nothing: ActiveJobExistsError naming a task that already
   * has an active job, and with limits TenantLimitError when the jobs together (their count and their frames) would
   * break one, checked under the same per-tenant lock as insert.
   */
  insertBatch(batch: JobBatch, jobs: readonly AutoAnnotationJob[], limits?: TenantLimits): Promise<void>;
  /** The tenant's batch of that id with its jobs (in the order of its tasks). */
  findBatch(tenantId: string, id: string): Promise<{ batch: JobBatch; jobs: AutoAnnotationJob[] } | null>;
  /** Records when the batch's last job ended (once: a later call changes nothing). */
  markBatchFinished(id: string, finishedAt: Date): Promise<void>;
  /** The tenant's job of that id. */
  findById(tenantId: string, id: string): Promise<AutoAnnotationJob | null>;
  /** The tenant's job of the task that is in an ACTIVE_STATUSES status, if any. */
  findActiveByTask(tenantId: string, taskId: string): Promise<AutoAnnotationJob | null>;
  /** A task's jobs of the tenant, newest first, at most `limit`. */
  listByTask(tenantId: string, taskId: string, limit: number): Promise<AutoAnnotationJob[]>;
  /** Records that the tenant's task was deleted on each of its jobs (once); returns how many jobs were marked. */
  markTaskDeleted(tenantId: string, taskId: string, now?: Date): Promise<number>;
  /** The job's failed frames, by frame. */
  failures(jobId: string): Promise<FrameFailure[]>;
  /** Whether some job in one of `statuses` has not changed for `staleAfterMs`. */
  anyStale(statuses: readonly JobStatus[], staleAfterMs: number): Promise<boolean>;
  /** Dispatch heartbeat: bumps `updatedAt` of a QUEUED job whose frames are still being queued, so it is not stale. */
  touch(id: string): Promise<void>;
  /** Jobs per status, every tenant together. */
  countByStatus(): Promise<Map<string, number>>;
  /** Runs `work` in one transaction; every change to a job is made in one, under the job's lock. */
  transaction<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T>;
}

/** What ran frames outside a job. */
export type OnDemandUsageKind = "PREVIEW" | "EVALUATION";

/** The operations a job's state changes are made of, inside one transaction. */
export interface JobTransaction {
  /** Locks the job for the rest of the transaction (any tenant's: callers check the owner). */
  lockJob(id: string): Promise<AutoAnnotationJob | null>;
  /**
   * The oldest job in one of `statuses` not changed for `staleAfterMs` (none of `skipIds`), locked; a job another
   * transaction holds is skipped, not waited for.
   */
  lockStaleJob(statuses: readonly JobStatus[], staleAfterMs: number, skipIds: readonly string[]): Promise<AutoAnnotationJob | null>;
  /** Stores `patch` (and `updatedAt` = `now`); returns the job as changed. */
  updateJob(job: AutoAnnotationJob, patch: JobPatch, now?: Date): Promise<AutoAnnotationJob>;
  /** updateJob with a new status (one nextStatus allowed). */
  transition(job: AutoAnnotationJob, status: JobStatus, patch?: JobPatch, now?: Date): Promise<AutoAnnotationJob>;
  /**
   * Stores the outcomes (one job's, at most one per frame) that are not stored yet for (job, frame), in one statement;
   * returns those this call stored. The caller adds them to the job's counters in the same transaction.
   */
  insertOutcomes(jobId: string, outcomes: readonly NewFrameOutcome[]): Promise<StoredOutcome[]>;
  /** Which of `frames` have a stored outcome for the job. */
  storedFrames(jobId: string, frames: readonly number[]): Promise<Set<number>>;
  /** The frames that succeeded, ascending. */
  succeededFrames(jobId: string): Promise<number[]>;
}
