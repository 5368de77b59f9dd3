import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * deleteModel leaves a tombstone: the row stays with `deleted_at` set, so jobs that ran on the model still
 * resolve its name (Model.__resolveReference), while every other read treats it as gone. A tombstone holds no
 * credential and is never a catalog row (catalog models cannot be deleted). Its artifacts no longer hold bytes:
 * reference counts skip tombstones, hence the partial index for "which live models use these bytes?".
 */
export class ModelTombstone1764600000000 implements MigrationInterface {
  readonly name = "ModelTombstone1764600000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        ADD COLUMN deleted_at timestamptz,
        ADD CONSTRAINT model_tombstone_no_credential CHECK (deleted_at IS NULL OR credential IS NULL),
        ADD CONSTRAINT model_tombstone_not_catalog CHECK (deleted_at IS NULL OR source <> 'CATALOG')`);
    await q.query(`DROP INDEX model_registry.model_artifacts_idx`);
    await q.query(`CREATE INDEX model_artifacts_idx ON model_registry.model USING gin (artifacts jsonb_path_ops) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Tombstones were deleted models: going back removes them, as deleteModel did before.
    await q.query(`DELETE FROM model_registry.model WHERE deleted_at IS NOT NULL`);
    await q.query(`DROP INDEX model_registry.model_artifacts_idx`);
    await q.query(`CREATE INDEX model_artifacts_idx ON model_registry.model USING gin (artifacts jsonb_path_ops)`);
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_tombstone_not_catalog,
        DROP CONSTRAINT model_tombstone_no_credential,
        DROP COLUMN deleted_at`);
  }
}
