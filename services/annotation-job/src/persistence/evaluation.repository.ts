import type { DataSource } from "typeorm";
import type { Evaluation, EvaluationResults } from "../domain/evaluation.js";
import type { EvaluationCounters, EvaluationRepository } from "../domain/evaluation.repository.js";
import { EvaluationEntity } from "./entities/evaluation.entity.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** EvaluationRepository over annotation_job.evaluation (TypeORM); rows become plain Evaluations on the way out. */
export class TypeormEvaluationRepository implements EvaluationRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(EvaluationEntity);
  }

  async insert(evaluation: Evaluation): Promise<Evaluation> {
    await this.rows.insert(toRow(evaluation));
    return evaluation;
  }

  async findById(tenantId: string, id: string): Promise<Evaluation | null> {
    if (!UUID.test(id)) return null;
    const row = await this.rows.findOneBy({ id, tenantId });
    return row ? toEvaluation(row) : null;
  }

  async listByTask(tenantId: string, taskId: string, limit: number): Promise<Evaluation[]> {
    const rows = await this.rows.find({ where: { tenantId, taskId }, order: { createdAt: "DESC", id: "DESC" }, take: limit });
    return rows.map(toEvaluation);
  }

  /** The task's evaluations go with it (a running one finds its row gone and stops writing). */
  async deleteByTask(tenantId: string, taskId: string): Promise<number> {
    const result = await this.rows.delete({ tenantId, taskId });
    return result.affected ?? 0;
  }

  async progress(id: string, c: EvaluationCounters): Promise<void> {
    await this.dataSource.query(
      `UPDATE annotation_job.evaluation SET frames_done = $2, frames_failed = $3, failures = $4::jsonb, updated_at = now()
        WHERE id = $1 AND status = 'RUNNING'`,
      [id, c.framesDone, c.framesFailed, JSON.stringify(c.failures)],
    );
  }

  async complete(id: string, c: EvaluationCounters, results: EvaluationResults, now: Date): Promise<Evaluation | null> {
    return this.finish(
      id,
      `status = 'COMPLETED', frames_done = $2, frames_failed = $3, failures = $4::jsonb, results = $5::jsonb, finished_at = $6, updated_at = $6`,
      [c.framesDone, c.framesFailed, JSON.stringify(c.failures), JSON.stringify(results), now],
    );
  }

  async fail(id: string, code: string, reason: string, c: EvaluationCounters | null, now: Date): Promise<Evaluation | null> {
    const counters = c ? `, frames_done = $5, frames_failed = $6, failures = $7::jsonb` : "";
    return this.finish(
      id,
      `status = 'FAILED', failure_code = $2, failure_reason = $3, finished_at = $4, updated_at = $4${counters}`,
      c ? [code, reason, now, c.framesDone, c.framesFailed, JSON.stringify(c.failures)] : [code, reason, now],
    );
  }

  async failStale(staleAfterMs: number, code: string, reason: string): Promise<string[]> {
    // UPDATE … RETURNING answers [rows, rowCount] through TypeORM's postgres driver.
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE annotation_job.evaluation
          SET status = 'FAILED', failure_code = $2, failure_reason = $3, finished_at = now(), updated_at = now()
        WHERE status = 'RUNNING' AND updated_at < now() - make_interval(secs => $1::double precision / 1000)
        RETURNING id`,
      [staleAfterMs, code, reason],
    );
    return rows.map((r) => r.id);
  }

  private async finish(id: string, set: string, params: unknown[]): Promise<Evaluation | null> {
    const [rows]: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE annotation_job.evaluation SET ${set} WHERE id = $1 AND status = 'RUNNING' RETURNING id`,
      [id, ...params],
    );
    if (!rows.length) return null;
    const row = await this.rows.findOneBy({ id });
    return row ? toEvaluation(row) : null;
  }
}

function toRow(e: Evaluation): EvaluationEntity {
  return Object.assign(new EvaluationEntity(), {
    id: e.id,
    tenantId: e.tenantId,
    taskId: e.taskId,
    modelId: e.modelId,
    status: e.status,
    framesTotal: e.framesTotal,
    framesDone: e.framesDone,
    framesFailed: e.framesFailed,
    threshold: e.threshold,
    labelThresholds: e.labelThresholds,
    mapping: e.mapping,
    tiling: e.tiling,
    convertMasksToPolygons: e.convertMasksToPolygons,
    results: e.results,
    failures: e.failures,
    failureCode: e.failureCode,
    failureReason: e.failureReason,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    finishedAt: e.finishedAt,
  });
}

function toEvaluation(r: EvaluationEntity): Evaluation {
  return {
    id: r.id,
    tenantId: r.tenantId,
    taskId: r.taskId,
    modelId: r.modelId,
    status: r.status,
    framesTotal: r.framesTotal,
    framesDone: r.framesDone,
    framesFailed: r.framesFailed,
    threshold: r.threshold,
    labelThresholds: r.labelThresholds,
    mapping: r.mapping,
    tiling: r.tiling,
    convertMasksToPolygons: r.convertMasksToPolygons,
    results: r.results,
    failures: r.failures,
    failureCode: r.failureCode,
    failureReason: r.failureReason,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    finishedAt: r.finishedAt,
  };
}
