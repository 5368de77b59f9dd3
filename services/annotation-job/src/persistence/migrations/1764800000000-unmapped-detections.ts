import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * unmapped_detections per frame outcome and per job: detections whose model label the job's mapping does not name
 * (the worker drops them and counts them, FrameInferred.unmapped_detections), so users see what the mapping left out.
 */
export class UnmappedDetections1764800000000 implements MigrationInterface {
  readonly name = "UnmappedDetections1764800000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN unmapped_detections integer NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE annotation_job.frame_outcome ADD COLUMN unmapped_detections integer NOT NULL DEFAULT 0`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.frame_outcome DROP COLUMN unmapped_detections`);
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN unmapped_detections`);
  }
}
