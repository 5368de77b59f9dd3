import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A run's options: per-class thresholds (jsonb [{ taskLabelId, taskLabel, threshold }], empty for every job before),
 * tiling (jsonb { tileSize, overlap, merge }; NULL = whole frames), review_below (NULL = nothing flagged), and the
 * number of annotations its commit flagged for review (AnnotationsCommitted.review_count).
 */
export class RunOptions1766000000000 implements MigrationInterface {
  readonly name = "RunOptions1766000000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job
        ADD COLUMN label_thresholds jsonb NOT NULL DEFAULT '[]'::jsonb,
        ADD COLUMN tiling jsonb,
        ADD COLUMN review_below real,
        ADD COLUMN review_count integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job
        DROP COLUMN review_count,
        DROP COLUMN review_below,
        DROP COLUMN tiling,
        DROP COLUMN label_thresholds`);
  }
}
