import { DataSource, type DataSourceOptions } from "typeorm";
import { runSchemaMigrations, type SchemaMigrationOptions } from "./schema-migrations.js";
import type { ServiceDatabase } from "./subgraph-service.runner.js";

/** The PostgreSQL schema a service owns, as its code defines it: the tables, how they came to be, how they migrate. */
export interface ServiceSchema extends SchemaMigrationOptions {
  /** PostgreSQL's application_name on the service's connections. */
  readonly applicationName: string;
  readonly entities: DataSourceOptions["entities"];
  readonly migrations: DataSourceOptions["migrations"];
}

/** DATABASE_URL and DATABASE_POOL_SIZE (and, for a side process such as a sweep, its own application_name). */
export interface DatabaseConnection {
  readonly url: string;
  readonly poolSize: number;
  readonly applicationName?: string;
}

/** A service's database, for its app (through service-kit's runner), its command-line entries and its tests. */
export interface ServiceDatabaseDefinition {
  /** A DataSource on the schema, not initialised yet. */
  readonly createDataSource: (connection: DatabaseConnection) => DataSource;
  /** Creates the schema, then runs pending migrations under the service's advisory lock. Returns what ran. */
  readonly runMigrations: (dataSource: DataSource) => Promise<string[]>;
  /** What runSubgraphService and startServiceApp open and migrate. */
  readonly database: (connection: DatabaseConnection) => ServiceDatabase;
}

/**
 * Every DataSource changes the schema by migrations only (never synchronize, never at initialise) and installs no
 * extension: gen_random_uuid() is core PostgreSQL, and PGlite or a managed database may allow none.
 */
export function defineServiceDatabase(schema: ServiceSchema): ServiceDatabaseDefinition {
  const createDataSource = (connection: DatabaseConnection) =>
    new DataSource({
      type: "postgres",
      url: connection.url,
      schema: schema.schema,
      entities: schema.entities,
      migrations: schema.migrations,
      migrationsTableName: "migrations",
      synchronize: false,
      migrationsRun: false,
      uuidExtension: "pgcrypto",
      installExtensions: false,
      applicationName: connection.applicationName ?? schema.applicationName,
      poolSize: connection.poolSize,
    });
  const runMigrations = (dataSource: DataSource) => runSchemaMigrations(dataSource, schema);
  return {
    createDataSource,
    runMigrations,
    database: (connection) => ({ create: () => createDataSource(connection), migrate: runMigrations }),
  };
}
