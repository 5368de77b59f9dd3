import "reflect-metadata";
import { hubEndpointsFromEnv } from "@prelabel/hubs";
import { createMetricsRegistry, initTracing } from "@prelabel/observability";
import { cloudSettings, createLogger, installShutdown, parseConfig, startSubgraphServer, subgraphAuth, tracingOptions } from "@prelabel/service-kit";
import { startModelRegistry } from "./app.js";
import { configSchema, modelUploadLimits } from "./config.js";
import { createDataSource, runMigrations } from "./persistence/data-source.js";

/**
 * The only place that reads the environment or opens ports.
 * `node dist/src/main.js migrate` applies pending migrations and exits (the service also does at start unless
 * DB_MIGRATE_ON_START=false).
 */
async function main(argv: string[]): Promise<void> {
  const config = parseConfig(configSchema, process.env);
  const logger = createLogger("model-registry", config.LOG_LEVEL);
  const tracing = initTracing(tracingOptions(config, "model-registry"));
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

  const cloud = { ...cloudSettings(config), hubEndpoints: hubEndpointsFromEnv(config) };
  logger.info({ mode: cloud.mode, keyRing: cloud.secretBox ? { activeKeyId: cloud.secretBox.activeKeyId } : null }, "deployment mode");
  // One registry for the GraphQL metrics and the NATS counters, served on /metrics.
  const metrics = createMetricsRegistry();
  const app = await startModelRegistry({
    metrics,
    cloud,
    database,
    nats: { url: config.NATS_URL, namespace: config.NATS_NAMESPACE },
    logger,
    uploads: { maxBytes: config.MODEL_UPLOAD_MAX_BYTES, spoolDir: config.MODEL_UPLOAD_DIR },
    migrateOnStart: config.DB_MIGRATE_ON_START,
  });
  const server = await startSubgraphServer({
    metrics,
    name: "model-registry",
    schema: app.schema,
    host: config.HOST,
    port: config.PORT,
    logger,
    context: () => ({}),
    // Cloud: every operation needs the gateway's signed x-prelabel-identity (IDENTITY_PUBLIC_KEY).
    auth: subgraphAuth(config),
    ready: app.ready,
    // The multipart parser stops at the same limit, so an oversized model is cut off, not buffered; a whole request
    // may add the operation (1 MiB), and a declared body past that is refused before it is read.
    uploads: modelUploadLimits(config.MODEL_UPLOAD_MAX_BYTES),
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
  // The logger may not exist yet (bad config): print the message plainly for the operator.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
