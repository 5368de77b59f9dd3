import { MigrationExecutor, type DataSource } from "typeorm";

export interface SchemaMigrationOptions {
  /** The PostgreSQL schema the service owns; TypeORM keeps its migrations table in it, so it is created first. */
  readonly schema: string;
  /** A fixed 64-bit advisory-lock key per service: replicas starting together migrate once, one after another. */
  readonly lockKey: number;
  /** "all": every pending migration in one transaction; "each": one transaction per migration. */
  readonly transaction: "all" | "each";
}

/**
 * Creates the service's schema, then runs pending migrations, all on one connection holding an advisory lock
 * (a pool of 1 is enough). Returns the names of the migrations that ran.
 */
export async function runSchemaMigrations(dataSource: DataSource, options: SchemaMigrationOptions): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query("SELECT pg_advisory_lock($1)", [options.lockKey]);
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
      const executor = new MigrationExecutor(dataSource, runner);
      executor.transaction = options.transaction;
      const ran = await executor.executePendingMigrations();
      return ran.map((m) => m.name);
    } finally {
      await runner.query("SELECT pg_advisory_unlock($1)", [options.lockKey]);
    }
  } finally {
    await runner.release();
  }
}
