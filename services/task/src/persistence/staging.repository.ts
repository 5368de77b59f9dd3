import { randomUUID } from "node:crypto";
import { trackDetections } from "@prelabel/tracking";
import type { DataSource, EntityManager } from "typeorm";
import { AnnotationSource, type LabelNode } from "../domain/label-types.js";
import { isUuid } from "../domain/pagination.js";
import type { StagedShape } from "../domain/staged-shape.js";
import {
  planTracks,
  TRACKED_SHAPE_TYPES,
  type StagedFrame,
  type TrackDraft,
  type TrackFn,
  type TrackingSettings,
} from "../domain/track.js";
import { lockTaskAnnotations } from "./annotation-lock.js";
import { AnnotationEntity } from "./entities/annotation.entity.js";
import { AppliedJobEntity } from "./entities/applied-job.entity.js";
import { DiscardedJobEntity } from "./entities/discarded-job.entity.js";
import { StagedResultEntity } from "./entities/staged-result.entity.js";

/** `task-missing` also covers another tenant's task: a result never lands in a task of a tenant the job is not. */
export type StageOutcome = "staged" | "duplicate" | "job-closed" | "task-missing";

/** `foreign`: the task exists but belongs to another tenant than the command's; nothing was changed or recorded. */
export type CommitOutcome =
  | {
      kind: "applied" | "already-applied";
      annotationCount: number;
      removedCount: number;
      trackCount: number;
      droppedShapes: number;
      reviewCount: number;
    }
  | { kind: "waiting"; missingFrames: number[] }
  | { kind: "discarded" }
  | { kind: "foreign" };

export type DiscardOutcome =
  | { kind: "discarded" | "already-discarded"; stagedRowsRemoved: number }
  | { kind: "already-applied"; annotationCount: number; removedCount: number; trackCount: number; reviewCount: number }
  | { kind: "foreign" };

export interface CommitRequest {
  /** The job's tenant, from the command. */
  tenantId: string;
  jobId: string;
  taskId: string;
  cleanOldAnnotations: boolean;
  succeededFrames: readonly number[];
  frameStart: number;
  frameStop: number;
  /** Omitted or null: no tracking, every shape becomes a per-frame annotation (as before tracks existed). */
  tracking?: TrackingSettings | null;
  /**
   * Omitted or null: nothing is flagged. Otherwise each per-frame top-level shape scoring below it is stored
   * needs_review (its skeleton elements with it); shapes without a score and track shapes never are.
   */
  reviewBelow?: number | null;
}

/** Advisory-lock class for per-job locks: staging takes it shared, commit and discard exclusively. */
const JOB_LOCK_CLASS = 0x6a6f62; // "job"

/**
 * The (job, frame) staging area between inference and a task's annotations. Every step is one
 * transaction, and a job's commit or discard excludes its staging through an advisory lock, so a
 * result arriving while the job is being applied either lands before it or is ignored after it.
 */
export class StagingRepository {
  constructor(
    private readonly dataSource: DataSource,
    /** libs/tracking's trackDetections (a parameter only so the planning can be fed another tracker). */
    private readonly track: TrackFn = trackDetections,
  ) {}

  /** Stores a frame's shapes once per (job, frame), unless the job was already applied or discarded or the task is not the tenant's. */
  stage(tenantId: string, jobId: string, taskId: string, frame: number, shapes: readonly StagedShape[]): Promise<StageOutcome> {
    if (!isUuid(taskId)) return Promise.resolve("task-missing");
    return this.dataSource.transaction(async (em) => {
      await em.query("SELECT pg_advisory_xact_lock_shared($1::int, hashtext($2))", [JOB_LOCK_CLASS, jobId]);
      // One statement after the lock (each round trip costs this process CPU per frame): whether the job is settled,
      // whether the task is the tenant's (FOR KEY SHARE keeps it from being deleted until this row is in; deleteTask then
      // removes it too), and the insert when neither stops it.
      const [row]: { closed: boolean; owned: boolean; inserted: number }[] = await em.query(
        `WITH closed AS (
           SELECT EXISTS (SELECT 1 FROM "task"."applied_job" WHERE "job_id" = $1 UNION ALL SELECT 1 FROM "task"."discarded_job" WHERE "job_id" = $1) AS v
         ),
         owned AS (SELECT EXISTS (SELECT 1 FROM "task"."task" WHERE "id" = $3 AND "tenant_id" = $5 FOR KEY SHARE) AS v),
         inserted AS (
           INSERT INTO "task"."staged_result" ("job_id", "frame", "task_id", "shapes")
           SELECT $1, $2, $3, $4::jsonb WHERE NOT (SELECT v FROM closed) AND (SELECT v FROM owned)
           ON CONFLICT ("job_id", "frame") DO NOTHING RETURNING 1
         )
         SELECT (SELECT v FROM closed) AS closed, (SELECT v FROM owned) AS owned, (SELECT count(*) FROM inserted)::int AS inserted`,
        [jobId, frame, taskId, JSON.stringify(shapes), tenantId],
      );
      if (row?.closed) return "job-closed";
      if (!row?.owned) return "task-missing";
      return row.inserted ? "staged" : "duplicate";
    });
  }

  /**
   * Moves a job's staged results into the task's annotations in one transaction (cleaning the
   * frame range first when asked), or reports which succeeded frames are not staged yet.
   */
  commit(request: CommitRequest): Promise<CommitOutcome> {
    const { jobId, taskId } = request;
    return this.dataSource.transaction(async (em) => {
      await em.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [JOB_LOCK_CLASS, jobId]);
      // The task's annotations lock (after the job's, never the other way round): a saveAnnotations on this task waits
      // for the commit (or gives up with ANNOTATIONS_BUSY) and a commit waits for a save, so neither sees half the other.
      await lockTaskAnnotations(em, taskId);
      // FOR NO KEY UPDATE: the task cannot be deleted while its job's results go in, and its annotations_version is
      // bumped below (locked for that now, not upgraded later). Staging and foreign-key checks (FOR KEY SHARE) still pass.
      const owner = await taskTenant(em, taskId, "FOR NO KEY UPDATE");
      if (owner !== undefined && owner !== request.tenantId) return { kind: "foreign" };
      const applied = await em.findOneBy(AppliedJobEntity, { jobId });
      if (applied) {
        const { annotationCount, removedCount, trackCount, reviewCount } = applied;
        return { kind: "already-applied", annotationCount, removedCount, trackCount, droppedShapes: 0, reviewCount };
      }
      if (await em.existsBy(DiscardedJobEntity, { jobId })) return { kind: "discarded" };

      if (owner === undefined) {
        // The task was deleted while the job ran: nothing to apply, but the job is settled.
        await em.delete(StagedResultEntity, { jobId });
        await em.insert(AppliedJobEntity, {
          jobId,
          taskId: isUuid(taskId) ? taskId : NIL_UUID,
          annotationCount: 0,
          removedCount: 0,
          trackCount: 0,
        });
        return { kind: "applied", annotationCount: 0, removedCount: 0, trackCount: 0, droppedShapes: 0, reviewCount: 0 };
      }

      const wanted = [...new Set(request.succeededFrames)];
      // Counted in PostgreSQL: the frames themselves travel only when some are missing.
      const stagedCount = async () => {
        const [row]: { n: number }[] = await em.query(
          `SELECT count(*)::int AS n FROM "task"."staged_result" WHERE "job_id" = $1 AND "frame" = ANY($2::int[])`,
          [jobId, wanted],
        );
        return row?.n ?? 0;
      };
      if (wanted.length && (await stagedCount()) < wanted.length) {
        const staged: { frame: number }[] = await em.query(
          `SELECT "frame" FROM "task"."staged_result" WHERE "job_id" = $1 AND "frame" = ANY($2::int[])`,
          [jobId, wanted],
        );
        const have = new Set(staged.map((s) => s.frame));
        return { kind: "waiting", missingFrames: wanted.filter((f) => !have.has(f)).sort((a, b) => a - b) };
      }

      let removedCount = 0;
      if (request.cleanOldAnnotations) {
        const removed = await em
          .createQueryBuilder()
          .delete()
          .from(AnnotationEntity)
          .where("task_id = :taskId AND parent_id IS NULL AND frame BETWEEN :start AND :stop", {
            taskId,
            start: request.frameStart,
            stop: request.frameStop,
          })
          .execute();
        removedCount = removed.affected ?? 0;
        // A previous track that is visible anywhere in the range goes whole (its shapes with it): a track is one
        // object, and half of it kept beside the new results would be a second identity for the same object.
        await em.query(`DELETE FROM "task"."track" WHERE "task_id" = $1 AND "start_frame" <= $3 AND "end_frame" >= $2`, [
          taskId,
          request.frameStart,
          request.frameStop,
        ]);
      }

      const tracking = request.tracking ?? null;
      const perFrame = tracking
        ? { excludeTypes: TRACKED_SHAPE_TYPES, minScore: tracking.highScore }
        : { excludeTypes: [], minScore: null };
      const reviewBelow = Number.isFinite(request.reviewBelow) ? request.reviewBelow! : null;
      const inserted = wanted.length
        ? await insertStagedAnnotations(em, jobId, taskId, wanted, perFrame, reviewBelow)
        : { topLevel: 0, dropped: 0, flagged: 0 };
      const tracked = tracking && wanted.length ? await this.insertTracks(em, request, wanted, tracking) : { trackCount: 0, dropped: 0 };
      await em.delete(StagedResultEntity, { jobId });
      const trackCount = tracked.trackCount;
      const reviewCount = inserted.flagged;
      await em.insert(AppliedJobEntity, { jobId, taskId, annotationCount: inserted.topLevel, removedCount, trackCount, reviewCount });
      // One change to the task's annotations: a saveAnnotations that read them before this commit is now stale (CONFLICT).
      await em.query(`UPDATE "task"."task" SET "annotations_version" = "annotations_version" + 1 WHERE "id" = $1`, [taskId]);
      return {
        kind: "applied",
        annotationCount: inserted.topLevel,
        removedCount,
        trackCount,
        droppedShapes: inserted.dropped + tracked.dropped,
        reviewCount,
      };
    });
  }

  /**
   * The job's tracked-type shapes become tracks (domain/track.ts planTracks, libs/tracking): the staged rows are read
   * in frame order (each frame's JSON whole, parsed here; the tracker needs every shape anyway), tracked over the job's
   * whole range, and written by insertTrackRows. With tracking, the per-frame annotations are the other types' shapes
   * scoring at least the job's threshold (the worker was asked for detections down to lowScore).
   */
  private async insertTracks(
    em: EntityManager,
    request: CommitRequest,
    frames: readonly number[],
    tracking: TrackingSettings,
  ): Promise<{ trackCount: number; dropped: number }> {
    const rows: { frame: number; shapes: string }[] = await em.query(
      `SELECT "frame", "shapes"::text AS "shapes" FROM "task"."staged_result" WHERE "job_id" = $1 AND "frame" = ANY($2::int[]) ORDER BY "frame"`,
      [request.jobId, frames],
    );
    const staged: StagedFrame[] = rows.map((r) => ({ frame: r.frame, shapes: JSON.parse(r.shapes) as StagedShape[] }));
    const labels = await labelTree(em, request.taskId);
    const plan = planTracks(staged, labels, { start: request.frameStart, stop: request.frameStop }, tracking, this.track);
    await insertTrackRows(em, request.taskId, request.jobId, plan.tracks);
    return { trackCount: plan.tracks.length, dropped: plan.dropped + plan.droppedElements };
  }

  /** Drops a job's staged results and remembers it as discarded, so late results are ignored. */
  discard(tenantId: string, jobId: string, taskId: string): Promise<DiscardOutcome> {
    return this.dataSource.transaction(async (em) => {
      await em.query("SELECT pg_advisory_xact_lock($1::int, hashtext($2))", [JOB_LOCK_CLASS, jobId]);
      const owner = await taskTenant(em, taskId);
      if (owner !== undefined && owner !== tenantId) return { kind: "foreign" };
      const applied = await em.findOneBy(AppliedJobEntity, { jobId });
      if (applied) {
        const { annotationCount, removedCount, trackCount, reviewCount } = applied;
        return { kind: "already-applied", annotationCount, removedCount, trackCount, reviewCount };
      }
      const already = await em.existsBy(DiscardedJobEntity, { jobId });
      const removed = await em.delete(StagedResultEntity, { jobId });
      if (!already) await em.insert(DiscardedJobEntity, { jobId, taskId: isUuid(taskId) ? taskId : NIL_UUID });
      return { kind: already ? "already-discarded" : "discarded", stagedRowsRemoved: removed.affected ?? 0 };
    });
  }
}

const NIL_UUID = "00000000-0000-0000-0000-000000000000";

/**
 * The staged shapes of `frames` become the task's annotations in one INSERT … SELECT, planned as planAnnotations
 * (domain/staged-shape.ts) plans them: a top-level shape needs one of the task's top-level labels, an element one of
 * its skeleton label's sublabels, anything else is dropped and counted; top-level rows first, then elements, each by
 * frame and staged order, so `seq` orders them as before. The JSON is taken apart by PostgreSQL (jsonb_array_elements)
 * instead of travelling to this process and back as 30,000 parameters. The INSERT (a data-modifying WITH) runs whole
 * although nothing reads from it. What is left is PostgreSQL's own per-row work: the three foreign keys' checks and
 * the four indexes (bench/src/commit.bench.ts: about the cost of a plain INSERT … SELECT of the same rows).
 * `filter` leaves shapes out before any of that (neither stored nor counted as dropped): those of `excludeTypes` (the
 * tracked types, when the job tracks) and those scoring below `minScore` (the job's threshold, when the job tracks);
 * without tracking it is empty and null, and every staged shape is a candidate as before.
 * `reviewBelow` (null: none) flags a top-level shape with a score under it needs_review, its elements with it; the
 * flag is one more column computed in the same statement (`flagged` counts the top-level ones).
 */
async function insertStagedAnnotations(
  em: EntityManager,
  jobId: string,
  taskId: string,
  frames: readonly number[],
  filter: { excludeTypes: readonly string[]; minScore: number | null },
  reviewBelow: number | null,
): Promise<{ topLevel: number; dropped: number; flagged: number }> {
  const rows: { top_level: number; dropped: number; flagged: number }[] = await em.query(
    `WITH staged AS (
       SELECT s."frame", e.shape, e.ord
         FROM "task"."staged_result" s
         CROSS JOIN LATERAL jsonb_array_elements(s."shapes") WITH ORDINALITY AS e(shape, ord)
        WHERE s."job_id" = $1 AND s."frame" = ANY($3::int[])
          AND COALESCE(e.shape->>'type', '') <> ALL($4::text[])
          AND ($5::float8 IS NULL OR e.shape->>'score' IS NULL OR (e.shape->>'score')::float8 >= $5::float8)
     ),
     labels AS (SELECT "id", "parent_id" FROM "task"."label" WHERE "task_id" = $2),
     top AS MATERIALIZED (
       SELECT gen_random_uuid() AS id, st."frame", st.ord, st.shape, l."id" AS label_id,
              COALESCE((st.shape->>'score')::float8 < $6::float8, false) AS flagged
         FROM staged st JOIN labels l ON l."parent_id" IS NULL AND l."id"::text = st.shape->>'labelId'
     ),
     element AS MATERIALIZED (
       SELECT gen_random_uuid() AS id, t.id AS parent_id, t."frame", t.ord, e.ord AS element_ord, e.shape, l."id" AS label_id, t.flagged
         FROM top t
         CROSS JOIN LATERAL jsonb_array_elements(t.shape->'elements') WITH ORDINALITY AS e(shape, ord)
         JOIN labels l ON l."parent_id" = t.label_id AND l."id"::text = e.shape->>'labelId'
     ),
     planned AS (
       SELECT 0 AS level, id, NULL::uuid AS parent_id, "frame", ord, 0::bigint AS element_ord, shape, label_id, flagged FROM top
       UNION ALL
       SELECT 1, id, parent_id, "frame", ord, element_ord, shape, label_id, flagged FROM element
     ),
     inserted AS (
       INSERT INTO "task"."annotation"
              ("id", "task_id", "parent_id", "frame", "label_id", "type", "points", "mask", "score", "source", "job_id", "attributes", "occluded", "outside",
               "needs_review")
       SELECT id, $2, parent_id, "frame", label_id, shape->>'type',
              translate((shape->'points')::text, '[]', '{}')::real[],
              NULLIF(shape->'mask', 'null'::jsonb),
              (shape->>'score')::real,
              '${AnnotationSource.AUTO}', $1,
              COALESCE(shape->'attributes', '[]'::jsonb),
              COALESCE((shape->>'occluded')::boolean, false),
              COALESCE((shape->>'outside')::boolean, false),
              flagged
         FROM planned
        ORDER BY level, "frame", ord, element_ord
     )
     SELECT (SELECT count(*) FROM top)::int AS top_level, (SELECT count(*) FROM top WHERE flagged)::int AS flagged,
            ((SELECT count(*) FROM staged) - (SELECT count(*) FROM top)
              + (SELECT COALESCE(sum(jsonb_array_length(shape->'elements')), 0) FROM top) - (SELECT count(*) FROM element))::int AS dropped`,
    [jobId, taskId, frames, filter.excludeTypes, filter.minScore, reviewBelow],
  );
  return { topLevel: rows[0]?.top_level ?? 0, dropped: rows[0]?.dropped ?? 0, flagged: rows[0]?.flagged ?? 0 };
}

/** The task's label tree (top-level labels with their sublabels), as planTracks needs it. */
async function labelTree(em: EntityManager, taskId: string): Promise<LabelNode[]> {
  const rows: { id: string; parent_id: string | null; name: string; type: LabelNode["type"] }[] = await em.query(
    `SELECT "id", "parent_id", "name", "type" FROM "task"."label" WHERE "task_id" = $1`,
    [taskId],
  );
  const top = new Map<string, LabelNode>();
  for (const r of rows) if (!r.parent_id) top.set(r.id, { id: r.id, name: r.name, type: r.type, attributes: [], sublabels: [] });
  for (const r of rows)
    if (r.parent_id) top.get(r.parent_id)?.sublabels.push({ id: r.id, name: r.name, type: r.type, attributes: [], sublabels: [] });
  return [...top.values()];
}

/**
 * Tracks and their keyframes in two statements, not a statement per row: the tracks (a few) as JSON in plan order, so
 * `seq` follows it; the keyframes (one per matched frame per track) as column arrays unnested by PostgreSQL.
 */
async function insertTrackRows(em: EntityManager, taskId: string, jobId: string, tracks: readonly TrackDraft[]): Promise<void> {
  if (!tracks.length) return;
  const ids = tracks.map(() => randomUUID());
  const trackRows = tracks.map((t, i) => ({
    id: ids[i],
    ord: i,
    label_id: t.labelId,
    attributes: t.attributes,
    start_frame: t.startFrame,
    end_frame: t.endFrame,
  }));
  await em.query(
    `INSERT INTO "task"."track" ("id", "task_id", "job_id", "label_id", "attributes", "source", "start_frame", "end_frame")
     SELECT x.id, $2, $3, x.label_id, x.attributes, '${AnnotationSource.AUTO}', x.start_frame, x.end_frame
       FROM json_to_recordset($1::json) AS x(id uuid, ord int, label_id uuid, attributes jsonb, start_frame int, end_frame int)
      ORDER BY x.ord`,
    [JSON.stringify(trackRows), taskId, jobId],
  );
  // Column arrays for unnest: PostgreSQL reads an array parameter far faster than the same rows as JSON objects
  // (json_to_recordset's JSON-to-real[] conversion alone cost more than the insert). Points travel as array literals.
  const n = tracks.reduce((sum, t) => sum + t.shapes.length, 0);
  const trackIds = new Array<string>(n);
  const frameCol = new Array<number>(n);
  const typeCol = new Array<string>(n);
  const pointsCol = new Array<string>(n);
  const scoreCol = new Array<number | null>(n);
  const keyframeCol = new Array<boolean>(n);
  const outsideCol = new Array<boolean>(n);
  const occludedCol = new Array<boolean>(n);
  const elementsCol = new Array<string>(n);
  let row = 0;
  tracks.forEach((t, i) => {
    for (const s of t.shapes) {
      trackIds[row] = ids[i]!;
      frameCol[row] = s.frame;
      typeCol[row] = s.type;
      pointsCol[row] = `{${s.points.join(",")}}`;
      scoreCol[row] = s.score;
      keyframeCol[row] = s.keyframe;
      outsideCol[row] = s.outside;
      occludedCol[row] = s.occluded;
      elementsCol[row] = s.elements.length ? JSON.stringify(s.elements) : "[]";
      row += 1;
    }
  });
  await em.query(
    `INSERT INTO "task"."track_shape" ("track_id", "frame", "type", "points", "score", "keyframe", "outside", "occluded", "elements")
     SELECT x.track_id, x.frame, x.type, x.points::real[], x.score, x.keyframe, x.outside, x.occluded, x.elements::jsonb
       FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::real[], $6::boolean[], $7::boolean[], $8::boolean[], $9::text[])
         AS x(track_id, frame, type, points, score, keyframe, outside, occluded, elements)`,
    [trackIds, frameCol, typeCol, pointsCol, scoreCol, keyframeCol, outsideCol, occludedCol, elementsCol],
  );
}

/**
 * The tenant that owns the task, or undefined when there is no such task (deleted: nobody's, and commit and discard
 * settle the job as before); `lock` takes a row lock with the read.
 */
async function taskTenant(em: EntityManager, taskId: string, lock: "" | "FOR NO KEY UPDATE" = ""): Promise<string | undefined> {
  if (!isUuid(taskId)) return undefined;
  const rows: { tenant_id: string }[] = await em.query(`SELECT "tenant_id" FROM "task"."task" WHERE "id" = $1 ${lock}`, [taskId]);
  return rows[0]?.tenant_id;
}
