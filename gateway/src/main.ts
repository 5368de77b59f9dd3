import { readFileSync } from "node:fs";
import { join } from "node:path";
import { IdentityAssertionSigner, parseIdentityPrivateKey } from "@prelabel/identity";
import { Messaging } from "@prelabel/messaging";
import { createMetricsRegistry, initTracing } from "@prelabel/observability";
import { createLogger, DeploymentMode, installShutdown, parseConfig, tracingOptions, type ShutdownStep } from "@prelabel/service-kit";
import { CachingApiKeyAuthenticator, NatsApiKeyAuthenticator } from "./auth/api-key.authenticator.js";
import { GatewayAuth } from "./auth/gateway-auth.js";
import { JwksJwtAuthenticator } from "./auth/jwt.authenticator.js";
import { configSchema, jwtSettings, operationLimits, subgraphUrlOverrides } from "./config.js";
import { createGateway } from "./server.js";

const SUPERGRAPH_FILE = join(__dirname, "..", "..", "supergraph.graphql");
/** `npm run build` bundles the console here (gateway/dist/src → the repository root). */
const DEFAULT_CONSOLE_DIR = join(__dirname, "..", "..", "..", "console", "dist");

/** The only place that reads the environment or opens ports. */
async function main(): Promise<void> {
  const config = parseConfig(configSchema, process.env);
  const logger = createLogger("gateway", config.LOG_LEVEL);
  const tracing = initTracing(tracingOptions(config, "gateway"));
  let supergraphSdl: string;
  try {
    supergraphSdl = readFileSync(SUPERGRAPH_FILE, "utf8");
  } catch (err) {
    throw new Error(`Cannot read ${SUPERGRAPH_FILE}: run \`npm run compose -w @prelabel/gateway\` first`, { cause: err });
  }
  const cloud = config.PRELABEL_MODE === DeploymentMode.Cloud;
  // Cloud: API keys are checked by the identity service over NATS. Self-hosted needs no NATS here.
  const messaging = cloud
    ? await Messaging.connect({ url: config.NATS_URL, namespace: config.NATS_NAMESPACE, name: "gateway" })
    : undefined;
  // Cloud, optional: bearer JWTs from an identity provider (config rejects JWT_* in self-hosted mode).
  const jwt = jwtSettings(config);
  const auth = new GatewayAuth(
    {
      mode: config.PRELABEL_MODE,
      ...(config.IDENTITY_PRIVATE_KEY ? { signer: new IdentityAssertionSigner(parseIdentityPrivateKey(config.IDENTITY_PRIVATE_KEY)) } : {}),
      ...(messaging
        ? { authenticator: new CachingApiKeyAuthenticator(new NatsApiKeyAuthenticator(messaging), { ttlMs: config.AUTH_CACHE_TTL_MS }) }
        : {}),
      ...(jwt ? { jwt: new JwksJwtAuthenticator(jwt) } : {}),
    },
    logger,
  );
  logger.info(
    { mode: config.PRELABEL_MODE, signsIdentity: Boolean(config.IDENTITY_PRIVATE_KEY), jwtIssuer: jwt?.issuer ?? null },
    "deployment mode",
  );
  const gateway = await createGateway({
    supergraphSdl,
    subgraphUrls: subgraphUrlOverrides(config),
    logger,
    maxUploadBytes: config.MAX_UPLOAD_BYTES,
    operationLimits: operationLimits(config),
    auth,
    credentialRecheckMs: config.AUTH_CACHE_TTL_MS,
    metrics: createMetricsRegistry(),
    consoleDir: config.CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR,
  });
  await gateway.listen(config.PORT, config.HOST);
  const steps: ShutdownStep[] = [{ name: "gateway", run: () => gateway.close() }];
  if (messaging) steps.push({ name: "nats", run: () => messaging.close() });
  steps.push({ name: "traces", run: () => tracing.shutdown() });
  installShutdown(logger, steps, config.SHUTDOWN_GRACE_MS);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
