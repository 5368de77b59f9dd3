import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Review flags: annotation.needs_review marks a job's result that scored below the run's review_below (set at commit,
 * a skeleton's elements as their skeleton; cleared by resolveReview ACCEPT or a saveAnnotations update). The partial
 * index is the review queue's: a task's flagged top-level annotations by score, then insertion order; it holds only
 * flagged rows, so it stays small and costs nothing for the many annotations that are not. applied_job.review_count
 * lets a redelivered commit re-announce how many it flagged.
 */
export class ReviewFlags1766000000000 implements MigrationInterface {
  readonly name = "ReviewFlags1766000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."annotation" ADD COLUMN "needs_review" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX "annotation_review_queue_idx" ON "task"."annotation" ("task_id", "score", "seq") WHERE "needs_review" AND "parent_id" IS NULL`,
    );
    await q.query(`ALTER TABLE "task"."applied_job" ADD COLUMN "review_count" integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."applied_job" DROP COLUMN "review_count"`);
    await q.query(`DROP INDEX IF EXISTS "task"."annotation_review_queue_idx"`);
    await q.query(`ALTER TABLE "task"."annotation" DROP COLUMN "needs_review"`);
  }
}
