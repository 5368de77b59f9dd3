/** The PostgreSQL schema (namespace) annotation-job owns. */
export const ANNOTATION_JOB_SCHEMA = "annotation_job";

/** Name of the partial unique index that allows one active job per task. */
export const ONE_ACTIVE_JOB_PER_TASK_INDEX = "auto_annotation_job_one_active_per_task";
