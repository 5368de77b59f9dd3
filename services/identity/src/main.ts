import "reflect-metadata";
import { parseConfig, runSubgraphService } from "@prelabel/service-kit";
import { startIdentity } from "./app.js";
import { configSchema } from "./config.js";
import { identityDatabase } from "./persistence/data-source.js";

/**
 * The only place that reads the environment or opens ports.
 * `node dist/src/main.js migrate` applies pending migrations and exits (the service also does at start unless
 * DB_MIGRATE_ON_START=false).
 */
async function main(argv: string[]): Promise<void> {
  const config = parseConfig(configSchema, process.env);
  const database = { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE };
  await runSubgraphService({
    name: "identity",
    config,
    command: argv[0] === "migrate" ? "migrate" : "serve",
    database: identityDatabase(database),
    start: ({ logger, metrics }) =>
      startIdentity({
        database,
        nats: { url: config.NATS_URL, namespace: config.NATS_NAMESPACE },
        logger,
        migrateOnStart: config.DB_MIGRATE_ON_START,
        metrics,
      }),
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
