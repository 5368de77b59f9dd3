import { DataSource, MigrationExecutor, type Migration } from "typeorm";
import { ModelEntity } from "./entities/model.entity.js";
import { CreateModel1764100000000 } from "./migrations/1764100000000-create-model.js";
import { AddModelArtifacts1764200000000 } from "./migrations/1764200000000-add-model-artifacts.js";
import { AddHubModels1764300000000 } from "./migrations/1764300000000-add-hub-models.js";
import { ImportHubOnnx1764400000000 } from "./migrations/1764400000000-import-hub-onnx.js";

/** The PostgreSQL schema (namespace) this service owns. */
export const MODEL_REGISTRY_SCHEMA = "model_registry";

/** Any fixed 64-bit key: serialises migrations between replicas starting at once. */
const MIGRATION_LOCK_KEY = 7_204_011_002;

export interface DatabaseOptions {
  url: string;
  poolSize: number;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    schema: MODEL_REGISTRY_SCHEMA,
    entities: [ModelEntity],
    migrations: [CreateModel1764100000000, AddModelArtifacts1764200000000, AddHubModels1764300000000, ImportHubOnnx1764400000000],
    migrationsTableName: "migrations",
    synchronize: false,
    migrationsRun: false,
    // gen_random_uuid() is core PostgreSQL; never try to install extensions (PGlite has none).
    uuidExtension: "pgcrypto",
    installExtensions: false,
    applicationName: "model-registry",
    extra: { max: options.poolSize },
  });
}

/**
 * Creates the schema, then runs pending migrations in one transaction, all on one connection
 * holding an advisory lock so two replicas starting together do not race. Returns what ran.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      // TypeORM keeps its migrations table inside our schema, so the schema must exist first.
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${MODEL_REGISTRY_SCHEMA}`);
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = "all";
      const ran: Migration[] = await executor.executePendingMigrations();
      return ran.map((m) => m.name);
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await runner.release();
  }
}
