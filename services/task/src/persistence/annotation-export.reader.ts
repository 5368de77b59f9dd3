import type { DataSource } from "typeorm";
import type { ExportFilter } from "../domain/export-token.js";
import type { InterchangeShape } from "../domain/interchange/interchange.js";
import { ShapeType, type AnnotationSource, type LabelNode } from "../domain/label-types.js";
import type { AttributeValue, MaskRle } from "../domain/staged-shape.js";
import type { Frame } from "../domain/task.js";

/** Top-level annotations read per query while exporting; their skeletons' elements come in one more query. */
export const EXPORT_PAGE_SIZE = 1_000;

interface Row {
  id: string;
  seq: string;
  frame: number;
  label_id: string;
  type: ShapeType;
  points: number[];
  mask: MaskRle | null;
  score: number | null;
  source: AnnotationSource;
  attributes: AttributeValue[];
  occluded: boolean;
  outside: boolean;
  parent_id: string | null;
}

const COLUMNS = `a.id, a.seq, a.frame, a.label_id, a.type, a.points, a.mask, a.score, a.source, a.attributes, a.occluded, a.outside, a.parent_id`;

/**
 * Reads a task for an export: its frames (index order, without bytes) and its shapes page by page in (frame, seq)
 * order, so an export holds one page of shapes at a time. Callers have checked the task is the tenant's.
 */
export class AnnotationExportReader {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pageSize = EXPORT_PAGE_SIZE,
  ) {}

  async frames(taskId: string): Promise<Frame[]> {
    const rows: { index: number; name: string; object_name: string; width: number | null; height: number | null; size_bytes: number }[] =
      await this.dataSource.query(
        `SELECT "index", name, object_name, width, height, size_bytes FROM task.frame WHERE task_id = $1 ORDER BY "index"`,
        [taskId],
      );
    return rows.map((r) => ({
      taskId,
      index: r.index,
      name: r.name,
      objectName: r.object_name,
      width: r.width,
      height: r.height,
      sizeBytes: r.size_bytes,
    }));
  }

  /**
   * The task's top-level shapes that pass the filter, each with its elements, as interchange shapes named by label and
   * frame name. Stops between pages once `signal` is aborted (the download was cancelled).
   */
  async *shapes(
    taskId: string,
    labels: readonly LabelNode[],
    frameNames: readonly string[],
    filter: ExportFilter,
    signal?: AbortSignal,
  ): AsyncGenerator<InterchangeShape> {
    const labelName = new Map<string, string>();
    for (const l of labels) {
      labelName.set(l.id, l.name);
      for (const s of l.sublabels) labelName.set(s.id, s.name);
    }
    const conditions = [`a.task_id = $1`, `a.parent_id IS NULL`];
    const params: unknown[] = [taskId];
    if (filter.source !== null) conditions.push(`a.source = $${params.push(filter.source)}`);
    if (filter.minScore !== null) conditions.push(`(a.score IS NULL OR a.score >= $${params.push(filter.minScore)})`);
    if (filter.jobId !== null) conditions.push(`a.job_id = $${params.push(filter.jobId)}`);
    let after: { frame: number; seq: string } | null = null;
    for (;;) {
      signal?.throwIfAborted();
      const where = [...conditions];
      const pageParams = [...params];
      if (after) where.push(`(a.frame, a.seq) > ($${pageParams.push(after.frame)}, $${pageParams.push(after.seq)})`);
      const rows: Row[] = await this.dataSource.query(
        `SELECT ${COLUMNS} FROM task.annotation a WHERE ${where.join(" AND ")} ORDER BY a.frame, a.seq LIMIT ${this.pageSize}`,
        pageParams,
      );
      if (!rows.length) return;
      const skeletons = rows.filter((r) => r.type === ShapeType.SKELETON).map((r) => r.id);
      const elements = new Map<string, Row[]>();
      if (skeletons.length) {
        const children: Row[] = await this.dataSource.query(
          `SELECT ${COLUMNS} FROM task.annotation a WHERE a.parent_id = ANY($1::uuid[]) ORDER BY a.seq`,
          [skeletons],
        );
        for (const c of children) elements.set(c.parent_id!, [...(elements.get(c.parent_id!) ?? []), c]);
      }
      for (const r of rows) {
        const frameName = frameNames[r.frame];
        if (frameName === undefined) continue;
        yield { ...toShape(r, frameName, labelName), elements: (elements.get(r.id) ?? []).map((e) => toShape(e, frameName, labelName)) };
      }
      if (rows.length < this.pageSize) return;
      const last = rows[rows.length - 1];
      after = { frame: last.frame, seq: last.seq };
    }
  }
}

function toShape(r: Row, frameName: string, labelName: ReadonlyMap<string, string>): InterchangeShape {
  return {
    frameName,
    label: labelName.get(r.label_id) ?? r.label_id,
    type: r.type as InterchangeShape["type"],
    points: r.points.map(Number),
    mask: r.mask,
    score: r.score === null ? null : Number(r.score),
    attributes: r.attributes,
    occluded: r.occluded,
    outside: r.outside,
    elements: [],
    source: r.source,
  };
}
