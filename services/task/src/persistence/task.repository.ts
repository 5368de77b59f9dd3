import { randomUUID } from "node:crypto";
import { In, type DataSource, type EntityManager } from "typeorm";
import type { AttributeSpec, LabelNode, ValidLabel } from "../domain/label-types.js";
import { lockOrder } from "../domain/frame-object.js";
import { isUuid, type CursorKeys } from "../domain/pagination.js";
import type { NewFrame } from "../domain/task.js";
import { TaskErrors } from "../domain/task.errors.js";
import type { TaskVideo } from "../domain/task-video.js";
import { FrameEntity } from "./entities/frame.entity.js";
import { lockFrameObjects } from "./frame-object.repository.js";
import { LabelEntity } from "./entities/label.entity.js";
import { StagedResultEntity } from "./entities/staged-result.entity.js";
import { TaskEntity } from "./entities/task.entity.js";
import { TaskVideoEntity } from "./entities/task-video.entity.js";

/** An import's claims (FrameObjectRepository.claim) and a way to check the store for objects it lost them on. */
export interface IngestClaims {
  ingestId: string;
  /** Of `names`, those the object store does not hold. */
  missingObjects(names: readonly string[]): Promise<string[]>;
}

/** Bytes an import stored were removed before its rows went in (its claims had expired): nothing was added. */
export class FrameBytesMissingError extends Error {
  override readonly name = "FrameBytesMissingError";
  constructor(readonly objectNames: readonly string[]) {
    super(
      `frame bytes ${objectNames.slice(0, 3).join(", ")}${objectNames.length > 3 ? "…" : ""} were removed before the import finished; import again`,
    );
  }
}

/** Labels per INSERT: 7,000 bind parameters, far under PostgreSQL's 65,535. */
export const LABEL_INSERT_CHUNK = 1_000;

export interface Page<T> {
  rows: T[];
  hasNextPage: boolean;
}

/**
 * Tasks, their label trees and their frames. Every method the GraphQL API uses takes the caller's tenant first and
 * treats another tenant's task as missing; labels and frames are scoped through their task's `tenant_id`. The
 * `…InAnyTenant` reads take task ids their caller has already checked against the message's tenant (describe-task
 * after `findById`, a commit after checking the task's tenant); never for GraphQL.
 */
export class TaskRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the tenant's task and its (validated) label tree in one transaction. */
  create(tenantId: string, name: string, labels: readonly ValidLabel[]): Promise<TaskEntity> {
    return this.dataSource.transaction(async (em) => {
      const task = em.create(TaskEntity, { id: randomUUID(), tenantId, name, size: 0 });
      await em.insert(TaskEntity, task);
      const rows: LabelEntity[] = [];
      const collect = (level: readonly ValidLabel[], parentId: string | null) =>
        level.forEach((label, position) => {
          const id = randomUUID();
          rows.push(
            em.create(LabelEntity, {
              id,
              taskId: task.id,
              parentId,
              position,
              name: label.name,
              type: label.type,
              attributes: label.attributes,
            }),
          );
          collect(label.sublabels, id);
        });
      collect(labels, null);
      // In chunks: one INSERT may bind at most 65,535 parameters (7 a label). Parents precede their sublabels
      // in `rows`, so each chunk's self-references point at rows already inserted or in the same chunk.
      for (let i = 0; i < rows.length; i += LABEL_INSERT_CHUNK) await em.insert(LabelEntity, rows.slice(i, i + LABEL_INSERT_CHUNK));
      return em.findOneByOrFail(TaskEntity, { id: task.id });
    });
  }

  /** The tenant's task; null for an unknown id and for another tenant's task alike. */
  async findById(tenantId: string, id: string): Promise<TaskEntity | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.getRepository(TaskEntity).findOneBy({ tenantId, id });
  }

  async page(tenantId: string, first: number, after: CursorKeys["task"] | null): Promise<Page<TaskEntity>> {
    const qb = this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder("t")
      .where("t.tenant_id = :tenantId", { tenantId })
      .orderBy("t.created_at", "DESC")
      .addOrderBy("t.id", "DESC")
      .limit(first + 1);
    if (after) qb.andWhere("(t.created_at, t.id) < (:createdAt, :id)", { createdAt: new Date(after.createdAt), id: after.id });
    const rows = await qb.getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  count(tenantId: string): Promise<number> {
    return this.dataSource.getRepository(TaskEntity).countBy({ tenantId });
  }

  /**
   * Removes the task with its labels, frames and annotations (foreign-key cascades) and any results
   * staged for it, running `beforeCommit` (the TaskDeleted announcement) in the same transaction; returns the
   * object names its frames used (null when the tenant has no such task).
   * The bytes are not touched here: they may be shared, and they go only after this commits
   * (FrameObjectCollector), so a crash in between leaves an orphan object, never a row without bytes.
   */
  async delete(tenantId: string, id: string, beforeCommit: () => Promise<void> = async () => undefined): Promise<string[] | null> {
    if (!isUuid(id)) return null;
    return this.dataSource.transaction(async (em) => {
      // Locked first, so frames an append is adding right now are in (and named) or never added.
      const locked: unknown[] = await em.query(`SELECT 1 FROM "task"."task" WHERE "id" = $1 AND "tenant_id" = $2 FOR UPDATE`, [
        id,
        tenantId,
      ]);
      if (!locked.length) return null;
      const [frames] = await em.query<[{ object_name: string }[], number]>(
        `DELETE FROM "task"."frame" WHERE "task_id" = $1 RETURNING "object_name"`,
        [id],
      );
      await em.delete(TaskEntity, { id });
      await em.delete(StagedResultEntity, { taskId: id });
      // Last, with every row gone: when it throws, the whole delete rolls back.
      await beforeCommit();
      return lockOrder(frames.map((f) => f.object_name));
    });
  }

  /** Each of the tenant's tasks' label tree (sublabels nested), in the order the client gave them; another tenant's task has none. */
  labelTrees(tenantId: string, taskIds: readonly string[]): Promise<Map<string, LabelNode[]>> {
    return this.labelTreesOf(taskIds, this.dataSource.manager, tenantId);
  }

  /** Label trees of tasks whose tenant the caller has checked (the NATS paths: describe-task, commit). */
  labelTreesInAnyTenant(taskIds: readonly string[], em: EntityManager = this.dataSource.manager): Promise<Map<string, LabelNode[]>> {
    return this.labelTreesOf(taskIds, em, null);
  }

  private async labelTreesOf(taskIds: readonly string[], em: EntityManager, tenantId: string | null): Promise<Map<string, LabelNode[]>> {
    const trees = new Map<string, LabelNode[]>(taskIds.map((id) => [id, []]));
    const ids = taskIds.filter(isUuid);
    if (!ids.length) return trees;
    const rows = await em.find(LabelEntity, {
      where: { taskId: In(tenantId === null ? ids : await ownedBy(em, tenantId, ids)) },
      order: { position: "ASC" },
    });
    const nodes = new Map<string, LabelNode>(rows.map((r) => [r.id, toNode(r.id, r.name, r.type, r.attributes)]));
    for (const r of rows) {
      const node = nodes.get(r.id)!;
      if (r.parentId) nodes.get(r.parentId)?.sublabels.push(node);
      else trees.get(r.taskId)?.push(node);
    }
    return trees;
  }

  /**
   * Appends frames with consecutive indexes after the current last one, under the task row's
   * lock so concurrent appends never collide. Null when the tenant has no such task; VIDEO_TASK for a video task.
   */
  appendFrames(tenantId: string, taskId: string, frames: readonly NewFrame[], ingest?: IngestClaims): Promise<TaskEntity | null> {
    if (!isUuid(taskId)) return Promise.resolve(null);
    return this.dataSource.transaction(async (em) => {
      const locked = await lockTask(em, tenantId, taskId);
      if (!locked) return null;
      if (await em.existsBy(TaskVideoEntity, { taskId })) throw TaskErrors.videoTask(taskId);
      if (ingest) await swapClaimsForRows(em, frames, ingest);
      const rows = frames.map((f, i) => em.create(FrameEntity, { taskId, index: locked.size + i, ...f }));
      for (let i = 0; i < rows.length; i += 1_000) await em.insert(FrameEntity, rows.slice(i, i + 1_000));
      await em.update(TaskEntity, { id: taskId }, { size: locked.size + rows.length });
      return { ...locked, size: locked.size + rows.length };
    });
  }

  /**
   * Makes a task without frames a video task: its video row and its frames (0..n-1, in video order) in one
   * transaction, under the task row's lock, swapping the import's claims for the rows. Null when the tenant has no
   * such task; TASK_NOT_EMPTY when the task has frames (or a video) by then.
   */
  appendVideoFrames(
    tenantId: string,
    taskId: string,
    video: TaskVideo,
    frames: readonly NewFrame[],
    ingest: IngestClaims,
  ): Promise<TaskEntity | null> {
    if (!isUuid(taskId)) return Promise.resolve(null);
    return this.dataSource.transaction(async (em) => {
      const locked = await lockTask(em, tenantId, taskId);
      if (!locked) return null;
      if (locked.size > 0 || (await em.existsBy(TaskVideoEntity, { taskId }))) throw TaskErrors.taskNotEmpty(taskId);
      await swapClaimsForRows(em, frames, ingest);
      await em.insert(TaskVideoEntity, { taskId, ...video });
      const rows = frames.map((f, index) => em.create(FrameEntity, { taskId, index, ...f }));
      for (let i = 0; i < rows.length; i += 1_000) await em.insert(FrameEntity, rows.slice(i, i + 1_000));
      await em.update(TaskEntity, { id: taskId }, { size: rows.length });
      return { ...locked, size: rows.length };
    });
  }

  /** The tenant's tasks' videos, by task id (image tasks and other tenants' tasks have none). */
  async videos(tenantId: string, taskIds: readonly string[]): Promise<Map<string, TaskVideo>> {
    const ids = taskIds.filter(isUuid);
    if (!ids.length) return new Map();
    const rows = await this.dataSource
      .getRepository(TaskVideoEntity)
      .createQueryBuilder("v")
      .innerJoin(TaskEntity, "t", "t.id = v.task_id AND t.tenant_id = :tenantId", { tenantId })
      .where("v.task_id IN (:...ids)", { ids })
      .getMany();
    return new Map(rows.map(({ taskId, ...video }) => [taskId, video]));
  }

  /** Whether the tenant's task is a video task. */
  async isVideoTask(tenantId: string, taskId: string): Promise<boolean> {
    return (await this.videos(tenantId, [taskId])).has(taskId);
  }

  /** A page of the tenant's task's frames; another tenant's task has none. */
  async framesPage(tenantId: string, taskId: string, first: number, after: CursorKeys["frame"] | null): Promise<Page<FrameEntity>> {
    if (!isUuid(taskId)) return { rows: [], hasNextPage: false };
    const qb = this.dataSource
      .getRepository(FrameEntity)
      .createQueryBuilder("f")
      .innerJoin(TaskEntity, "t", "t.id = f.task_id AND t.tenant_id = :tenantId", { tenantId })
      .where("f.task_id = :taskId", { taskId })
      .orderBy("f.index", "ASC")
      .limit(first + 1);
    if (after) qb.andWhere("f.index > :index", { index: after.index });
    const rows = await qb.getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  /**
   * Frames in the inclusive range, ascending; an unset bound is open. `limit`: the first that many only.
   * Frames of a task whose tenant the caller has checked (describe-task, after `findById`).
   */
  framesInRangeInAnyTenant(taskId: string, start: number | undefined, stop: number | undefined, limit?: number): Promise<FrameEntity[]> {
    const qb = this.dataSource
      .getRepository(FrameEntity)
      .createQueryBuilder("f")
      .where("f.task_id = :taskId", { taskId })
      .orderBy("f.index", "ASC");
    if (start !== undefined) qb.andWhere("f.index >= :start", { start });
    if (stop !== undefined) qb.andWhere("f.index <= :stop", { stop });
    if (limit !== undefined) qb.limit(limit);
    return qb.getMany();
  }
}

/**
 * The import's claims on its objects become frame rows in this transaction. An object whose claim
 * is gone (expired by a sweep while the import ran for longer than the TTL) is checked under its
 * shared lock: present, it cannot be collected before the rows commit; missing, the import fails.
 */
async function swapClaimsForRows(em: EntityManager, frames: readonly NewFrame[], ingest: IngestClaims): Promise<void> {
  const [rows] = await em.query<[{ object_name: string }[], number]>(
    `DELETE FROM "task"."frame_object_claim" WHERE "ingest_id" = $1 RETURNING "object_name"`,
    [ingest.ingestId],
  );
  const claimed = new Set(rows.map((r) => r.object_name));
  const unclaimed = lockOrder(frames.map((f) => f.objectName)).filter((name) => !claimed.has(name));
  if (!unclaimed.length) return;
  await lockFrameObjects(em, unclaimed, "shared");
  const missing = await ingest.missingObjects(unclaimed);
  if (missing.length) throw new FrameBytesMissingError(missing);
}

/**
 * FOR NO KEY UPDATE: serialises appends (size changes) without blocking the FOR KEY SHARE
 * taken by staging and by foreign-key checks.
 */
async function lockTask(em: EntityManager, tenantId: string, taskId: string): Promise<TaskEntity | null> {
  const rows: { id: string; tenant_id: string; name: string; size: number; annotations_version: number; created_at: Date }[] =
    await em.query(
      `SELECT "id", "tenant_id", "name", "size", "annotations_version", "created_at" FROM "task"."task" WHERE "id" = $1 AND "tenant_id" = $2 FOR NO KEY UPDATE`,
      [taskId, tenantId],
    );
  const r = rows[0];
  return r
    ? Object.assign(new TaskEntity(), {
        id: r.id,
        tenantId: r.tenant_id,
        name: r.name,
        size: r.size,
        annotationsVersion: r.annotations_version,
        createdAt: r.created_at,
      })
    : null;
}

/** Of `ids`, the tasks the tenant owns. */
async function ownedBy(em: EntityManager, tenantId: string, ids: readonly string[]): Promise<string[]> {
  const rows: { id: string }[] = await em.query(`SELECT "id" FROM "task"."task" WHERE "id" = ANY($1::uuid[]) AND "tenant_id" = $2`, [
    ids,
    tenantId,
  ]);
  return rows.map((r) => r.id);
}

function toNode(id: string, name: string, type: LabelNode["type"], attributes: AttributeSpec[]): LabelNode {
  return {
    id,
    name,
    type,
    attributes: attributes.map((a) => ({ ...a, values: a.values ?? [], defaultValue: a.defaultValue ?? null })),
    sublabels: [],
  };
}
