import "reflect-metadata";
import { initTracing } from "@prelabel/observability";
import { ConfigError, createLogger, installShutdown, parseConfig, tracingOptions } from "@prelabel/service-kit";
import { startTaskService } from "./app.js";
import { taskConfigSchema } from "./config.js";
import { createDataSource, migrate } from "./persistence/data-source.js";
import { sweepFrameObjects } from "./gc.js";

/**
 * The only place that reads the environment. `serve` runs the service until SIGTERM/SIGINT;
 * `migrate` applies pending migrations and returns (see migrate.ts); `gc` sweeps the frames bucket
 * once and returns (see gc.ts).
 */
export async function main(mode: "serve" | "migrate" | "gc"): Promise<void> {
  const config = parseConfig(taskConfigSchema, process.env);
  const logger = createLogger("task", config.LOG_LEVEL);

  if (mode === "migrate") {
    const dataSource = createDataSource({ url: config.DATABASE_URL, poolSize: 2 });
    await dataSource.initialize();
    try {
      const ran = await migrate(dataSource);
      logger.info({ migrations: ran }, ran.length ? "migrations applied" : "schema up to date");
    } finally {
      await dataSource.destroy();
    }
    return;
  }

  if (mode === "gc") {
    const report = await sweepFrameObjects(config);
    logger.info({ ...report, removed: report.removed.length }, "frame object sweep done");
    console.log(JSON.stringify(report));
    return;
  }

  const tracing = initTracing(tracingOptions(config, "task"));
  const service = await startTaskService(config, logger);
  installShutdown(logger, [...service.shutdownSteps, { name: "traces", run: () => tracing.shutdown() }], config.SHUTDOWN_GRACE_MS);
  logger.info({ url: service.url }, "task service started");
}

export function exitOnFailure(err: unknown): never {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
}

if (require.main === module) main("serve").catch(exitOnFailure);
