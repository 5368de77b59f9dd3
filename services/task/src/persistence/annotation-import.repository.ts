import type { DataSource, EntityManager } from "typeorm";
import { AnnotationSource } from "../domain/label-types.js";
import type { TaskFrameRef } from "../domain/interchange/import-matching.js";
import { isUuid } from "../domain/pagination.js";
import type { AnnotationDraft } from "../domain/staged-shape.js";

/** Inserts rows of one import, in batches, inside the import's transaction. */
export type ImportRowSink = (rows: readonly AnnotationDraft[]) => Promise<void>;

/**
 * importAnnotations' storage: the task's frames to match against, and one transaction in which the import's rows go
 * in (source MANUAL, no job) batch by batch, each batch one INSERT … SELECT FROM unnest(column arrays) (what the
 * commit of tracks does: arrays bind far faster than JSON rows). The task row is held FOR KEY SHARE (it cannot be
 * deleted meanwhile); an error thrown by the work rolls every batch back.
 */
export class AnnotationImportRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The tenant's task's frames (index, name, size), by index; none for another tenant's task. */
  async frames(tenantId: string, taskId: string): Promise<TaskFrameRef[]> {
    if (!isUuid(taskId)) return [];
    const rows: { index: number; name: string; width: number | null; height: number | null }[] = await this.dataSource.query(
      `SELECT f."index", f."name", f."width", f."height"
         FROM "task"."frame" f JOIN "task"."task" t ON t."id" = f."task_id" AND t."tenant_id" = $2
        WHERE f."task_id" = $1 ORDER BY f."index"`,
      [taskId, tenantId],
    );
    return rows;
  }

  /** Runs `work` in one transaction with a sink for its rows; null (nothing done) when the tenant has no such task. */
  inTransaction<T>(tenantId: string, taskId: string, work: (insert: ImportRowSink) => Promise<T>): Promise<T | null> {
    if (!isUuid(taskId)) return Promise.resolve(null);
    return this.dataSource.transaction(async (em) => {
      const owned: unknown[] = await em.query(`SELECT 1 FROM "task"."task" WHERE "id" = $1 AND "tenant_id" = $2 FOR KEY SHARE`, [taskId, tenantId]);
      if (!owned.length) return null;
      return work((rows) => insertRows(em, taskId, rows));
    });
  }
}

async function insertRows(em: EntityManager, taskId: string, rows: readonly AnnotationDraft[]): Promise<void> {
  if (!rows.length) return;
  const col = <T>(f: (r: AnnotationDraft) => T) => rows.map(f);
  await em.query(
    `INSERT INTO "task"."annotation"
            ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "mask", "score", "source", "job_id", "attributes", "occluded", "outside")
     SELECT u.id, $1, u.parent_id, u.frame, u.label_id, u.type, u.points::real[], u.mask::jsonb, u.score, '${AnnotationSource.MANUAL}', NULL,
            u.attributes::jsonb, u.occluded, u.outside
       FROM unnest($2::uuid[], $3::uuid[], $4::int[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::real[], $10::text[], $11::bool[], $12::bool[])
            WITH ORDINALITY AS u(id, parent_id, frame, label_id, type, points, mask, score, attributes, occluded, outside, ord)
      ORDER BY u.ord`,
    [
      taskId,
      col((r) => r.id),
      col((r) => r.parentId),
      col((r) => r.frame),
      col((r) => r.labelId),
      col((r) => r.type),
      col((r) => `{${r.points.join(",")}}`),
      col((r) => (r.mask ? JSON.stringify(r.mask) : null)),
      col((r) => r.score),
      col((r) => JSON.stringify(r.attributes)),
      col((r) => r.occluded),
      col((r) => r.outside),
    ],
  );
}
