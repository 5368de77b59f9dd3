import "reflect-metadata";
import { hubEndpointsFromEnv, HubPublicCode } from "@prelabel/hubs";
import { cloudSettings, connectionOptions, parseConfig, runSubgraphService, subgraphCommand } from "@prelabel/service-kit";
import { startModelRegistry } from "./app.js";
import { configSchema, modelUploadLimits, nuclioSettings } from "./config.js";
import { ModelRegistryErrorCode } from "./domain/model-registry-error-codes.js";
import { modelRegistryDatabase } from "./persistence/data-source.js";

/**
 * The only place that reads the environment or opens ports.
 * `node dist/src/main.js migrate` applies pending migrations and exits (the service also does at start unless
 * DB_MIGRATE_ON_START=false).
 */
async function main(argv: string[]): Promise<void> {
  const config = parseConfig(configSchema, process.env);
  const connections = connectionOptions(config);
  await runSubgraphService({
    name: "model-registry",
    config,
    command: subgraphCommand(argv),
    database: modelRegistryDatabase(connections.database),
    start: (runtime) => {
      const cloud = { ...cloudSettings(config), hubEndpoints: hubEndpointsFromEnv(config) };
      const keyRing = cloud.secretBox ? { activeKeyId: cloud.secretBox.activeKeyId } : null;
      runtime.logger.info({ mode: cloud.mode, keyRing }, "deployment mode");
      return startModelRegistry({
        ...connections,
        ...runtime,
        cloud,
        uploads: { maxBytes: config.MODEL_UPLOAD_MAX_BYTES, spoolDir: config.MODEL_UPLOAD_DIR },
        nuclio: nuclioSettings(config),
      });
    },
    server: {
      // A GraphQLError raised with one of these keeps it, as the shared codes do (AppErrors always keep theirs).
      errorCodes: { ...ModelRegistryErrorCode, ...HubPublicCode },
      // The multipart parser stops at the same limit, so an oversized model is cut off, not buffered; a whole request
      // may add the operation (1 MiB), and a declared body past that is refused before it is read.
      uploads: modelUploadLimits(config.MODEL_UPLOAD_MAX_BYTES),
    },
  });
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // The logger may not exist yet (bad config): print the message plainly for the operator.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
