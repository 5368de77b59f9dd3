import type { DataSource } from "typeorm";
import { isUuid, type CursorKeys } from "../domain/pagination.js";
import { AnnotationEntity } from "./entities/annotation.entity.js";
import { TaskEntity } from "./entities/task.entity.js";
import type { Page } from "./task.repository.js";

/**
 * Reads annotations: top-level ones page by (frame, insertion order); elements by their skeleton. Every read takes
 * the caller's tenant first and joins the annotation's task on it: another tenant's task has no annotations.
 */
export class AnnotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    tenantId: string,
    taskId: string,
    frame: number | null,
    first: number,
    after: CursorKeys["annotation"] | null,
  ): Promise<Page<AnnotationEntity>> {
    if (!isUuid(taskId)) return { rows: [], hasNextPage: false };
    const qb = this.topLevel(tenantId, taskId, frame)
      .orderBy("a.frame", "ASC")
      .addOrderBy("a.seq", "ASC")
      .limit(first + 1);
    if (after) qb.andWhere("(a.frame, a.seq) > (:afterFrame, :afterSeq)", { afterFrame: after.frame, afterSeq: after.seq });
    const rows = await qb.getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  async count(tenantId: string, taskId: string, frame: number | null): Promise<number> {
    if (!isUuid(taskId)) return 0;
    return this.topLevel(tenantId, taskId, frame).getCount();
  }

  /** Elements of each given skeleton annotation, in insertion order. */
  async elementsOf(tenantId: string, parentIds: readonly string[]): Promise<Map<string, AnnotationEntity[]>> {
    const byParent = new Map<string, AnnotationEntity[]>(parentIds.map((id) => [id, []]));
    const ids = parentIds.filter(isUuid);
    if (!ids.length) return byParent;
    const rows = await this.dataSource
      .getRepository(AnnotationEntity)
      .createQueryBuilder("a")
      .innerJoin(TaskEntity, "t", "t.id = a.task_id AND t.tenant_id = :tenantId", { tenantId })
      .where("a.parent_id IN (:...ids)", { ids })
      .orderBy("a.seq", "ASC")
      .getMany();
    for (const r of rows) byParent.get(r.parentId!)?.push(r);
    return byParent;
  }

  private topLevel(tenantId: string, taskId: string, frame: number | null) {
    const qb = this.dataSource
      .getRepository(AnnotationEntity)
      .createQueryBuilder("a")
      .innerJoin(TaskEntity, "t", "t.id = a.task_id AND t.tenant_id = :tenantId", { tenantId })
      .where("a.task_id = :taskId", { taskId })
      .andWhere("a.parent_id IS NULL");
    if (frame !== null) qb.andWhere("a.frame = :frame", { frame });
    return qb;
  }
}
