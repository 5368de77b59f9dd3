import { runSchemaMigrations, type ServiceDatabase } from "@prelabel/service-kit";
import { DataSource } from "typeorm";
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

/** Creates the schema, then runs pending migrations under this service's advisory lock. Returns what ran. */
export function runMigrations(dataSource: DataSource): Promise<string[]> {
  return runSchemaMigrations(dataSource, { schema: IDENTITY_SCHEMA, lockKey: MIGRATION_LOCK_KEY, transaction: "all" });
}

/** This service's database as service-kit's runner opens and migrates it. */
export const identityDatabase = (options: DatabaseOptions): ServiceDatabase => ({
  create: () => createDataSource(options),
  migrate: runMigrations,
});
