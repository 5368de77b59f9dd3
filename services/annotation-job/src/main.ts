import "reflect-metadata";
import { Messaging } from "@prelabel/messaging";
import { createMetricsRegistry, initTracing } from "@prelabel/observability";
import { ServiceTopology } from "@prelabel/proto";
import { createLogger, installShutdown, startSubgraphServer, subgraphAuth, tracingOptions, type Logger } from "@prelabel/service-kit";
import { createAnnotationJobApp } from "./app.js";
import { AnnotationJobErrorCode } from "./domain/annotation-job-error-codes.js";
import { ANNOTATION_JOB_CONSUMERS } from "./job.metrics.js";
import { loadConfig, tenantLimits, type Config } from "./config.js";
import { createDataSource, runMigrations } from "./persistence/data-source.js";

const SERVICE = "annotation-job";

async function migrateOnly(config: Config, logger: Logger): Promise<void> {
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 1 });
  await dataSource.initialize();
  try {
    const ran = await runMigrations(dataSource);
    logger.info({ ran }, ran.length ? "migrations applied" : "database schema up to date");
  } finally {
    await dataSource.destroy();
  }
}

async function serve(config: Config, logger: Logger): Promise<void> {
  const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await dataSource.initialize();
  if (config.DB_MIGRATE_ON_START) {
    const ran = await runMigrations(dataSource);
    if (ran.length) logger.info({ ran }, "migrations applied");
  }

  const tracing = initTracing(tracingOptions(config, SERVICE));
  const metrics = createMetricsRegistry();
  const messaging = await Messaging.connect({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, name: SERVICE, metrics });
  await messaging.verify(ServiceTopology.annotationJob);
  messaging.registerConsumerLag(metrics, ANNOTATION_JOB_CONSUMERS);

  const app = await createAnnotationJobApp({
    dataSource,
    messaging,
    logger,
    metrics,
    settings: {
      describeTimeoutMs: config.DESCRIBE_TIMEOUT_MS,
      publishConcurrency: config.PUBLISH_CONCURRENCY,
      outcomeConcurrency: config.OUTCOME_CONCURRENCY,
      progressThrottleMs: config.PROGRESS_THROTTLE_MS,
      progressPollMs: config.PROGRESS_POLL_MS,
      jobSweepIntervalMs: config.JOB_SWEEP_INTERVAL_MS,
      jobStaleAfterMs: config.JOB_STALE_AFTER_MS,
      jobCommitMaxRedrives: config.JOB_COMMIT_MAX_REDRIVES,
      ...((l) => ({ tenantMaxConcurrentJobs: l.maxConcurrentJobs, tenantMaxFramesPerHour: l.maxFramesPerHour }))(tenantLimits(config)),
    },
  });
  const stopConsumers = await app.startConsumers();

  const server = await startSubgraphServer({
    name: SERVICE,
    schema: app.schema,
    host: config.HOST,
    port: config.PORT,
    logger,
    context: () => ({}),
    // Cloud: every operation needs the gateway's signed x-prelabel-identity (IDENTITY_PUBLIC_KEY).
    auth: subgraphAuth(config),
    metrics,
    errorCodes: AnnotationJobErrorCode,
    ready: async () => {
      if (messaging.nc.isClosed()) return false;
      await dataSource.query("SELECT 1");
      return true;
    },
  });

  installShutdown(
    logger,
    [
      { name: "http and websocket server", run: () => server.close() },
      { name: "consumers", run: () => stopConsumers() },
      { name: "progress feed", run: async () => app.feed.close() },
      { name: "nats", run: () => messaging.close() },
      { name: "database", run: () => dataSource.destroy() },
      { name: "traces", run: () => tracing.shutdown() },
    ],
    config.SHUTDOWN_GRACE_MS,
  );
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(SERVICE, config.LOG_LEVEL);
  try {
    if (process.argv[2] === "migrate") await migrateOnly(config, logger);
    else await serve(config, logger);
  } catch (err) {
    logger.fatal({ err }, "annotation-job failed to start");
    process.exitCode = 1;
    // Give pino a tick to flush, then stop whatever is still holding the event loop.
    setTimeout(() => process.exit(1), 100).unref();
  }
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
