import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * task.frame_image: Frame.image's renders kept, one row per (frame, maxSize), so a thumbnail is read from the bucket
 * and encoded once rather than on every request. The bytes are the render itself (JPEG or PNG, never more than it),
 * and the rows go with their frame (and so with their task) by the foreign key's cascade.
 */
export class FrameImageCache1765000000000 implements MigrationInterface {
  readonly name = "FrameImageCache1765000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "task"."frame_image" (
        "task_id"     uuid NOT NULL,
        "frame_index" integer NOT NULL,
        "max_size"    integer NOT NULL,
        "mime_type"   varchar(16) NOT NULL,
        "width"       integer NOT NULL,
        "height"      integer NOT NULL,
        "bytes"       bytea NOT NULL,
        "created_at"  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY ("task_id", "frame_index", "max_size"),
        FOREIGN KEY ("task_id", "frame_index") REFERENCES "task"."frame" ("task_id", "index") ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "task"."frame_image"`);
  }
}
