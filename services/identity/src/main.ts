import "reflect-metadata";
import { connectionOptions, parseConfig, runSubgraphService, subgraphCommand } from "@prelabel/service-kit";
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
  const connections = connectionOptions(config);
  await runSubgraphService({
    name: "identity",
    config,
    command: subgraphCommand(argv),
    database: identityDatabase(connections.database),
    start: (runtime) => startIdentity({ ...connections, ...runtime }),
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
