import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * annotation_job.auto_annotation_job and annotation_job.frame_outcome.
 * The partial unique index on task_id over the active statuses is what makes a second start
 * JOB_ALREADY_RUNNING even when two starts race (keep its status list equal to ACTIVE_STATUSES).
 */
export class CreateAnnotationJobTables1764100000000 implements MigrationInterface {
  name = "CreateAnnotationJobTables1764100000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS annotation_job`);
    await q.query(`
      CREATE TABLE annotation_job.auto_annotation_job (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task_id text NOT NULL,
        model_id text NOT NULL,
        model_runtime text NOT NULL,
        status text NOT NULL CONSTRAINT auto_annotation_job_status_check
          CHECK (status IN ('QUEUED','RUNNING','COMMITTING','COMPLETED','FAILED','CANCELLING','CANCELLED')),
        frames_total integer NOT NULL CHECK (frames_total > 0),
        frames_done integer NOT NULL DEFAULT 0,
        frames_failed integer NOT NULL DEFAULT 0,
        dropped_attribute_values integer NOT NULL DEFAULT 0,
        fps double precision,
        eta_seconds double precision,
        threshold double precision NOT NULL CHECK (threshold > 0 AND threshold <= 1),
        convert_masks_to_polygons boolean NOT NULL,
        clean_old_annotations boolean NOT NULL,
        mapping jsonb NOT NULL,
        frame_start integer NOT NULL,
        frame_stop integer NOT NULL,
        frame_range_explicit boolean NOT NULL,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT auto_annotation_job_frame_range_check CHECK (frame_start >= 0 AND frame_stop >= frame_start)
      )`);
    await q.query(`
      CREATE UNIQUE INDEX auto_annotation_job_one_active_per_task
        ON annotation_job.auto_annotation_job (task_id)
        WHERE status IN ('QUEUED','RUNNING','COMMITTING','CANCELLING')`);
    await q.query(`CREATE INDEX auto_annotation_job_task_created ON annotation_job.auto_annotation_job (task_id, created_at DESC)`);
    await q.query(`
      CREATE TABLE annotation_job.frame_outcome (
        job_id uuid NOT NULL REFERENCES annotation_job.auto_annotation_job (id) ON DELETE CASCADE,
        frame integer NOT NULL,
        succeeded boolean NOT NULL,
        code text,
        reason text,
        shape_count integer NOT NULL DEFAULT 0,
        dropped_attribute_values integer NOT NULL DEFAULT 0,
        inference_ms real,
        worker_id text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (job_id, frame)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS annotation_job.frame_outcome`);
    await q.query(`DROP TABLE IF EXISTS annotation_job.auto_annotation_job`);
  }
}
