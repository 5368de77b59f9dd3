import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Tenants and API keys. The `default` tenant is the self-hosted one (every existing row of the other services
 * belongs to it until tenancy scoping lands), so self-hosted callers always have a tenant to show.
 */
export class CreateIdentity1765000000000 implements MigrationInterface {
  name = "CreateIdentity1765000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS identity`);
    await q.query(`
      CREATE TABLE identity.tenant (
        id text PRIMARY KEY CHECK (id <> ''),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.api_key (
        id text PRIMARY KEY CHECK (id ~ '^[0-9a-f]{16}$'),
        tenant_id text NOT NULL REFERENCES identity.tenant (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        role text NOT NULL CHECK (role IN ('ADMIN', 'MEMBER')),
        secret_sha256 bytea NOT NULL CHECK (length(secret_sha256) = 32),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX api_key_tenant_idx ON identity.api_key (tenant_id, created_at)`);
    await q.query(`INSERT INTO identity.tenant (id, name) VALUES ('default', 'Default') ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.api_key`);
    await q.query(`DROP TABLE identity.tenant`);
  }
}
