import type { MigrationInterface, QueryRunner } from "typeorm";

/**
 * auto_annotation_job.task_deleted_at: when annotation-job learnt (TaskDeleted, checked with describe-task) that the
 * job's task was deleted. The job stays readable; its `task` then reads null.
 */
export class JobTaskDeleted1764700000000 implements MigrationInterface {
  readonly name = "JobTaskDeleted1764700000000";

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job ADD COLUMN task_deleted_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE annotation_job.auto_annotation_job DROP COLUMN task_deleted_at`);
  }
}
