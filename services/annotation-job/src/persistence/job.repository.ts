import { QueryFailedError, type DataSource, type EntityManager } from "typeorm";
import { ACTIVE_STATUSES, type JobStatus } from "../domain/job-status.js";
import { AutoAnnotationJobEntity } from "./entities/auto-annotation-job.entity.js";
import { FrameOutcomeEntity } from "./entities/frame-outcome.entity.js";
import { ONE_ACTIVE_JOB_PER_TASK_INDEX } from "./schema.js";

/** The task already has an active job (the partial unique index said so). */
export class ActiveJobExistsError extends Error {
  override readonly name = "ActiveJobExistsError";
  constructor(
    readonly taskId: string,
    options?: ErrorOptions,
  ) {
    super(`task ${taskId} already has an active job`, options);
  }
}

/** Per-tenant limits checked when a job is inserted; 0 = no limit. */
export interface TenantLimits {
  maxConcurrentJobs: number;
  maxFramesPerHour: number;
}

/** Inserting the job would break one of its tenant's limits (nothing was inserted). */
export class TenantLimitError extends Error {
  override readonly name = "TenantLimitError";
  constructor(
    readonly limit:
      | { kind: "concurrentJobs"; limit: number; active: number }
      | { kind: "framesPerHour"; limit: number; used: number; requested: number; retryAfterSeconds: number | null },
  ) {
    super(`tenant limit ${limit.kind} reached`);
  }
}

export type NewJob = Omit<
  AutoAnnotationJobEntity,
  "framesDone" | "framesFailed" | "droppedAttributeValues" | "fps" | "etaSeconds" | "failureReason" | "failureCode" | "redriveCount" | "startedAt" | "finishedAt" | "createdAt" | "updatedAt" | "taskDeletedAt"
> & { createdAt?: Date };

export type JobPatch = Partial<Omit<AutoAnnotationJobEntity, "id" | "taskId" | "createdAt">>;

export interface NewFrameOutcome {
  jobId: string;
  frame: number;
  succeeded: boolean;
  code?: string | null;
  reason?: string | null;
  shapeCount?: number;
  droppedAttributeValues?: number;
  inferenceMs?: number | null;
  workerId?: string | null;
}

export interface FrameFailureRow {
  frame: number;
  code: string;
  reason: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be a job's are simply not found (never a PostgreSQL cast error). */
export function isJobId(id: string): boolean {
  return UUID.test(id);
}

/** Reads and transactions over annotation_job's tables. */
export class JobRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts the job QUEUED. With limits, under the tenant's transaction-scoped advisory lock (so two starts of one
   * tenant cannot both take the last slot): counts its active jobs and the frames it started in the last hour first,
   * and throws TenantLimitError instead of inserting when the job would break a limit. Frames of a job that ended
   * CANCELLED or FAILED count as far as they got.
   */
  async insertQueued(job: NewJob, limits?: TenantLimits): Promise<AutoAnnotationJobEntity> {
    const now = job.createdAt ?? new Date();
    const row: AutoAnnotationJobEntity = {
      ...job,
      status: "QUEUED",
      framesDone: 0,
      framesFailed: 0,
      droppedAttributeValues: 0,
      fps: null,
      etaSeconds: null,
      failureReason: null,
      failureCode: null,
      redriveCount: 0,
      startedAt: null,
      finishedAt: null,
      taskDeletedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.dataSource.transaction(async (em) => {
        if (limits && (limits.maxConcurrentJobs > 0 || limits.maxFramesPerHour > 0)) await checkTenantLimits(em, job.tenantId, job.framesTotal, limits);
        await em.getRepository(AutoAnnotationJobEntity).insert(row);
      });
    } catch (err) {
      if (isUniqueViolation(err, ONE_ACTIVE_JOB_PER_TASK_INDEX)) throw new ActiveJobExistsError(job.taskId, { cause: err });
      throw err;
    }
    return row;
  }

  /** The tenant's job of that id; another tenant's job is not found. */
  async findById(tenantId: string, id: string): Promise<AutoAnnotationJobEntity | null> {
    if (!isJobId(id)) return null;
    return this.dataSource.getRepository(AutoAnnotationJobEntity).findOneBy({ id, tenantId });
  }

  async findActiveByTask(tenantId: string, taskId: string): Promise<AutoAnnotationJobEntity | null> {
    return this.dataSource
      .getRepository(AutoAnnotationJobEntity)
      .createQueryBuilder("j")
      .where("j.taskId = :taskId", { taskId })
      .andWhere("j.tenantId = :tenantId", { tenantId })
      .andWhere("j.status IN (:...statuses)", { statuses: ACTIVE_STATUSES })
      .getOne();
  }

  /** Records that the tenant's task was deleted on each of its jobs (once); returns how many jobs were marked. */
  async markTaskDeleted(tenantId: string, taskId: string, now = new Date()): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(AutoAnnotationJobEntity)
      .set({ taskDeletedAt: now })
      .where("task_id = :taskId AND tenant_id = :tenantId AND task_deleted_at IS NULL", { taskId, tenantId })
      .execute();
    return result.affected ?? 0;
  }

  /** A task's jobs of the tenant, newest first, at most `limit`. */
  async listByTask(tenantId: string, taskId: string, limit: number): Promise<AutoAnnotationJobEntity[]> {
    return this.dataSource
      .getRepository(AutoAnnotationJobEntity)
      .find({ where: { taskId, tenantId }, order: { createdAt: "DESC", id: "DESC" }, take: limit });
  }

  async failures(jobId: string): Promise<FrameFailureRow[]> {
    if (!isJobId(jobId)) return [];
    const rows = await this.dataSource
      .getRepository(FrameOutcomeEntity)
      .find({ where: { jobId, succeeded: false }, order: { frame: "ASC" }, select: { frame: true, code: true, reason: true } });
    return rows.map((r) => ({ frame: r.frame, code: r.code ?? "UNKNOWN", reason: r.reason ?? "" }));
  }

  /** Whether some job in one of `statuses` has not changed for `staleAfterMs`. */
  async anyStale(statuses: readonly JobStatus[], staleAfterMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM annotation_job.auto_annotation_job WHERE status = ANY($1) AND updated_at < now() - make_interval(secs => $2::double precision / 1000) LIMIT 1`,
      [statuses, staleAfterMs],
    );
    return rows.length > 0;
  }

  /** Dispatch heartbeat: a QUEUED job whose frames are still being queued is not stale. */
  async touch(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE annotation_job.auto_annotation_job SET updated_at = now() WHERE id = $1 AND status = 'QUEUED'`, [id]);
  }

  /** Runs `work` in one transaction (READ COMMITTED; row locks taken explicitly). */
  transaction<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((em) => work(new JobTransaction(em)));
  }
}

/** The operations a job's state changes are made of, inside one transaction. */
export class JobTransaction {
  constructor(private readonly em: EntityManager) {}

  /** SELECT … FOR UPDATE: every change to a job goes through its row lock. */
  async lockJob(id: string): Promise<AutoAnnotationJobEntity | null> {
    if (!isJobId(id)) return null;
    return this.em
      .getRepository(AutoAnnotationJobEntity)
      .createQueryBuilder("j")
      .setLock("pessimistic_write")
      .where("j.id = :id", { id })
      .getOne();
  }

  /**
   * The oldest job in one of `statuses` not changed for `staleAfterMs`, locked FOR UPDATE SKIP LOCKED:
   * a job another replica's sweeper (or a live transition) holds is skipped, not waited for.
   */
  async lockStaleJob(statuses: readonly JobStatus[], staleAfterMs: number, skipIds: readonly string[]): Promise<AutoAnnotationJobEntity | null> {
    return this.em
      .getRepository(AutoAnnotationJobEntity)
      .createQueryBuilder("j")
      .where("j.status IN (:...statuses)", { statuses })
      .andWhere("j.updated_at < now() - make_interval(secs => :stale::double precision / 1000)", { stale: staleAfterMs })
      .andWhere(skipIds.length ? "j.id NOT IN (:...skipIds)" : "TRUE", { skipIds })
      .orderBy("j.updated_at", "ASC")
      .limit(1)
      .setLock("pessimistic_write")
      .setOnLocked("skip_locked")
      .getOne();
  }

  async updateJob(job: AutoAnnotationJobEntity, patch: JobPatch, now = new Date()): Promise<AutoAnnotationJobEntity> {
    const full = { ...patch, updatedAt: now };
    await this.em.getRepository(AutoAnnotationJobEntity).update({ id: job.id }, full);
    return Object.assign(job, full);
  }

  async transition(job: AutoAnnotationJobEntity, status: JobStatus, patch: JobPatch = {}, now = new Date()): Promise<AutoAnnotationJobEntity> {
    return this.updateJob(job, { ...patch, status }, now);
  }

  /** Stores an outcome unless one exists for (job, frame); true when this call stored it. */
  async insertOutcome(outcome: NewFrameOutcome): Promise<boolean> {
    const result = await this.em
      .createQueryBuilder()
      .insert()
      .into(FrameOutcomeEntity)
      .values({
        jobId: outcome.jobId,
        frame: outcome.frame,
        succeeded: outcome.succeeded,
        code: outcome.code ?? null,
        reason: outcome.reason ?? null,
        shapeCount: outcome.shapeCount ?? 0,
        droppedAttributeValues: outcome.droppedAttributeValues ?? 0,
        inferenceMs: outcome.inferenceMs ?? null,
        workerId: outcome.workerId ?? null,
        recordedAt: new Date(),
      })
      .orIgnore()
      .returning(["frame"])
      .execute();
    return Array.isArray(result.raw) && result.raw.length === 1;
  }

  async hasOutcome(jobId: string, frame: number): Promise<boolean> {
    return this.em.getRepository(FrameOutcomeEntity).existsBy({ jobId, frame });
  }

  /** Recounts a job's outcomes from frame_outcome (the counts of record). */
  async countOutcomes(jobId: string): Promise<{ done: number; failed: number }> {
    const rows: { done: number; failed: number }[] = await this.em.query(
      `SELECT count(*) FILTER (WHERE succeeded)::int AS done, count(*) FILTER (WHERE NOT succeeded)::int AS failed
         FROM annotation_job.frame_outcome WHERE job_id = $1`,
      [jobId],
    );
    return { done: rows[0]?.done ?? 0, failed: rows[0]?.failed ?? 0 };
  }

  async succeededFrames(jobId: string): Promise<number[]> {
    const rows = await this.em
      .getRepository(FrameOutcomeEntity)
      .find({ where: { jobId, succeeded: true }, order: { frame: "ASC" }, select: { frame: true } });
    return rows.map((r) => r.frame);
  }
}

async function checkTenantLimits(em: EntityManager, tenantId: string, requested: number, limits: TenantLimits): Promise<void> {
  // One lock key per tenant (hashtext spreads tenant ids over int4; a collision only serialises two tenants' starts).
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('annotation_job.tenant_limits'), hashtext($1))`, [tenantId]);
  const [usage]: { active: number; used: number; oldest: Date | null }[] = await em.query(
    `SELECT count(*) FILTER (WHERE status = ANY($2))::int AS active,
            coalesce(sum(CASE WHEN status IN ('CANCELLED', 'FAILED') THEN frames_done + frames_failed ELSE frames_total END)
                     FILTER (WHERE created_at > now() - interval '1 hour'), 0)::int AS used,
            min(created_at) FILTER (WHERE created_at > now() - interval '1 hour') AS oldest
       FROM annotation_job.auto_annotation_job
      WHERE tenant_id = $1 AND (status = ANY($2) OR created_at > now() - interval '1 hour')`,
    [tenantId, ACTIVE_STATUSES],
  );
  const active = usage?.active ?? 0;
  const used = usage?.used ?? 0;
  if (limits.maxConcurrentJobs > 0 && active >= limits.maxConcurrentJobs) {
    throw new TenantLimitError({ kind: "concurrentJobs", limit: limits.maxConcurrentJobs, active });
  }
  if (limits.maxFramesPerHour > 0 && used + requested > limits.maxFramesPerHour) {
    const oldest = usage?.oldest ? new Date(usage.oldest) : null;
    // When the oldest counted job leaves the window; null when nothing counts yet (the job alone is too big).
    const retryAfterSeconds = oldest && requested <= limits.maxFramesPerHour ? Math.max(1, Math.ceil((oldest.getTime() + 3_600_000 - Date.now()) / 1000)) : null;
    throw new TenantLimitError({ kind: "framesPerHour", limit: limits.maxFramesPerHour, used, requested, retryAfterSeconds });
  }
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = (err as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === "23505" && driverError.constraint === constraint;
}
