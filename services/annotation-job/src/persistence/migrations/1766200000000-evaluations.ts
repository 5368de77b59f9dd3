import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * annotation_job.evaluation: a model run over frames with manual annotations and the metrics comparing them (evaluateModel).
 * updated_at is the running process's heartbeat: a RUNNING evaluation that stops changing was interrupted.
 */
export class Evaluations1766200000000 implements MigrationInterface {
  readonly name = "Evaluations1766200000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE annotation_job.evaluation (
        id uuid PRIMARY KEY,
        tenant_id text NOT NULL,
        task_id text NOT NULL,
        model_id text NOT NULL,
        status text NOT NULL CONSTRAINT evaluation_status_check CHECK (status IN ('RUNNING','COMPLETED','FAILED')),
        frames_total integer NOT NULL CHECK (frames_total > 0),
        frames_done integer NOT NULL DEFAULT 0,
        frames_failed integer NOT NULL DEFAULT 0,
        threshold double precision NOT NULL CHECK (threshold > 0 AND threshold <= 1),
        label_thresholds jsonb NOT NULL DEFAULT '[]',
        mapping jsonb NOT NULL,
        tiling jsonb,
        convert_masks_to_polygons boolean NOT NULL DEFAULT false,
        results jsonb,
        failures jsonb NOT NULL DEFAULT '[]',
        failure_code text,
        failure_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX evaluation_task_idx ON annotation_job.evaluation (tenant_id, task_id, created_at DESC)`);
    await q.query(`CREATE INDEX evaluation_running_idx ON annotation_job.evaluation (updated_at) WHERE status = 'RUNNING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE annotation_job.evaluation`);
  }
}
