import type { DataSource, EntityManager } from "typeorm";
import type { ReviewDecision, ReviewOutcome } from "../domain/review.js";
import { isUuid, type CursorKeys } from "../domain/pagination.js";
import { tryLockTaskAnnotations } from "./annotation-lock.js";
import { AnnotationEntity } from "./entities/annotation.entity.js";
import { TaskEntity } from "./entities/task.entity.js";
import type { Page } from "./task.repository.js";

/** Thrown inside the transaction so it rolls back; caught outside and returned. */
class Refused extends Error {
  constructor(readonly outcome: ReviewOutcome) {
    super(outcome.kind);
  }
}

/**
 * The review queue (a task's top-level annotations flagged needs_review, lowest score first, then insertion order;
 * the partial index annotation_review_queue_idx serves it) and its resolution. Every method takes the caller's
 * tenant: another tenant's task has an empty queue and nothing to resolve.
 */
export class ReviewRepository {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a resolution waits for a job commit (or save) holding the task's annotations lock before it is refused (busy). */
    private readonly lockWaitMs: number,
  ) {}

  async page(tenantId: string, taskId: string, first: number, after: CursorKeys["review"] | null): Promise<Page<AnnotationEntity>> {
    if (!isUuid(taskId)) return { rows: [], hasNextPage: false };
    const qb = this.queue(tenantId, taskId)
      .orderBy("a.score", "ASC")
      .addOrderBy("a.seq", "ASC")
      .limit(first + 1);
    // The score compared as the column's own type (real): the cursor's number is what the column gave.
    if (after)
      qb.andWhere("(a.score, a.seq) > (CAST(:afterScore AS real), CAST(:afterSeq AS bigint))", {
        afterScore: after.score,
        afterSeq: after.seq,
      });
    const rows = await qb.getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async count(tenantId: string, taskId: string): Promise<number> {
    if (!isUuid(taskId)) return 0;
    return this.queue(tenantId, taskId).getCount();
  }

  /**
   * Accepts (clears the flag, version + 1) or rejects (deletes, elements with them) the task's flagged top-level
   * annotations `ids` (distinct) in one transaction under the task's annotations lock, bumping its annotationsVersion;
   * or changes nothing: busy (the lock stayed taken), missing-task (not the tenant's), missing (ids that are not the
   * task's top-level annotations), not-flagged (ids of the task not in its queue).
   */
  async resolve(tenantId: string, taskId: string, ids: readonly string[], decision: ReviewDecision): Promise<ReviewOutcome> {
    if (!isUuid(taskId)) return { kind: "missing-task" };
    try {
      return await this.dataSource.transaction((em) => this.resolveIn(em, tenantId, taskId, ids, decision));
    } catch (err) {
      if (err instanceof Refused) return err.outcome;
      throw err;
    }
  }

  private async resolveIn(
    em: EntityManager,
    tenantId: string,
    taskId: string,
    ids: readonly string[],
    decision: ReviewDecision,
  ): Promise<ReviewOutcome> {
    if (!(await tryLockTaskAnnotations(em, taskId, this.lockWaitMs))) throw new Refused({ kind: "busy" });
    const [task]: unknown[] = await em.query(`SELECT 1 FROM "task"."task" WHERE "id" = $1 AND "tenant_id" = $2 FOR NO KEY UPDATE`, [
      taskId,
      tenantId,
    ]);
    if (!task) throw new Refused({ kind: "missing-task" });
    const valid = ids.filter(isUuid);
    const rows: { id: string; needs_review: boolean }[] = valid.length
      ? await em.query(
          `SELECT "id", "needs_review" FROM "task"."annotation" WHERE "task_id" = $1 AND "parent_id" IS NULL AND "id" = ANY($2::uuid[])
            ORDER BY "id" FOR UPDATE`,
          [taskId, valid],
        )
      : [];
    const flagged = new Map(rows.map((r) => [r.id, r.needs_review]));
    const missing = ids.filter((id) => !flagged.has(id));
    if (missing.length) throw new Refused({ kind: "missing", ids: missing });
    const notFlagged = ids.filter((id) => !flagged.get(id));
    if (notFlagged.length) throw new Refused({ kind: "not-flagged", ids: notFlagged });

    if (decision === "ACCEPT") {
      await em.query(`UPDATE "task"."annotation" SET "needs_review" = false, "version" = "version" + 1 WHERE "id" = ANY($1::uuid[])`, [
        ids,
      ]);
      await em.query(`UPDATE "task"."annotation" SET "needs_review" = false WHERE "parent_id" = ANY($1::uuid[])`, [ids]);
    } else {
      // A skeleton's elements go with it (ON DELETE CASCADE).
      await em.query(`DELETE FROM "task"."annotation" WHERE "id" = ANY($1::uuid[])`, [ids]);
    }
    // UPDATE … RETURNING answers [rows, affected count].
    const [[bumped]] = await em.query<[{ annotations_version: number }[], number]>(
      `UPDATE "task"."task" SET "annotations_version" = "annotations_version" + 1 WHERE "id" = $1 RETURNING "annotations_version"`,
      [taskId],
    );
    const [left]: { n: number }[] = await em.query(
      `SELECT count(*)::int AS n FROM "task"."annotation" WHERE "task_id" = $1 AND "needs_review" AND "parent_id" IS NULL`,
      [taskId],
    );
    return {
      kind: "resolved",
      accepted: decision === "ACCEPT" ? ids.length : 0,
      rejected: decision === "REJECT" ? ids.length : 0,
      remaining: left?.n ?? 0,
      annotationsVersion: bumped.annotations_version,
    };
  }

  private queue(tenantId: string, taskId: string) {
    return this.dataSource
      .getRepository(AnnotationEntity)
      .createQueryBuilder("a")
      .innerJoin(TaskEntity, "t", "t.id = a.task_id AND t.tenant_id = :tenantId", { tenantId })
      .where("a.task_id = :taskId", { taskId })
      .andWhere("a.needs_review")
      .andWhere("a.parent_id IS NULL");
  }
}
