import type { MigrationInterface, QueryRunner } from "typeorm";

/** The task context's tables, all in the `task` schema. */
export class InitialTaskSchema1732563200000 implements MigrationInterface {
  readonly name = "InitialTaskSchema1732563200000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS "task"`);
    await q.query(`
      CREATE TABLE "task"."task" (
        "id"         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "name"       text NOT NULL,
        "size"       integer NOT NULL DEFAULT 0 CHECK ("size" >= 0),
        "created_at" timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "task_created_at_id_idx" ON "task"."task" ("created_at" DESC, "id" DESC)`);

    await q.query(`
      CREATE TABLE "task"."label" (
        "id"         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "task_id"    uuid NOT NULL REFERENCES "task"."task" ("id") ON DELETE CASCADE,
        "parent_id"  uuid REFERENCES "task"."label" ("id") ON DELETE CASCADE,
        "position"   integer NOT NULL,
        "name"       text NOT NULL,
        "type"       varchar(16) NOT NULL,
        "attributes" jsonb NOT NULL DEFAULT '[]'::jsonb
      )`);
    await q.query(`CREATE INDEX "label_task_id_idx" ON "task"."label" ("task_id")`);
    await q.query(`CREATE INDEX "label_parent_id_idx" ON "task"."label" ("parent_id") WHERE "parent_id" IS NOT NULL`);
    // Label names are unique per level, ignoring case (the domain checks first; this is the backstop).
    await q.query(`
      CREATE UNIQUE INDEX "label_name_per_level_uq" ON "task"."label"
        ("task_id", COALESCE("parent_id", '00000000-0000-0000-0000-000000000000'::uuid), lower("name"))`);

    await q.query(`
      CREATE TABLE "task"."frame" (
        "task_id"     uuid NOT NULL REFERENCES "task"."task" ("id") ON DELETE CASCADE,
        "index"       integer NOT NULL CHECK ("index" >= 0),
        "name"        text NOT NULL,
        "object_name" varchar(80) NOT NULL,
        "width"       integer,
        "height"      integer,
        "size_bytes"  integer NOT NULL,
        PRIMARY KEY ("task_id", "index")
      )`);
    await q.query(`CREATE INDEX "frame_object_name_idx" ON "task"."frame" ("object_name")`);

    await q.query(`
      CREATE TABLE "task"."annotation" (
        "id"         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "seq"        bigint GENERATED ALWAYS AS IDENTITY,
        "task_id"    uuid NOT NULL REFERENCES "task"."task" ("id") ON DELETE CASCADE,
        "parent_id"  uuid REFERENCES "task"."annotation" ("id") ON DELETE CASCADE,
        "frame"      integer NOT NULL,
        "label_id"   uuid NOT NULL REFERENCES "task"."label" ("id") ON DELETE CASCADE,
        "type"       varchar(16) NOT NULL,
        "points"     real[] NOT NULL DEFAULT '{}',
        "mask"       jsonb,
        "score"      real,
        "source"     varchar(8) NOT NULL,
        "job_id"     text,
        "attributes" jsonb NOT NULL DEFAULT '[]'::jsonb,
        "occluded"   boolean NOT NULL DEFAULT false,
        "outside"    boolean NOT NULL DEFAULT false
      )`);
    await q.query(`CREATE INDEX "annotation_page_idx" ON "task"."annotation" ("task_id", "frame", "seq") WHERE "parent_id" IS NULL`);
    await q.query(`CREATE INDEX "annotation_parent_id_idx" ON "task"."annotation" ("parent_id") WHERE "parent_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "annotation_label_id_idx" ON "task"."annotation" ("label_id")`);

    await q.query(`
      CREATE TABLE "task"."staged_result" (
        "job_id"    text NOT NULL,
        "frame"     integer NOT NULL,
        "task_id"   uuid NOT NULL,
        "shapes"    jsonb NOT NULL,
        "staged_at" timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("job_id", "frame")
      )`);
    await q.query(`CREATE INDEX "staged_result_task_id_idx" ON "task"."staged_result" ("task_id")`);

    await q.query(`
      CREATE TABLE "task"."applied_job" (
        "job_id"           text PRIMARY KEY,
        "task_id"          uuid NOT NULL,
        "annotation_count" integer NOT NULL,
        "removed_count"    integer NOT NULL,
        "applied_at"       timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE "task"."discarded_job" (
        "job_id"       text PRIMARY KEY,
        "task_id"      uuid NOT NULL,
        "discarded_at" timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ["discarded_job", "applied_job", "staged_result", "annotation", "frame", "label", "task"]) {
      await q.query(`DROP TABLE IF EXISTS "task"."${table}"`);
    }
  }
}
