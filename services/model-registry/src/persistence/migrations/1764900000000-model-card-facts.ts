import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Two model-card facts the console shows beside a catalog model's labels: its licence as documented and its
 * measured ms per frame (docs/models/). Both come from the catalog manifest, which the next start upserts into
 * every catalog row; uploads, hub models and Nuclio functions leave them null (nobody measured or vouched for them).
 */
export class ModelCardFacts1764900000000 implements MigrationInterface {
  readonly name = "ModelCardFacts1764900000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        ADD COLUMN license text,
        ADD COLUMN measured_ms_per_frame double precision,
        ADD CONSTRAINT model_measured_ms_per_frame_positive CHECK (measured_ms_per_frame IS NULL OR measured_ms_per_frame > 0)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE model_registry.model
        DROP CONSTRAINT model_measured_ms_per_frame_positive,
        DROP COLUMN measured_ms_per_frame,
        DROP COLUMN license`);
  }
}
