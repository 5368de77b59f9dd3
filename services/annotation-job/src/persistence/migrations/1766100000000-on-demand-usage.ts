import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Frames run on demand, outside any job (previews, evaluations): counted with the jobs' frames against the tenant's
 * TENANT_MAX_FRAMES_PER_HOUR. Rows older than an hour no longer count; the index serves that window per tenant.
 */
export class OnDemandUsage1766100000000 implements MigrationInterface {
  readonly name = "OnDemandUsage1766100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE annotation_job.on_demand_usage (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        tenant_id text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PREVIEW', 'EVALUATION')),
        frames integer NOT NULL CHECK (frames >= 0),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX on_demand_usage_tenant_created ON annotation_job.on_demand_usage (tenant_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE annotation_job.on_demand_usage`);
  }
}
