import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * A job's tracking settings (jsonb: iouThreshold, maxAge, minHits, lowScore; NULL = no tracking, as every job before)
 * and the number of tracks its commit wrote (AnnotationsCommitted.track_count).
 */
export class JobTracking1765100000000 implements MigrationInterface {
  readonly name = "JobTracking1765100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN tracking jsonb`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN track_count integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN track_count`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN tracking`);
  }
}
