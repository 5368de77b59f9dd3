import "reflect-metadata";
import { initTracing } from "@prelabel/observability";
import { ConfigError, createLogger, installShutdown, parseConfig, tracingOptions } from "@prelabel/service-kit";
import { migrateTaskDatabase, startTaskService, sweepFrameObjects } from "./app.js";
import { taskConfigSchema } from "./config.js";

/**
 * The only place that reads the environment. `serve` runs the service until SIGTERM/SIGINT;
 * `migrate` applies pending migrations and returns (cli/migrate.cli.ts); `gc` sweeps the frames
 * bucket once and returns (cli/gc.cli.ts).
 */
export async function main(mode: "serve" | "migrate" | "gc"): Promise<void> {
  const config = parseConfig(taskConfigSchema, process.env);
  const logger = createLogger("task", config.LOG_LEVEL);

  if (mode === "migrate") return migrateTaskDatabase(config, logger);

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
