import type { Server } from "node:http";
import type { GatewayRuntime } from "@graphql-hive/gateway-runtime";
import { createMetricsRegistry, type Registry } from "@prelabel/observability";
import { DEFAULT_OPERATION_LIMITS, DeploymentMode, type Logger, type OperationLimits } from "@prelabel/service-kit";
import { GatewayAuth } from "./auth/gateway-auth.js";
import { RequestCallers } from "./auth/request-callers.js";
import { DEFAULT_MAX_JSON_BYTES, type BodyLimits } from "./body-limits.js";
import { createHiveRuntime, GRAPHQL_PATH } from "./hive-runtime.js";
import { useCallerAuthentication } from "./http/caller-authentication.plugin.js";
import { useConsoleFiles } from "./http/console-files.plugin.js";
import { useDeclaredBodyLimits } from "./http/declared-body-limits.plugin.js";
import { useExportDownloads } from "./http/export-downloads.plugin.js";
import { useHealthCheck } from "./http/health-check.plugin.js";
import { closeHttpServer, createHttpServer, listen } from "./http/http-server.js";
import { useMetricsEndpoint } from "./http/metrics-endpoint.plugin.js";
import { useReadinessCheck } from "./http/readiness-check.plugin.js";
import { GatewayTelemetry } from "./observability/gateway-telemetry.js";
import { useBodyLimits } from "./plugins/body-limits.plugin.js";
import { CSRF_HEADERS, useCsrfPrevention } from "./plugins/csrf-prevention.plugin.js";
import { useIdentityForwarding } from "./plugins/identity-forwarding.plugin.js";
import { useGatewayObservability } from "./plugins/observability.plugin.js";
import { useOperationLimits } from "./plugins/operation-limits.plugin.js";
import { useRequestErrorCodes } from "./plugins/request-error-codes.plugin.js";
import { readSubgraphUrls, withSubgraphUrls } from "./supergraph-urls.js";
import { serveGraphqlWs } from "./ws/graphql-ws.server.js";

export interface GatewayOptions {
  /** The composed supergraph (gateway/supergraph.graphql). */
  supergraphSdl: string;
  /** Overrides the URLs baked into the supergraph, by subgraph name; unset keeps the baked URL. */
  subgraphUrls: Record<string, string | undefined>;
  logger: Logger;
  /** Largest multipart (upload) request accepted, in bytes. */
  maxUploadBytes: number;
  /** Largest non-multipart request body (JSON), in bytes. Default 2 MiB, as the subgraphs. */
  maxJsonBytes?: number;
  /** How long /readyz waits for each subgraph's /readyz. Default 2 s. */
  readinessTimeoutMs?: number;
  /** On close, how long in-flight HTTP requests may finish before their connections are cut. Default 5 s. */
  drainMs?: number;
  /**
   * Who may call and what the subgraphs are told (auth/gateway-auth.ts). Omitted: self-hosted without a signing key,
   * so nothing is checked or forwarded and each subgraph treats callers as the default tenant's admin.
   */
  auth?: GatewayAuth;
  /**
   * Cloud: how often each graphql-ws connection's credential is checked again (API keys through the cache, JWTs by
   * their exp); a refused one closes the socket with 4403. Default and maximum AUTH_CACHE_TTL_MS (30 s), at least 1 s.
   */
  credentialRecheckMs?: number;
  /** Depth, alias, token, directive and cost limits (config MAX_QUERY_*); default DEFAULT_OPERATION_LIMITS. */
  operationLimits?: OperationLimits;
  /** Served on /metrics (gets the prelabel_graphql_* series); default a registry with the process metrics. */
  metrics?: Registry;
  /** The built web console (console/dist), served at `/`; omitted or not built: GET / says so. */
  consoleDir?: string;
}

export interface Gateway {
  server: Server;
  runtime: GatewayRuntime;
  /** Subgraph name → URL actually used (after overrides). */
  subgraphUrls: Record<string, string>;
  listen(port: number, host: string): Promise<{ url: string; port: number }>;
  /** Closes WebSockets (subscriptions end), stops listening and drains HTTP, then disposes the runtime (upstream connections). */
  close(): Promise<void>;
}

/**
 * The gateway: Hive Gateway runtime serving the supergraph on /graphql (queries, mutations, multipart
 * uploads, SSE subscriptions, offline GraphiQL), graphql-ws on the same port and path, /healthz and /readyz, annotation
 * downloads at `/exports/<token>` (proxied to the task service) and the web console at `/`.
 */
export async function createGateway(options: GatewayOptions): Promise<Gateway> {
  const log = options.logger;
  const supergraph = withSubgraphUrls(options.supergraphSdl, options.subgraphUrls);
  const subgraphUrls = readSubgraphUrls(supergraph);
  const bodyLimits: BodyLimits = { maxUploadBytes: options.maxUploadBytes, maxJsonBytes: options.maxJsonBytes ?? DEFAULT_MAX_JSON_BYTES };
  const auth = options.auth ?? new GatewayAuth({ mode: DeploymentMode.SelfHosted }, log);
  const callers = new RequestCallers(auth);
  const metrics = options.metrics ?? createMetricsRegistry();
  const telemetry = new GatewayTelemetry(metrics);

  // Inside the runtime, on every operation whatever the transport (plugins/).
  const runtime = createHiveRuntime(supergraph, log, [
    useIdentityForwarding(callers),
    useGatewayObservability(telemetry),
    useBodyLimits(bodyLimits),
    useCsrfPrevention(CSRF_HEADERS),
    useOperationLimits(options.operationLimits ?? DEFAULT_OPERATION_LIMITS),
    useRequestErrorCodes(),
  ]);
  // Load the supergraph now: a broken file fails the start, not the first request.
  await runtime.getSchema();

  let closing: Promise<void> | undefined;
  // In front of the runtime, in this order (http/): probes need no credential; refused callers and bodies never reach it.
  const server = createHttpServer(
    [
      useHealthCheck(),
      useReadinessCheck({ subgraphUrls, timeoutMs: options.readinessTimeoutMs ?? 2_000, draining: () => closing !== undefined }),
      useMetricsEndpoint(metrics),
      // The console's files carry no data (like GraphiQL's page): served without a credential.
      // Annotation downloads: the signed token in the path is the credential (the task service checks it).
      useExportDownloads({ taskUrl: subgraphUrls.task, log }),
      useConsoleFiles({ dir: options.consoleDir, log }),
      useCallerAuthentication({ auth, callers, telemetry, log }),
      useDeclaredBodyLimits({ limits: bodyLimits, telemetry, log }),
    ],
    (req, res) => telemetry.traceRequest(req, () => runtime(req, res)),
    log,
  );
  const graphqlWs = serveGraphqlWs(server, runtime, { auth, callers, credentialRecheckMs: options.credentialRecheckMs, log });

  return {
    server,
    runtime,
    subgraphUrls,
    listen: async (port, host) => {
      const actual = await listen(server, port, host);
      log.info({ port: actual, subgraphs: subgraphUrls }, "gateway listening");
      return { url: `http://${host}:${actual}${GRAPHQL_PATH}`, port: actual };
    },
    close: () =>
      (closing ??= (async () => {
        await graphqlWs.close();
        await closeHttpServer(server, options.drainMs ?? 5_000);
        await runtime.dispose();
      })()),
  };
}
