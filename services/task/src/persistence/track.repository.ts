import type { DataSource } from "typeorm";
import type { AnnotationSource, ShapeType } from "../domain/label-types.js";
import { isUuid, type CursorKeys } from "../domain/pagination.js";
import type { AttributeValue } from "../domain/staged-shape.js";
import type { Track, TrackShape, TrackShapeElement } from "../domain/track.js";
import type { Page } from "./task.repository.js";

interface TrackRow {
  id: string;
  seq: string;
  task_id: string;
  job_id: string | null;
  label_id: string;
  attributes: AttributeValue[];
  source: AnnotationSource;
  start_frame: number;
  end_frame: number;
}

interface TrackShapeRow {
  track_id: string;
  frame: number;
  type: ShapeType;
  points: number[];
  score: number | null;
  keyframe: boolean;
  outside: boolean;
  occluded: boolean;
  elements: TrackShapeElement[];
}

/**
 * Reads tracks: a task's page by (first frame, insertion order), optionally only those visible at a frame
 * (start_frame <= frame <= end_frame); keyframes by track, for a batch of tracks. Every read joins the track's task on
 * the caller's tenant: another tenant's task has no tracks.
 */
export class TrackRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(
    tenantId: string,
    taskId: string,
    frame: number | null,
    first: number,
    after: CursorKeys["track"] | null,
  ): Promise<Page<Track>> {
    if (!isUuid(taskId)) return { rows: [], hasNextPage: false };
    const rows: TrackRow[] = await this.dataSource.query(
      `SELECT k."id", k."seq"::text AS "seq", k."task_id", k."job_id", k."label_id", k."attributes", k."source", k."start_frame", k."end_frame"
         FROM "task"."track" k JOIN "task"."task" t ON t."id" = k."task_id" AND t."tenant_id" = $1
        WHERE k."task_id" = $2
          AND ($3::int IS NULL OR (k."start_frame" <= $3::int AND k."end_frame" >= $3::int))
          AND ($4::int IS NULL OR (k."start_frame", k."seq") > ($4::int, $5::bigint))
        ORDER BY k."start_frame", k."seq"
        LIMIT $6`,
      [tenantId, taskId, frame, after?.startFrame ?? null, after?.seq ?? null, first + 1],
    );
    return { rows: rows.slice(0, first).map(toTrack), hasNextPage: rows.length > first };
  }

  async count(tenantId: string, taskId: string, frame: number | null): Promise<number> {
    if (!isUuid(taskId)) return 0;
    const [row]: { n: number }[] = await this.dataSource.query(
      `SELECT count(*)::int AS n
         FROM "task"."track" k JOIN "task"."task" t ON t."id" = k."task_id" AND t."tenant_id" = $1
        WHERE k."task_id" = $2 AND ($3::int IS NULL OR (k."start_frame" <= $3::int AND k."end_frame" >= $3::int))`,
      [tenantId, taskId, frame],
    );
    return row?.n ?? 0;
  }

  /** The keyframes of each given track, by frame: one query for the batch. */
  async keyframesOf(tenantId: string, trackIds: readonly string[]): Promise<Map<string, TrackShape[]>> {
    const byTrack = new Map<string, TrackShape[]>(trackIds.map((id) => [id, []]));
    const ids = trackIds.filter(isUuid);
    if (!ids.length) return byTrack;
    const rows: TrackShapeRow[] = await this.dataSource.query(
      `SELECT s."track_id", s."frame", s."type", s."points", s."score", s."keyframe", s."outside", s."occluded", s."elements"
         FROM "task"."track_shape" s
         JOIN "task"."track" k ON k."id" = s."track_id"
         JOIN "task"."task" t ON t."id" = k."task_id" AND t."tenant_id" = $1
        WHERE s."track_id" = ANY($2::uuid[])
        ORDER BY s."track_id", s."frame"`,
      [tenantId, ids],
    );
    for (const r of rows)
      byTrack.get(r.track_id)?.push({
        frame: r.frame,
        type: r.type,
        points: r.points,
        score: r.score,
        keyframe: r.keyframe,
        outside: r.outside,
        occluded: r.occluded,
        elements: r.elements,
      });
    return byTrack;
  }
}

function toTrack(r: TrackRow): Track {
  return {
    id: r.id,
    seq: r.seq,
    taskId: r.task_id,
    jobId: r.job_id,
    labelId: r.label_id,
    attributes: r.attributes ?? [],
    source: r.source,
    startFrame: r.start_frame,
    endFrame: r.end_frame,
  };
}
