import { defineServiceDatabase, type DatabaseConnection } from "@prelabel/service-kit";
import { AutoAnnotationJobEntity } from "./entities/auto-annotation-job.entity.js";
import { EvaluationEntity } from "./entities/evaluation.entity.js";
import { FrameOutcomeEntity } from "./entities/frame-outcome.entity.js";
import { JobBatchEntity } from "./entities/job-batch.entity.js";
import { CreateAnnotationJobTables1764100000000 } from "./migrations/1764100000000-create-annotation-job-tables.js";
import { AddJobSweepColumns1764500000000 } from "./migrations/1764500000000-add-job-sweep-columns.js";
import { JobTenant1764600000000 } from "./migrations/1764600000000-job-tenant.js";
import { JobTaskDeleted1764700000000 } from "./migrations/1764700000000-job-task-deleted.js";
import { UnmappedDetections1764800000000 } from "./migrations/1764800000000-unmapped-detections.js";
import { JobTracking1765100000000 } from "./migrations/1765100000000-job-tracking.js";
import { RunOptions1766000000000 } from "./migrations/1766000000000-run-options.js";
import { OnDemandUsage1766100000000 } from "./migrations/1766100000000-on-demand-usage.js";
import { Evaluations1766200000000 } from "./migrations/1766200000000-evaluations.js";
import { JobBatches1766300000000 } from "./migrations/1766300000000-job-batches.js";
import { ANNOTATION_JOB_SCHEMA } from "./schema.js";

export type DatabaseOptions = DatabaseConnection;

const annotationJob = defineServiceDatabase({
  schema: ANNOTATION_JOB_SCHEMA,
  /** Arbitrary, stable key for the advisory lock that serialises migrations across replicas ("ajmg"). */
  lockKey: 0x616a6d67,
  transaction: "each",
  applicationName: "annotation-job",
  entities: [AutoAnnotationJobEntity, FrameOutcomeEntity, EvaluationEntity, JobBatchEntity],
  migrations: [
    CreateAnnotationJobTables1764100000000,
    AddJobSweepColumns1764500000000,
    JobTenant1764600000000,
    JobTaskDeleted1764700000000,
    UnmappedDetections1764800000000,
    JobTracking1765100000000,
    RunOptions1766000000000,
    OnDemandUsage1766100000000,
    Evaluations1766200000000,
    JobBatches1766300000000,
  ],
});

export const { createDataSource, runMigrations } = annotationJob;

/** This service's database as service-kit's runner opens and migrates it. */
export const annotationJobDatabase = annotationJob.database;
