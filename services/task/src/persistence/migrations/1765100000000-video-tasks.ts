import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Video tasks: task.task_video holds a video task's source video (one row per video task, gone with its task), and
 * each frame may carry its presentation time in that video (null for images, and for every frame stored before).
 */
export class VideoTasks1765100000000 implements MigrationInterface {
  readonly name = "VideoTasks1765100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."frame" ADD COLUMN "timestamp_seconds" double precision NULL`);
    await q.query(`
      CREATE TABLE "task"."task_video" (
        "task_id"            uuid PRIMARY KEY REFERENCES "task"."task" ("id") ON DELETE CASCADE,
        "file_name"          text NOT NULL,
        "container"          text NOT NULL,
        "codec"              text NOT NULL,
        "width"              integer NOT NULL CHECK ("width" > 0),
        "height"             integer NOT NULL CHECK ("height" > 0),
        "fps"                double precision NOT NULL CHECK ("fps" > 0),
        "duration_seconds"   double precision NOT NULL CHECK ("duration_seconds" >= 0),
        "rotation"           smallint NOT NULL CHECK ("rotation" IN (0, 90, 180, 270)),
        "source_frame_count" integer NOT NULL CHECK ("source_frame_count" > 0),
        "start_frame"        integer NOT NULL CHECK ("start_frame" >= 0),
        "stop_frame"         integer NOT NULL CHECK ("stop_frame" >= "start_frame"),
        "frame_step"         integer NOT NULL CHECK ("frame_step" >= 1)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "task"."task_video"`);
    await q.query(`ALTER TABLE "task"."frame" DROP COLUMN IF EXISTS "timestamp_seconds"`);
  }
}
