import { randomUUID } from "node:crypto";
import { In, type DataSource, type EntityManager } from "typeorm";
import type { AnnotationEdits, EditOutcome, EditRefusal } from "../domain/annotation-edit.js";
import type { FrameSize } from "../domain/annotation-validation.js";
import { AnnotationSource } from "../domain/label-types.js";
import { isUuid } from "../domain/pagination.js";
import type { StagedShape } from "../domain/staged-shape.js";
import { tryLockTaskAnnotations } from "./annotation-lock.js";
import { AnnotationEntity } from "./entities/annotation.entity.js";

/** Rows per INSERT: 15 bind parameters each, far under PostgreSQL's 65,535. */
const INSERT_CHUNK = 1_000;

/** Thrown inside the transaction so it rolls back whatever it did; caught outside and returned. */
class Refused extends Error {
  constructor(readonly refusal: EditRefusal) {
    super(refusal.kind);
  }
}

/**
 * Writes manual edits to a task's annotations: creates, whole-shape updates and deletes in one transaction, under the
 * task's annotations lock (annotation-lock.ts, shared with job commits) and its optimistic-concurrency checks. Every
 * method takes the caller's tenant: another tenant's task has no frames, no annotations, and cannot be saved to.
 */
export class AnnotationEditRepository {
  constructor(
    private readonly dataSource: DataSource,
    /** How long a save waits for a job commit holding the task's annotations lock before it is refused (busy). */
    private readonly lockWaitMs: number,
  ) {}

  /** The frame of each of the tenant's task's top-level annotations among `ids` (those that exist). */
  async framesOf(tenantId: string, taskId: string, ids: readonly string[]): Promise<Map<string, number>> {
    const wanted = ids.filter(isUuid);
    if (!isUuid(taskId) || !wanted.length) return new Map();
    const rows: { id: string; frame: number }[] = await this.dataSource.query(
      `SELECT a."id", a."frame" FROM "task"."annotation" a JOIN "task"."task" t ON t."id" = a."task_id" AND t."tenant_id" = $2
        WHERE a."task_id" = $1 AND a."parent_id" IS NULL AND a."id" = ANY($3::uuid[])`,
      [taskId, tenantId, wanted],
    );
    return new Map(rows.map((r) => [r.id, r.frame]));
  }

  /** The size of each of the tenant's task's frames among `frames` (those that exist). */
  async frameSizes(tenantId: string, taskId: string, frames: readonly number[]): Promise<Map<number, FrameSize>> {
    if (!isUuid(taskId) || !frames.length) return new Map();
    const rows: { index: number; width: number | null; height: number | null }[] = await this.dataSource.query(
      `SELECT f."index", f."width", f."height" FROM "task"."frame" f JOIN "task"."task" t ON t."id" = f."task_id" AND t."tenant_id" = $2
        WHERE f."task_id" = $1 AND f."index" = ANY($3::int[])`,
      [taskId, tenantId, [...new Set(frames)]],
    );
    return new Map(rows.map((r) => [r.index, { width: r.width, height: r.height }]));
  }

  /**
   * Applies the edits in one transaction, or nothing: refused when the lock stays taken (busy), the task is not the
   * tenant's (missing-task), `expectedVersion` is not the task's annotationsVersion (stale-task), an updated or deleted
   * annotation is not one of the task's top-level annotations (missing-annotations) or an update's `version` is not
   * the annotation's (stale-annotations). Updated annotations become MANUAL, keep their score, job and frame, and get
   * version + 1 (and leave the review queue: a person's edit is a review); a skeleton's elements are replaced. The task's annotationsVersion goes up by one.
   */
  async apply(tenantId: string, taskId: string, edits: AnnotationEdits): Promise<EditOutcome> {
    if (!isUuid(taskId)) return { kind: "missing-task" };
    try {
      return await this.dataSource.transaction((em) => this.applyIn(em, tenantId, taskId, edits));
    } catch (err) {
      if (err instanceof Refused) return err.refusal;
      throw err;
    }
  }

  private async applyIn(em: EntityManager, tenantId: string, taskId: string, edits: AnnotationEdits): Promise<EditOutcome> {
    if (!(await tryLockTaskAnnotations(em, taskId, this.lockWaitMs))) throw new Refused({ kind: "busy" });
    const [task]: { annotations_version: number }[] = await em.query(
      `SELECT "annotations_version" FROM "task"."task" WHERE "id" = $1 AND "tenant_id" = $2 FOR NO KEY UPDATE`,
      [taskId, tenantId],
    );
    if (!task) throw new Refused({ kind: "missing-task" });
    if (edits.expectedVersion !== null && edits.expectedVersion !== task.annotations_version) {
      throw new Refused({ kind: "stale-task", expectedVersion: edits.expectedVersion, currentVersion: task.annotations_version });
    }

    const touched = [...edits.update.map((u) => u.id), ...edits.delete];
    const current = new Map<string, number>();
    const valid = touched.filter(isUuid);
    if (valid.length) {
      // FOR UPDATE: the rows this save changes, in id order (the lock already serialises writers; this is belt and braces).
      const rows: { id: string; version: number }[] = await em.query(
        `SELECT "id", "version" FROM "task"."annotation" WHERE "task_id" = $1 AND "parent_id" IS NULL AND "id" = ANY($2::uuid[])
          ORDER BY "id" FOR UPDATE`,
        [taskId, valid],
      );
      for (const r of rows) current.set(r.id, r.version);
    }
    const missing = touched.filter((id) => !current.has(id));
    if (missing.length) throw new Refused({ kind: "missing-annotations", ids: missing });
    const stale = edits.update
      .filter((u) => u.version !== null && u.version !== current.get(u.id))
      .map((u) => ({ id: u.id, expectedVersion: u.version!, currentVersion: current.get(u.id)! }));
    if (stale.length) throw new Refused({ kind: "stale-annotations", annotations: stale });

    // Deletes first (a skeleton's elements go with it: ON DELETE CASCADE).
    if (edits.delete.length) await em.query(`DELETE FROM "task"."annotation" WHERE "id" = ANY($1::uuid[])`, [edits.delete]);

    const elementRows: Partial<AnnotationEntity>[] = [];
    if (edits.update.length) {
      const updates = edits.update.map((u) => ({
        id: u.id,
        label_id: u.shape.labelId,
        type: u.shape.type,
        points: u.shape.points,
        mask: u.shape.mask,
        attributes: u.shape.attributes,
        occluded: u.shape.occluded,
        outside: u.shape.outside,
      }));
      await em.query(
        `UPDATE "task"."annotation" a
            SET "label_id" = x.label_id, "type" = x.type, "points" = translate(x.points::text, '[]', '{}')::real[],
                "mask" = NULLIF(x.mask, 'null'::jsonb), "attributes" = x.attributes, "occluded" = x.occluded,
                "outside" = x.outside, "source" = '${AnnotationSource.MANUAL}', "version" = a."version" + 1,
                "needs_review" = false
           FROM jsonb_to_recordset($1::jsonb)
             AS x(id uuid, label_id uuid, type text, points jsonb, mask jsonb, attributes jsonb, occluded boolean, outside boolean)
          WHERE a."id" = x.id`,
        [JSON.stringify(updates)],
      );
      await em.query(`DELETE FROM "task"."annotation" WHERE "parent_id" = ANY($1::uuid[])`, [edits.update.map((u) => u.id)]);
      const frames = await this.framesIn(
        em,
        edits.update.map((u) => u.id),
      );
      for (const u of edits.update) elementRows.push(...elementsOf(taskId, u.id, frames.get(u.id)!, u.shape));
    }

    const created = edits.create.map(({ frame, shape }) => ({ id: randomUUID(), frame, shape }));
    const parentRows = created.map(({ id, frame, shape }) => row(taskId, id, null, frame, shape));
    for (const c of created) elementRows.push(...elementsOf(taskId, c.id, c.frame, c.shape));
    // Parents before their elements (the self-reference).
    const rows = [...parentRows, ...elementRows];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) await em.insert(AnnotationEntity, rows.slice(i, i + INSERT_CHUNK));

    // UPDATE … RETURNING answers [rows, affected count].
    const [[bumped]] = await em.query<[{ annotations_version: number }[], number]>(
      `UPDATE "task"."task" SET "annotations_version" = "annotations_version" + 1 WHERE "id" = $1 RETURNING "annotations_version"`,
      [taskId],
    );
    const readBack = async (ids: string[]) => {
      if (!ids.length) return [];
      const found = await em.find(AnnotationEntity, { where: { id: In(ids) } });
      const byId = new Map(found.map((a) => [a.id, a]));
      return ids.map((id) => byId.get(id)!);
    };
    return {
      kind: "saved",
      annotationsVersion: bumped.annotations_version,
      created: await readBack(created.map((c) => c.id)),
      updated: await readBack(edits.update.map((u) => u.id)),
      deleted: [...edits.delete],
    };
  }

  private async framesIn(em: EntityManager, ids: readonly string[]): Promise<Map<string, number>> {
    const rows: { id: string; frame: number }[] = await em.query(
      `SELECT "id", "frame" FROM "task"."annotation" WHERE "id" = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.frame]));
  }
}

function row(taskId: string, id: string, parentId: string | null, frame: number, shape: StagedShape): Partial<AnnotationEntity> {
  return {
    id,
    taskId,
    parentId,
    frame,
    labelId: shape.labelId,
    type: shape.type,
    points: shape.points,
    mask: shape.mask,
    score: shape.score,
    source: AnnotationSource.MANUAL,
    jobId: null,
    attributes: shape.attributes,
    occluded: shape.occluded,
    outside: shape.outside,
    version: 1,
  };
}

function elementsOf(taskId: string, parentId: string, frame: number, shape: StagedShape): Partial<AnnotationEntity>[] {
  return shape.elements.map((e) => row(taskId, randomUUID(), parentId, frame, e));
}
