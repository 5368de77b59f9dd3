import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Optimistic concurrency for annotation edits: task.annotations_version counts the changes to a task's annotations
 * (every saveAnnotations, job commit and import bumps it once); annotation.version counts an annotation's own edits
 * (1 when written, +1 per saveAnnotations update). Existing rows start at 0 and 1.
 */
export class AnnotationVersions1765400000000 implements MigrationInterface {
  readonly name = "AnnotationVersions1765400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."task" ADD COLUMN "annotations_version" integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE "task"."annotation" ADD COLUMN "version" integer NOT NULL DEFAULT 1`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."annotation" DROP COLUMN "version"`);
    await q.query(`ALTER TABLE "task"."task" DROP COLUMN "annotations_version"`);
  }
}
