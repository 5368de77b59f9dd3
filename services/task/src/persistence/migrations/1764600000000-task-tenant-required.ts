import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Every path that creates a task now names its tenant (GraphQL from the caller, nothing else inserts tasks), so the
 * column's default goes: an insert that forgets the tenant fails instead of quietly landing in the default tenant.
 * Rows from before tenancy already hold 'default' (TaskTenant1764500000000).
 */
export class TaskTenantRequired1764600000000 implements MigrationInterface {
  readonly name = "TaskTenantRequired1764600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."task" ALTER COLUMN "tenant_id" DROP DEFAULT`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."task" ALTER COLUMN "tenant_id" SET DEFAULT 'default'`);
  }
}
