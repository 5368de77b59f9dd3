import { QueryFailedError, type DataSource, type EntityManager } from "typeorm";
import type { AutoAnnotationJob, JobPatch } from "../domain/auto-annotation-job.js";
import { inTaskOrder, type JobBatch } from "../domain/job-batch.js";
import { UNKNOWN_FRAME_FAILURE, type FrameFailure, type NewFrameOutcome, type StoredOutcome } from "../domain/frame-outcome.js";
import { ActiveJobExistsError, TenantLimitError } from "../domain/job.errors.js";
import type { JobRepository, JobTransaction, OnDemandUsageKind } from "../domain/job.repository.js";
import { ACTIVE_STATUSES, type JobStatus } from "../domain/job-status.js";
import { hasTenantLimits, tenantLimitBreach, type TenantLimits, type TenantUsage } from "../domain/tenant-limits.js";
import { toJob, toJobOrNull, toJobRow } from "./auto-annotation-job.mapper.js";
import { AutoAnnotationJobEntity } from "./entities/auto-annotation-job.entity.js";
import { JobBatchEntity } from "./entities/job-batch.entity.js";
import { FrameOutcomeEntity } from "./entities/frame-outcome.entity.js";
import { ANNOTATION_JOB_SCHEMA, ONE_ACTIVE_JOB_PER_TASK_INDEX } from "./schema.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids that cannot be a job's are simply not found (never a PostgreSQL cast error). */
function isJobId(id: string): boolean {
  return UUID.test(id);
}

/** JobRepository over annotation_job's tables (TypeORM); rows become plain AutoAnnotationJobs on the way out. */
export class TypeormJobRepository implements JobRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The partial unique index ONE_ACTIVE_JOB_PER_TASK_INDEX refuses a second active job of a task. With limits, under
   * the tenant's transaction-scoped advisory lock: counts its active jobs and the frames it started in the last hour
   * first, and inserts nothing when the job would break a limit.
   */
  async insert(job: AutoAnnotationJob, limits?: TenantLimits): Promise<AutoAnnotationJob> {
    try {
      await this.dataSource.transaction(async (em) => {
        if (hasTenantLimits(limits)) await checkTenantLimits(em, job.tenantId, job.framesTotal, limits);
        await em.getRepository(AutoAnnotationJobEntity).insert(toJobRow(job));
      });
    } catch (err) {
      if (isUniqueViolation(err, ONE_ACTIVE_JOB_PER_TASK_INDEX)) throw new ActiveJobExistsError(job.taskId, { cause: err });
      throw err;
    }
    return job;
  }

  /** One on_demand_usage row; with a frames-per-hour limit, checked first under the tenant's advisory lock. */
  async recordOnDemandUsage(tenantId: string, kind: OnDemandUsageKind, frames: number, limits?: TenantLimits): Promise<void> {
    // On-demand frames take no job slot: only the frames per hour apply to them.
    const frameLimit =
      limits && limits.maxFramesPerHour > 0 ? { maxConcurrentJobs: 0, maxFramesPerHour: limits.maxFramesPerHour } : undefined;
    await this.dataSource.transaction(async (em) => {
      if (frameLimit) await checkTenantLimits(em, tenantId, frames, frameLimit);
      await em.query(`INSERT INTO annotation_job.on_demand_usage (tenant_id, kind, frames) VALUES ($1, $2, $3)`, [tenantId, kind, frames]);
    });
  }

  /**
   * One transaction: the tenant's limits for every job at once (under the same advisory lock as insert), then the
   * batch row and every job row; a task with an active job (the partial unique index) rolls all of it back.
   */
  async insertBatch(batch: JobBatch, jobs: readonly AutoAnnotationJob[], limits?: TenantLimits): Promise<void> {
    try {
      await this.dataSource.transaction(async (em) => {
        if (hasTenantLimits(limits)) {
          const frames = jobs.reduce((sum, j) => sum + j.framesTotal, 0);
          await checkTenantLimits(em, batch.tenantId, frames, limits, jobs.length);
        }
        await em.getRepository(JobBatchEntity).insert(Object.assign(new JobBatchEntity(), { ...batch, taskIds: [...batch.taskIds] }));
        await em.getRepository(AutoAnnotationJobEntity).insert(jobs.map(toJobRow));
      });
    } catch (err) {
      if (isUniqueViolation(err, ONE_ACTIVE_JOB_PER_TASK_INDEX)) {
        // PostgreSQL names the key: "Key (task_id)=(…) already exists."
        const detail = (err as QueryFailedError & { driverError?: { detail?: string } }).driverError?.detail ?? "";
        const taskId = /\(task_id\)=\((.*)\) already exists/.exec(detail)?.[1] ?? jobs[0]?.taskId ?? "";
        throw new ActiveJobExistsError(taskId, { cause: err });
      }
      throw err;
    }
  }

  async findBatch(tenantId: string, id: string): Promise<{ batch: JobBatch; jobs: AutoAnnotationJob[] } | null> {
    if (!isJobId(id)) return null;
    const row = await this.dataSource.getRepository(JobBatchEntity).findOneBy({ id, tenantId });
    if (!row) return null;
    const jobs = await this.dataSource.getRepository(AutoAnnotationJobEntity).findBy({ batchId: id, tenantId });
    const batch: JobBatch = {
      id: row.id,
      tenantId: row.tenantId,
      modelId: row.modelId,
      taskIds: row.taskIds,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    };
    return { batch, jobs: inTaskOrder(batch.taskIds, jobs.map(toJob)) };
  }

  async markBatchFinished(id: string, finishedAt: Date): Promise<void> {
    await this.dataSource.query(`UPDATE annotation_job.job_batch SET finished_at = $2 WHERE id = $1 AND finished_at IS NULL`, [
      id,
      finishedAt,
    ]);
  }

  /** The tenant's job of that id; another tenant's job is not found. */
  async findById(tenantId: string, id: string): Promise<AutoAnnotationJob | null> {
    if (!isJobId(id)) return null;
    return toJobOrNull(await this.dataSource.getRepository(AutoAnnotationJobEntity).findOneBy({ id, tenantId }));
  }

  async findActiveByTask(tenantId: string, taskId: string): Promise<AutoAnnotationJob | null> {
    const row = await this.dataSource
      .getRepository(AutoAnnotationJobEntity)
      .createQueryBuilder("j")
      .where("j.taskId = :taskId", { taskId })
      .andWhere("j.tenantId = :tenantId", { tenantId })
      .andWhere("j.status IN (:...statuses)", { statuses: ACTIVE_STATUSES })
      .getOne();
    return toJobOrNull(row);
  }

  async markTaskDeleted(tenantId: string, taskId: string, now = new Date()): Promise<number> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(AutoAnnotationJobEntity)
      .set({ taskDeletedAt: now })
      .where("task_id = :taskId AND tenant_id = :tenantId AND task_deleted_at IS NULL", { taskId, tenantId })
      .execute();
    return result.affected ?? 0;
  }

  async listByTask(tenantId: string, taskId: string, limit: number): Promise<AutoAnnotationJob[]> {
    const rows = await this.dataSource
      .getRepository(AutoAnnotationJobEntity)
      .find({ where: { taskId, tenantId }, order: { createdAt: "DESC", id: "DESC" }, take: limit });
    return rows.map(toJob);
  }

  async failures(jobId: string): Promise<FrameFailure[]> {
    if (!isJobId(jobId)) return [];
    const rows = await this.dataSource
      .getRepository(FrameOutcomeEntity)
      .find({ where: { jobId, succeeded: false }, order: { frame: "ASC" }, select: { frame: true, code: true, reason: true } });
    return rows.map((r) => ({ frame: r.frame, code: r.code ?? UNKNOWN_FRAME_FAILURE, reason: r.reason ?? "" }));
  }

  async anyStale(statuses: readonly JobStatus[], staleAfterMs: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM annotation_job.auto_annotation_job WHERE status = ANY($1) AND updated_at < now() - make_interval(secs => $2::double precision / 1000) LIMIT 1`,
      [statuses, staleAfterMs],
    );
    return rows.length > 0;
  }

  async touch(id: string): Promise<void> {
    await this.dataSource.query(`UPDATE annotation_job.auto_annotation_job SET updated_at = now() WHERE id = $1 AND status = 'QUEUED'`, [
      id,
    ]);
  }

  /** One GROUP BY (run at metrics scrape time only). */
  async countByStatus(): Promise<Map<string, number>> {
    const rows: { status: string; n: number }[] = await this.dataSource.query(
      `SELECT status, count(*)::int AS n FROM "${ANNOTATION_JOB_SCHEMA}"."auto_annotation_job" GROUP BY status`,
    );
    return new Map(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** READ COMMITTED; row locks are taken explicitly. */
  transaction<T>(work: (tx: JobTransaction) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((em) => work(new TypeormJobTransaction(em)));
  }
}

class TypeormJobTransaction implements JobTransaction {
  constructor(private readonly em: EntityManager) {}

  /** SELECT … FOR UPDATE: every change to a job goes through its row lock. */
  async lockJob(id: string): Promise<AutoAnnotationJob | null> {
    if (!isJobId(id)) return null;
    const row = await this.em
      .getRepository(AutoAnnotationJobEntity)
      .createQueryBuilder("j")
      .setLock("pessimistic_write")
      .where("j.id = :id", { id })
      .getOne();
    return toJobOrNull(row);
  }

  /** FOR UPDATE SKIP LOCKED: a job another replica's sweeper (or a live transition) holds is skipped. */
  async lockStaleJob(statuses: readonly JobStatus[], staleAfterMs: number, skipIds: readonly string[]): Promise<AutoAnnotationJob | null> {
    const row = await this.em
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
    return toJobOrNull(row);
  }

  async updateJob(job: AutoAnnotationJob, patch: JobPatch, now = new Date()): Promise<AutoAnnotationJob> {
    const full = { ...patch, updatedAt: now };
    await this.em.getRepository(AutoAnnotationJobEntity).update({ id: job.id }, full);
    return { ...job, ...full };
  }

  async transition(job: AutoAnnotationJob, status: JobStatus, patch: JobPatch = {}, now = new Date()): Promise<AutoAnnotationJob> {
    return this.updateJob(job, { ...patch, status }, now);
  }

  /** One INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING: a batch costs one round trip, not one per frame. */
  async insertOutcomes(jobId: string, outcomes: readonly NewFrameOutcome[]): Promise<StoredOutcome[]> {
    if (!outcomes.length || !isJobId(jobId)) return [];
    const column = <T>(pick: (o: NewFrameOutcome) => T) => outcomes.map(pick);
    const rows: { frame: number; succeeded: boolean; dropped: number; unmapped: number }[] = await this.em.query(
      `INSERT INTO annotation_job.frame_outcome
              (job_id, frame, succeeded, code, reason, shape_count, dropped_attribute_values, unmapped_detections, inference_ms, worker_id, recorded_at)
       SELECT $1::uuid, o.frame, o.succeeded, o.code, o.reason, o.shape_count, o.dropped, o.unmapped, o.inference_ms, o.worker_id, now()
         FROM unnest($2::int[], $3::boolean[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::real[], $10::text[])
              AS o(frame, succeeded, code, reason, shape_count, dropped, unmapped, inference_ms, worker_id)
       ON CONFLICT (job_id, frame) DO NOTHING
       RETURNING frame, succeeded, dropped_attribute_values AS dropped, unmapped_detections AS unmapped`,
      [
        jobId,
        column((o) => o.frame),
        column((o) => o.succeeded),
        column((o) => o.code ?? null),
        column((o) => o.reason ?? null),
        column((o) => o.shapeCount ?? 0),
        column((o) => o.droppedAttributeValues ?? 0),
        column((o) => o.unmappedDetections ?? 0),
        column((o) => o.inferenceMs ?? null),
        column((o) => o.workerId ?? null),
      ],
    );
    return rows.map((r) => ({ frame: r.frame, succeeded: r.succeeded, droppedAttributeValues: r.dropped, unmappedDetections: r.unmapped }));
  }

  async storedFrames(jobId: string, frames: readonly number[]): Promise<Set<number>> {
    if (!frames.length || !isJobId(jobId)) return new Set();
    const rows: { frame: number }[] = await this.em.query(
      `SELECT frame FROM annotation_job.frame_outcome WHERE job_id = $1 AND frame = ANY($2::int[])`,
      [jobId, frames],
    );
    return new Set(rows.map((r) => r.frame));
  }

  async succeededFrames(jobId: string): Promise<number[]> {
    const rows = await this.em
      .getRepository(FrameOutcomeEntity)
      .find({ where: { jobId, succeeded: true }, order: { frame: "ASC" }, select: { frame: true } });
    return rows.map((r) => r.frame);
  }
}

/**
 * Throws TenantLimitError when the job (or `jobs` jobs of a batch, `requested` frames between them) would break a
 * limit; holds the tenant's lock until the transaction ends.
 */
async function checkTenantLimits(em: EntityManager, tenantId: string, requested: number, limits: TenantLimits, jobs = 1): Promise<void> {
  // One lock key per tenant (hashtext spreads tenant ids over int4; a collision only serialises two tenants' starts).
  await em.query(`SELECT pg_advisory_xact_lock(hashtext('annotation_job.tenant_limits'), hashtext($1))`, [tenantId]);
  // The jobs' frames and the frames run on demand (previews, evaluations) in the last hour count together.
  const [usage]: { active: number; used: number; oldest: Date | null }[] = await em.query(
    `WITH jobs AS (
       SELECT count(*) FILTER (WHERE status = ANY($2))::int AS active,
              coalesce(sum(CASE WHEN status IN ('CANCELLED', 'FAILED') THEN frames_done + frames_failed ELSE frames_total END)
                       FILTER (WHERE created_at > now() - interval '1 hour'), 0)::int AS used,
              min(created_at) FILTER (WHERE created_at > now() - interval '1 hour') AS oldest
         FROM annotation_job.auto_annotation_job
        WHERE tenant_id = $1 AND (status = ANY($2) OR created_at > now() - interval '1 hour')
     ), on_demand AS (
       SELECT coalesce(sum(frames), 0)::int AS used, min(created_at) AS oldest
         FROM annotation_job.on_demand_usage
        WHERE tenant_id = $1 AND created_at > now() - interval '1 hour'
     )
     SELECT jobs.active, (jobs.used + on_demand.used)::int AS used, least(jobs.oldest, on_demand.oldest) AS oldest
       FROM jobs, on_demand`,
    [tenantId, ACTIVE_STATUSES],
  );
  const counted: TenantUsage = {
    active: usage?.active ?? 0,
    used: usage?.used ?? 0,
    oldest: usage?.oldest ? new Date(usage.oldest) : null,
  };
  const breach = tenantLimitBreach(counted, requested, limits, new Date(), jobs);
  if (breach) throw new TenantLimitError(breach);
}

function isUniqueViolation(err: unknown, constraint: string): boolean {
  if (!(err instanceof QueryFailedError)) return false;
  const driverError = (err as QueryFailedError & { driverError?: { code?: string; constraint?: string } }).driverError;
  return driverError?.code === "23505" && driverError.constraint === constraint;
}
