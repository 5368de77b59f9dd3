import "reflect-metadata";
import { createMetricsRegistry, initTracing } from "@prelabel/observability";
import { createLogger, installShutdown, parseConfig, startSubgraphServer, subgraphAuth, tracingOptions } from "@prelabel/service-kit";
import { startIdentity } from "./app.js";
import { configSchema } from "./config.js";
import { createDataSource, runMigrations } from "./persistence/data-source.js";

/**
 * The only place that reads the environment or opens ports.
 * `node dist/src/main.js migrate` applies pending migrations and exits (the service also does at start unless
 * DB_MIGRATE_ON_START=false).
 */
async function main(argv: string[]): Promise<void> {
  const config = parseConfig(configSchema, process.env);
  const logger = createLogger("identity", config.LOG_LEVEL);
  const tracing = initTracing(tracingOptions(config, "identity"));
  const database = { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE };

  if (argv[0] === "migrate") {
    const dataSource = await createDataSource(database).initialize();
    try {
      const ran = await runMigrations(dataSource);
      logger.info({ migrations: ran }, ran.length ? "migrations applied" : "no pending migrations");
    } finally {
      await dataSource.destroy();
    }
    return;
  }

  const auth = subgraphAuth(config);
  // One registry for the GraphQL metrics and the NATS counters, served on /metrics.
  const metrics = createMetricsRegistry();
  const app = await startIdentity({ database, nats: { url: config.NATS_URL, namespace: config.NATS_NAMESPACE }, logger, migrateOnStart: config.DB_MIGRATE_ON_START, metrics });
  const server = await startSubgraphServer({
    metrics,
    name: "identity",
    schema: app.schema,
    host: config.HOST,
    port: config.PORT,
    logger,
    context: () => ({}),
    auth,
    ready: app.ready,
  });
  installShutdown(
    logger,
    [
      { name: "http", run: () => server.close() },
      { name: "nats and database", run: () => app.close() },
      { name: "traces", run: () => tracing.shutdown() },
    ],
    config.SHUTDOWN_GRACE_MS,
  );
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
