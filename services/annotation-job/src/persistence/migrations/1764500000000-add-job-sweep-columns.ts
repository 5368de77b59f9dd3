import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * What the stuck-job sweeper needs: a failure code next to the reason, how many times a job's
 * command was re-sent, and an index over the jobs it looks at (stale in a status it can drive on).
 */
export class AddJobSweepColumns1764500000000 implements MigrationInterface {
  name = "AddJobSweepColumns1764500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN failure_code text`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN redrive_count integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE INDEX auto_annotation_job_sweepable ON annotation_job.auto_annotation_job (updated_at)
        WHERE status IN ('QUEUED','COMMITTING','CANCELLING')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS annotation_job.auto_annotation_job_sweepable`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN IF EXISTS redrive_count`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN IF EXISTS failure_code`);
  }
}
