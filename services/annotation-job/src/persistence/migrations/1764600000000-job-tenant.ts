import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * auto_annotation_job.tenant_id: the tenant that started the job. Existing rows are the default tenant's (self-hosted
 * callers are that tenant); the default is dropped at once, so no insert can forget the tenant. frame_outcome rows are
 * reached only through their job (its row lock), so they need no column of their own.
 * The indexes serve the per-tenant limits: active jobs per tenant, and frames started in the last hour.
 */
export class JobTenant1764600000000 implements MigrationInterface {
  readonly name = "JobTenant1764600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN tenant_id text NOT NULL DEFAULT 'default'`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ALTER COLUMN tenant_id DROP DEFAULT`);
    await q.query(`CREATE INDEX auto_annotation_job_tenant_created ON annotation_job.auto_annotation_job (tenant_id, created_at DESC)`);
    await q.query(`
      CREATE INDEX auto_annotation_job_tenant_active ON annotation_job.auto_annotation_job (tenant_id)
        WHERE status IN ('QUEUED','RUNNING','COMMITTING','CANCELLING')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS annotation_job.auto_annotation_job_tenant_active`);
    await q.query(`DROP INDEX IF EXISTS annotation_job.auto_annotation_job_tenant_created`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN tenant_id`);
  }
}
