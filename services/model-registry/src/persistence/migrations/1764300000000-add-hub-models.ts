import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Hugging Face and Roboflow models (cloud mode): where the model lives (`hub`), the sealed token or key
 * (`credential`: key id, nonce and ciphertext, base64; never plaintext), and the owning tenant, a seam for
 * tenancy (every row is the default tenant's until then).
 */
export class AddHubModels1764300000000 implements MigrationInterface {
  name = "AddHubModels1764300000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        ADD COLUMN tenant_id text NOT NULL DEFAULT 'default',
        ADD COLUMN hub jsonb CHECK (hub IS NULL OR jsonb_typeof(hub) = 'object'),
        ADD COLUMN credential jsonb CHECK (
          credential IS NULL OR (jsonb_typeof(credential) = 'object' AND credential ?& array['keyId', 'nonce', 'ciphertext'])
        ),
        ADD CONSTRAINT model_hub_runtime CHECK ((runtime = 'hub') = (hub IS NOT NULL)),
        ADD CONSTRAINT model_credential_hub CHECK (credential IS NULL OR hub IS NOT NULL)`);
    // Rotation finds the credentials not yet under the active key.
    await q.query(`CREATE INDEX model_credential_key_idx ON model_registry.model ((credential->>'keyId')) WHERE credential IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX model_registry.model_credential_key_idx`);
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_credential_hub,
        DROP CONSTRAINT model_hub_runtime,
        DROP COLUMN credential,
        DROP COLUMN hub,
        DROP COLUMN tenant_id`);
  }
}
