import type { MigrationInterface, QueryRunner } from "typeorm";

/** Uploaded ONNX detectors: the files a model runs on (by sha256) and the detector's declared layout. */
export class AddModelArtifacts1764200000000 implements MigrationInterface {
  name = "AddModelArtifacts1764200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        ADD COLUMN artifacts jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(artifacts) = 'array'),
        ADD COLUMN onnx_detector jsonb CHECK (onnx_detector IS NULL OR jsonb_typeof(onnx_detector) = 'object'),
        ADD CONSTRAINT model_onnx_detector_runtime CHECK ((runtime = 'onnx-detector') = (onnx_detector IS NOT NULL))`);
    // "Which models use these bytes?" (artifacts @> '[{"sha256": …}]') when deleting an upload.
    await q.query(`CREATE INDEX model_artifacts_idx ON model_registry.model USING gin (artifacts jsonb_path_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX model_registry.model_artifacts_idx`);
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_onnx_detector_runtime,
        DROP COLUMN onnx_detector,
        DROP COLUMN artifacts`);
  }
}
