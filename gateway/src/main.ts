import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createLogger, installShutdown, parseConfig } from "@prelabel/service-kit";
import { configSchema, subgraphUrlOverrides } from "./config.js";
import { createGateway } from "./server.js";

const SUPERGRAPH_FILE = join(__dirname, "..", "..", "supergraph.graphql");

/** The only place that reads the environment or opens ports. */
async function main(): Promise<void> {
  const config = parseConfig(configSchema, process.env);
  const logger = createLogger("gateway", config.LOG_LEVEL);
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(SUPERGRAPH_FILE, "utf8");
  } catch (err) {
    throw new Error(`Cannot read ${SUPERGRAPH_FILE}: run \`npm run compose -w @prelabel/gateway\` first`, { cause: err });
  }
  const gateway = await createGateway({
    supergraphSdl,
    subgraphUrls: subgraphUrlOverrides(config),
    logger,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
  });
  await gateway.listen(config.PORT, config.HOST);
  installShutdown(logger, [{ name: "gateway", run: () => gateway.close() }], config.SHUTDOWN_GRACE_MS);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
