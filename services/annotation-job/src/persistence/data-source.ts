import { DataSource, MigrationExecutor } from "typeorm";
import { AutoAnnotationJobEntity } from "./entities/auto-annotation-job.entity.js";
import { FrameOutcomeEntity } from "./entities/frame-outcome.entity.js";
import { CreateAnnotationJobTables1764100000000 } from "./migrations/1764100000000-create-annotation-job-tables.js";
import { AddJobSweepColumns1764500000000 } from "./migrations/1764500000000-add-job-sweep-columns.js";
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
    migrations: [CreateAnnotationJobTables1764100000000, AddJobSweepColumns1764500000000],
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

/**
 * Creates the schema, then runs pending migrations, under an advisory lock so replicas starting
 * together do not race. Everything runs on one connection (a pool of 1 is enough). Returns the
 * names of the migrations that ran.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      // Before TypeORM touches its migrations table, which lives in this schema.
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${ANNOTATION_JOB_SCHEMA}`);
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = "each";
      const ran = await executor.executePendingMigrations();
      return ran.map((m) => m.name);
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
