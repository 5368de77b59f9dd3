import "reflect-metadata";
import { ConfigError, connectionOptions, createLogger, parseConfig, runSubgraphService, subgraphCommand } from "@prelabel/service-kit";
import { startTask, sweepFrameObjects } from "./app.js";
import { frameUploadLimits, taskConfigSchema } from "./config.js";
import { TaskErrorCode } from "./domain/task-error-codes.js";
import { taskDatabase } from "./persistence/data-source.js";

/**
 * The only place that reads the environment or opens ports.
 * `node dist/src/main.js migrate` applies pending migrations and exits (the service also does at start unless
 * DB_MIGRATE_ON_START=false); `gc` sweeps the frames bucket once, prints the report as JSON and returns (cli/gc.cli.ts).
 */
export async function main(argv: string[]): Promise<void> {
  const config = parseConfig(taskConfigSchema, process.env);
  if (argv[0] === "gc") {
    const logger = createLogger("task", config.LOG_LEVEL);
    const report = await sweepFrameObjects(config, logger);
    logger.info({ ...report, removed: report.removed.length }, "frame object sweep done");
    console.log(JSON.stringify(report));
    return;
  }
  await runSubgraphService({
    name: "task",
    config,
    command: subgraphCommand(argv),
    database: taskDatabase(connectionOptions(config).database),
    start: (runtime) => startTask(config, runtime),
    server: { uploads: frameUploadLimits(config), errorCodes: TaskErrorCode },
  });
}

export function exitOnFailure(err: unknown): never {
  // A bad config is the operator's to fix: its message alone says what.
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err);
  process.exit(1);
}

if (require.main === module) main(process.argv.slice(2)).catch(exitOnFailure);
