import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * task.tenant_id: the tenant that owns the task. Existing rows become the default tenant's (self-hosted callers are
 * that tenant, so nothing changes there). The default stays for now: the NATS paths do not carry a tenant yet (see
 * docs/architecture.md, "Tenancy: next steps"). Labels, frames and annotations are reached through their task and
 * scoped by joining it; they get the column in a later step. The index serves `tasks` (newest first, per tenant).
 */
export class TaskTenant1764500000000 implements MigrationInterface {
  readonly name = "TaskTenant1764500000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "task"."task" ADD COLUMN "tenant_id" text NOT NULL DEFAULT 'default'`);
    await q.query(`CREATE INDEX "task_tenant_created_at_id_idx" ON "task"."task" ("tenant_id", "created_at" DESC, "id" DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "task"."task_tenant_created_at_id_idx"`);
    await q.query(`ALTER TABLE "task"."task" DROP COLUMN "tenant_id"`);
  }
}
