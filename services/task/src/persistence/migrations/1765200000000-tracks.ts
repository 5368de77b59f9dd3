import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Tracks (CVAT's model): task.track is one object followed across frames (label, attributes, source, job, the frames
 * start..end where it is visible), task.track_shape its shapes per frame: keyframes written by the commit (a matched
 * detection, or the `outside` marker after the last one); frames between keyframes are interpolated on read. Both go
 * with their task (and a track with its label) by the foreign keys' cascade; the tenant is the task's.
 * applied_job.track_count lets a redelivered commit re-announce the tracks it wrote.
 */
export class Tracks1765200000000 implements MigrationInterface {
  readonly name = "Tracks1765200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "task"."track" (
        "id"          uuid PRIMARY KEY,
        "seq"         bigint GENERATED ALWAYS AS IDENTITY,
        "task_id"     uuid NOT NULL REFERENCES "task"."task" ("id") ON DELETE CASCADE,
        "job_id"      text,
        "label_id"    uuid NOT NULL REFERENCES "task"."label" ("id") ON DELETE CASCADE,
        "attributes"  jsonb NOT NULL DEFAULT '[]'::jsonb,
        "source"      varchar(8) NOT NULL,
        "start_frame" integer NOT NULL CHECK ("start_frame" >= 0),
        "end_frame"   integer NOT NULL,
        CHECK ("end_frame" >= "start_frame")
      )`);
    await q.query(`CREATE INDEX "track_page_idx" ON "task"."track" ("task_id", "start_frame", "seq")`);
    await q.query(`CREATE INDEX "track_label_id_idx" ON "task"."track" ("label_id")`);
    await q.query(`
      CREATE TABLE "task"."track_shape" (
        "track_id" uuid NOT NULL REFERENCES "task"."track" ("id") ON DELETE CASCADE,
        "frame"    integer NOT NULL,
        "type"     varchar(16) NOT NULL,
        "points"   real[] NOT NULL DEFAULT '{}',
        "score"    real,
        "keyframe" boolean NOT NULL DEFAULT true,
        "outside"  boolean NOT NULL DEFAULT false,
        "occluded" boolean NOT NULL DEFAULT false,
        "elements" jsonb NOT NULL DEFAULT '[]'::jsonb,
        PRIMARY KEY ("track_id", "frame")
      )`);
    await q.query(`ALTER TABLE "task"."applied_job" ADD COLUMN "track_count" integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."applied_job" DROP COLUMN "track_count"`);
    await q.query(`DROP TABLE IF EXISTS "task"."track_shape"`);
    await q.query(`DROP TABLE IF EXISTS "task"."track"`);
  }
}
