import { runSchemaMigrations, type ServiceDatabase } from "@prelabel/service-kit";
import { DataSource } from "typeorm";
import { AutoAnnotationJobEntity } from "./entities/auto-annotation-job.entity.js";
import { FrameOutcomeEntity } from "./entities/frame-outcome.entity.js";
import { CreateAnnotationJobTables1764100000000 } from "./migrations/1764100000000-create-annotation-job-tables.js";
import { AddJobSweepColumns1764500000000 } from "./migrations/1764500000000-add-job-sweep-columns.js";
import { JobTenant1764600000000 } from "./migrations/1764600000000-job-tenant.js";
import { JobTaskDeleted1764700000000 } from "./migrations/1764700000000-job-task-deleted.js";
import { ANNOTATION_JOB_SCHEMA } from "./schema.js";

export interface DatabaseOptions {
  url: string;
  poolSize?: number;
  applicationName?: string;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    schema: ANNOTATION_JOB_SCHEMA,
    applicationName: options.applicationName ?? "annotation-job",
    poolSize: options.poolSize ?? 5,
    entities: [AutoAnnotationJobEntity, FrameOutcomeEntity],
    migrations: [
      CreateAnnotationJobTables1764100000000,
      AddJobSweepColumns1764500000000,
      JobTenant1764600000000,
      JobTaskDeleted1764700000000,
    ],
    migrationsTableName: "migrations",
    migrationsTransactionMode: "each",
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is core PostgreSQL: no extension to install (and none may be installable).
    uuidExtension: "pgcrypto",
    installExtensions: false,
    logging: false,
  });
}

/** Arbitrary, stable key for the advisory lock that serialises migrations across replicas. */
const MIGRATION_LOCK_KEY = 0x616a6d67; // "ajmg"

/** Creates the schema, then runs pending migrations under this service's advisory lock. Returns what ran. */
export function runMigrations(dataSource: DataSource): Promise<string[]> {
  return runSchemaMigrations(dataSource, { schema: ANNOTATION_JOB_SCHEMA, lockKey: MIGRATION_LOCK_KEY, transaction: "each" });
}

/** This service's database as service-kit's runner opens and migrates it. */
export const annotationJobDatabase = (options: DatabaseOptions): ServiceDatabase => ({
  create: () => createDataSource(options),
  migrate: runMigrations,
});
