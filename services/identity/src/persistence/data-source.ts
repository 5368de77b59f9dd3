import { DataSource, MigrationExecutor, type Migration } from "typeorm";
import { ApiKeyEntity } from "./entities/api-key.entity.js";
import { TenantEntity } from "./entities/tenant.entity.js";
import { CreateIdentity1765000000000 } from "./migrations/1765000000000-create-identity.js";

/** The PostgreSQL schema (namespace) this service owns. */
export const IDENTITY_SCHEMA = "identity";

/** Any fixed 64-bit key: serialises migrations between replicas (and the create-tenant CLI) starting at once. */
const MIGRATION_LOCK_KEY = 7_204_011_005;

export interface DatabaseOptions {
  url: string;
  poolSize: number;
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource({
    type: "postgres",
    url: options.url,
    schema: IDENTITY_SCHEMA,
    entities: [TenantEntity, ApiKeyEntity],
    migrations: [CreateIdentity1765000000000],
    migrationsTableName: "migrations",
    synchronize: false,
    migrationsRun: false,
    uuidExtension: "pgcrypto",
    installExtensions: false,
    applicationName: "identity",
    extra: { max: options.poolSize },
  });
}

/** Creates the schema, then runs pending migrations in one transaction under an advisory lock. Returns what ran. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS ${IDENTITY_SCHEMA}`);
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
