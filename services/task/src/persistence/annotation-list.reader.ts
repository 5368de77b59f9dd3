import type { DataSource } from "typeorm";
import { AnnotationSource, ShapeType } from "../domain/label-types.js";
import type { AttributeValue, MaskRle, StagedShape } from "../domain/staged-shape.js";

interface Row {
  id: string;
  frame: number;
  label_id: string;
  type: ShapeType;
  points: number[] | null;
  mask: MaskRle | null;
  score: number | null;
  attributes: AttributeValue[] | null;
  occluded: boolean;
  outside: boolean;
  parent_id: string | null;
}

const COLUMNS = `"id", "frame", "label_id", "type", "points", "mask", "score", "attributes", "occluded", "outside", "parent_id"`;

/** One frame's stored shapes (top-level, each with its elements), in insertion order. */
export interface FrameShapes {
  frame: number;
  shapes: StagedShape[];
}

/**
 * Reads a task's stored annotations per frame for task.v1.list-annotations (an evaluation's ground truth). Callers
 * have checked the task is the tenant's.
 */
export class AnnotationListReader {
  constructor(private readonly dataSource: DataSource) {}

  /** The first `limit` frames (ascending, from `start`) having at least one MANUAL top-level annotation. */
  async framesWithManualAnnotations(taskId: string, start: number, limit: number): Promise<number[]> {
    const rows: { frame: number }[] = await this.dataSource.query(
      `SELECT DISTINCT "frame" FROM "task"."annotation"
        WHERE "task_id" = $1 AND "parent_id" IS NULL AND "source" = '${AnnotationSource.MANUAL}' AND "frame" >= $2
        ORDER BY "frame" LIMIT $3`,
      [taskId, start, limit],
    );
    return rows.map((r) => r.frame);
  }

  /**
   * Every frame of `frames` (distinct, ascending) with its top-level annotations (MANUAL ones only when `manualOnly`)
   * in insertion order, a skeleton's elements with it; a frame without any has no shapes.
   */
  async shapesOf(taskId: string, frames: readonly number[], manualOnly: boolean): Promise<FrameShapes[]> {
    const wanted = [...new Set(frames)].sort((a, b) => a - b);
    if (!wanted.length) return [];
    const top: Row[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM "task"."annotation"
        WHERE "task_id" = $1 AND "parent_id" IS NULL AND "frame" = ANY($2::int[]) ${manualOnly ? `AND "source" = '${AnnotationSource.MANUAL}'` : ""}
        ORDER BY "frame", "seq"`,
      [taskId, wanted],
    );
    const shapes = new Map<string, StagedShape>(top.map((r) => [r.id, toShape(r)]));
    const parents = top.filter((r) => r.type === ShapeType.SKELETON).map((r) => r.id);
    if (parents.length) {
      const elements: Row[] = await this.dataSource.query(
        `SELECT ${COLUMNS} FROM "task"."annotation" WHERE "parent_id" = ANY($1::uuid[]) ORDER BY "seq"`,
        [parents],
      );
      for (const e of elements) shapes.get(e.parent_id!)?.elements.push(toShape(e));
    }
    const byFrame = new Map<number, StagedShape[]>(wanted.map((f) => [f, []]));
    for (const r of top) byFrame.get(r.frame)!.push(shapes.get(r.id)!);
    return wanted.map((frame) => ({ frame, shapes: byFrame.get(frame)! }));
  }
}

function toShape(r: Row): StagedShape {
  return {
    labelId: r.label_id,
    type: r.type,
    points: r.points ?? [],
    mask: r.mask,
    score: r.score,
    attributes: r.attributes ?? [],
    occluded: r.occluded,
    outside: r.outside,
    elements: [],
  };
}
