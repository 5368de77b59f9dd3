import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * annotation_job.job_batch: one startAutoAnnotationBatch (its tenant, model and tasks in the order asked), and
 * auto_annotation_job.batch_id naming the batch a job was started in (NULL for a job started alone). A batch's status
 * and counts are derived from its jobs; finished_at is stored once a read finds every job final.
 */
export class JobBatches1766300000000 implements MigrationInterface {
  readonly name = "JobBatches1766300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE annotation_job.job_batch (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        model_id text NOT NULL,
        task_ids text[] NOT NULL CHECK (cardinality(task_ids) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX job_batch_tenant_created ON annotation_job.job_batch (tenant_id, created_at DESC)`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN batch_id uuid REFERENCES annotation_job.job_batch (id)`);
    await q.query(`CREATE INDEX auto_annotation_job_batch ON annotation_job.auto_annotation_job (batch_id) WHERE batch_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX annotation_job.auto_annotation_job_batch`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN batch_id`);
    await q.query(`DROP TABLE annotation_job.job_batch`);
  }
}
