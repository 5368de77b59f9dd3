import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Nuclio functions (source NUCLIO, runtime `nuclio`): the `nuclio` column says how a worker reaches the function,
 * `unsupported_reason` why no job can run it (interactors, trackers, reid, broken metadata: listed, not hidden).
 * `shared` marks the rows every tenant reads and none writes: the catalog, and the functions discovered on the
 * operator's dashboard (both the default tenant's); discovered rows are tombstoned when the dashboard drops them.
 */
export class NuclioFunctions1764700000000 implements MigrationInterface {
  readonly name = "NuclioFunctions1764700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_source_check,
        ADD CONSTRAINT model_source_check CHECK (source IN ('CATALOG', 'UPLOAD', 'HUGGING_FACE', 'ROBOFLOW', 'NUCLIO')),
        ADD COLUMN nuclio jsonb,
        ADD COLUMN unsupported_reason text,
        ADD COLUMN shared boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE model_registry.model SET shared = true WHERE source = 'CATALOG'`);
    await q.query(`
      ALTER TABLE model_registry.model
        ALTER COLUMN shared DROP DEFAULT,
        ADD CONSTRAINT model_nuclio_runtime CHECK ((runtime = 'nuclio') = (nuclio IS NOT NULL)),
        ADD CONSTRAINT model_nuclio_source CHECK ((source = 'NUCLIO') = (nuclio IS NOT NULL)),
        ADD CONSTRAINT model_shared_default_tenant CHECK (NOT shared OR tenant_id = 'default'),
        ADD CONSTRAINT model_shared_catalog_or_discovered CHECK (
          shared = (source = 'CATALOG' OR (source = 'NUCLIO' AND (nuclio->>'discovered')::boolean))
        )`);
    // The sync reads and tombstones the discovered rows; the cap counts a tenant's hand-registered ones.
    await q.query(`CREATE INDEX model_nuclio_idx ON model_registry.model (tenant_id, shared) WHERE source = 'NUCLIO'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Nuclio rows cannot exist without these columns: going back removes them.
    await q.query(`DELETE FROM model_registry.model WHERE source = 'NUCLIO'`);
    await q.query(`DROP INDEX model_registry.model_nuclio_idx`);
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_shared_catalog_or_discovered,
        DROP CONSTRAINT model_shared_default_tenant,
        DROP CONSTRAINT model_nuclio_source,
        DROP CONSTRAINT model_nuclio_runtime,
        DROP COLUMN shared,
        DROP COLUMN unsupported_reason,
        DROP COLUMN nuclio,
        DROP CONSTRAINT model_source_check,
        ADD CONSTRAINT model_source_check CHECK (source IN ('CATALOG', 'UPLOAD', 'HUGGING_FACE', 'ROBOFLOW'))`);
  }
}
