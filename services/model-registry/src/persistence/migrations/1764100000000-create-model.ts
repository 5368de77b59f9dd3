import type { MigrationInterface, QueryRunner } from "typeorm";

/** The model table. The schema itself is created before TypeORM touches its migrations table (see data-source.ts). */
export class CreateModel1764100000000 implements MigrationInterface {
  name = "CreateModel1764100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS model_registry`);
    await q.query(`
      CREATE TABLE model_registry.model (
        id text PRIMARY KEY,
        name text NOT NULL,
        description text NOT NULL DEFAULT '',
        source text NOT NULL CHECK (source IN ('CATALOG', 'UPLOAD', 'HUGGING_FACE', 'ROBOFLOW')),
        kind text NOT NULL CHECK (kind IN ('DETECTOR', 'INTERACTOR', 'TRACKER', 'REID', 'CLASSIFIER')),
        labels jsonb NOT NULL CHECK (jsonb_typeof(labels) = 'array'),
        default_threshold double precision NOT NULL CHECK (default_threshold > 0 AND default_threshold <= 1),
        returns_masks boolean NOT NULL DEFAULT false,
        input_width integer CHECK (input_width > 0),
        input_height integer CHECK (input_height > 0),
        preprocessing text,
        runtime text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT model_input_size_both CHECK ((input_width IS NULL) = (input_height IS NULL))
      )`);
    await q.query(`CREATE INDEX model_kind_source_idx ON model_registry.model (kind, source)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE model_registry.model`);
  }
}
