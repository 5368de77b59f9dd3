import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Imported Hugging Face ONNX exports (importHuggingFaceOnnxModel): runtime `onnx-detector` with the hub spec
 * kept as provenance (its `localOnnx` names the imported file). Only hosted models (runtime `hub`) keep a
 * credential.
 */
export class ImportHubOnnx1764400000000 implements MigrationInterface {
  name = "ImportHubOnnx1764400000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_hub_runtime,
        DROP CONSTRAINT model_credential_hub,
        ADD CONSTRAINT model_hub_runtime CHECK (
          CASE
            WHEN runtime = 'hub' THEN hub IS NOT NULL
            WHEN runtime = 'onnx-detector' THEN hub IS NULL OR jsonb_typeof(hub->'localOnnx') = 'object'
            ELSE hub IS NULL
          END
        ),
        ADD CONSTRAINT model_credential_hub CHECK (credential IS NULL OR (runtime = 'hub' AND hub IS NOT NULL))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails while imported models exist: delete them first.
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_credential_hub,
        DROP CONSTRAINT model_hub_runtime,
        ADD CONSTRAINT model_hub_runtime CHECK ((runtime = 'hub') = (hub IS NOT NULL)),
        ADD CONSTRAINT model_credential_hub CHECK (credential IS NULL OR hub IS NOT NULL)`);
  }
}
