import { In, type DataSource } from "typeorm";
import type { CursorKeys } from "../domain/pagination.js";
import { AnnotationEntity } from "./entities/annotation.entity.js";
import type { Page } from "./task.repository.js";

/** Reads annotations: top-level ones page by (frame, insertion order); elements by their skeleton. */
export class AnnotationRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(taskId: string, frame: number | null, first: number, after: CursorKeys["annotation"] | null): Promise<Page<AnnotationEntity>> {
    const qb = this.topLevel(taskId, frame).orderBy("a.frame", "ASC").addOrderBy("a.seq", "ASC").limit(first + 1);
    if (after) qb.andWhere("(a.frame, a.seq) > (:afterFrame, :afterSeq)", { afterFrame: after.frame, afterSeq: after.seq });
    const rows = await qb.getMany();
    return { rows: rows.slice(0, first), hasNextPage: rows.length > first };
  }

  count(taskId: string, frame: number | null): Promise<number> {
    return this.topLevel(taskId, frame).getCount();
  }

  /** Elements of each given skeleton annotation, in insertion order. */
  async elementsOf(parentIds: readonly string[]): Promise<Map<string, AnnotationEntity[]>> {
    const byParent = new Map<string, AnnotationEntity[]>(parentIds.map((id) => [id, []]));
    if (!parentIds.length) return byParent;
    const rows = await this.dataSource.getRepository(AnnotationEntity).find({ where: { parentId: In([...parentIds]) }, order: { seq: "ASC" } });
    for (const r of rows) byParent.get(r.parentId!)?.push(r);
    return byParent;
  }

  private topLevel(taskId: string, frame: number | null) {
    const qb = this.dataSource
      .getRepository(AnnotationEntity)
      .createQueryBuilder("a")
      .where("a.task_id = :taskId", { taskId })
      .andWhere("a.parent_id IS NULL");
    if (frame !== null) qb.andWhere("a.frame = :frame", { frame });
    return qb;
  }
}
