import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every path that stores a model names its tenant (catalog sync: 'default'; uploads and hub models: the caller's),
 * so the column's default goes: an insert that forgets the tenant fails instead of quietly becoming the default
 * tenant's. Rows from before tenancy already hold 'default' (AddHubModels1764300000000).
 */
export class ModelTenantRequired1764500000000 implements MigrationInterface {
  readonly name = "ModelTenantRequired1764500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_registry.model ALTER COLUMN tenant_id DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE model_registry.model ALTER COLUMN tenant_id SET DEFAULT 'default'`);
  }
}
