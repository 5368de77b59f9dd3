import type { IncomingMessage, Server } from "node:http";
import { getGraphQLWSOptions, type GatewayRuntime } from "@graphql-hive/gateway-runtime";
import { createMetricsRegistry, type Registry } from "@prelabel/observability";
import { DEFAULT_OPERATION_LIMITS, DeploymentMode, type Logger, type OperationLimits } from "@prelabel/service-kit";
import { GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocket, WebSocketServer } from "ws";
import { MAX_AUTH_CACHE_TTL_MS } from "./auth/api-key.authenticator.js";
import { authorizationFromConnection, GatewayAuth, stripClientIdentity, type CallerOutcome } from "./auth/gateway-auth.js";
import { RequestCallers } from "./auth/request-callers.js";
import { DEFAULT_MAX_JSON_BYTES, type BodyLimits } from "./body-limits.js";
import { createHiveRuntime, GRAPHQL_PATH } from "./hive-runtime.js";
import { useCallerAuthentication } from "./http/caller-authentication.plugin.js";
import { useDeclaredBodyLimits } from "./http/declared-body-limits.plugin.js";
import { useHealthCheck } from "./http/health-check.plugin.js";
import { closeHttpServer, createHttpServer, listen } from "./http/http-server.js";
import { useMetricsEndpoint } from "./http/metrics-endpoint.plugin.js";
import { useReadinessCheck } from "./http/readiness-check.plugin.js";
import { useBodyLimits } from "./plugins/body-limits.plugin.js";
import { useGatewayObservability } from "./plugins/observability.plugin.js";
import { CSRF_HEADERS, useCsrfPrevention } from "./plugins/csrf-prevention.plugin.js";
import { ASSERTION_CONTEXT_FIELD, useIdentityForwarding } from "./plugins/identity-forwarding.plugin.js";
import { useOperationLimits } from "./plugins/operation-limits.plugin.js";
import { useRequestErrorCodes } from "./plugins/request-error-codes.plugin.js";
import { GatewayTelemetry } from "./observability/gateway-telemetry.js";
import { readSubgraphUrls, withSubgraphUrls } from "./supergraph-urls.js";

/** How a graphql-ws connection ends when its credential is refused on a re-check (graphql-ws's own Forbidden code). */
export const CREDENTIAL_REFUSED_CLOSE = { code: 4403, reason: "Forbidden: credential revoked or expired" } as const;

/** Re-checks are never more frequent than this, even with AUTH_CACHE_TTL_MS=0 (no cache). */
const MIN_CREDENTIAL_RECHECK_MS = 1_000;

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
 * uploads, SSE subscriptions, offline GraphiQL), graphql-ws on the same port and path, /healthz and /readyz.
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

  const runtime = createHiveRuntime(supergraph, log, [
    useIdentityForwarding(callers),
    useGatewayObservability(telemetry),
    useBodyLimits(bodyLimits),
    // Yoga's CSRF prevention with a typed refusal, the operation limits, BAD_USER_INPUT for bad variables (plugins/).
    useCsrfPrevention(CSRF_HEADERS),
    useOperationLimits(options.operationLimits ?? DEFAULT_OPERATION_LIMITS),
    useRequestErrorCodes(),
  ]);
  // Load the supergraph now: a broken file fails the start, not the first request.
  await runtime.getSchema();

  let closing: Promise<void> | undefined;
  const server = createHttpServer(
    [
      useHealthCheck(),
      useReadinessCheck({ subgraphUrls, timeoutMs: options.readinessTimeoutMs ?? 2_000, draining: () => closing !== undefined }),
      useMetricsEndpoint(metrics),
      useCallerAuthentication({ auth, callers, telemetry, log }),
      useDeclaredBodyLimits({ limits: bodyLimits, telemetry, log }),
    ],
    (req, res) => telemetry.traceRequest(req, () => runtime(req, res)),
    log,
  );

  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const wsOptions = getGraphQLWSOptions<Record<string, unknown>, { socket: unknown; request: IncomingMessage }>(runtime, (ctx) => ({
    req: ctx.extra.request,
    socket: ctx.extra.socket,
    [ASSERTION_CONTEXT_FIELD]: callers.assertionFor(ctx.extra.request),
  }));
  // Cloud: a connection whose credential was accepted is checked again every recheckMs until it closes, so a revoked
  // key or an expired JWT also ends subscriptions already running. One timer per connection (graphql-ws context).
  const recheckMs = Math.max(Math.min(options.credentialRecheckMs ?? MAX_AUTH_CACHE_TTL_MS, MAX_AUTH_CACHE_TTL_MS), MIN_CREDENTIAL_RECHECK_MS);
  type WsContext = Parameters<NonNullable<typeof wsOptions.onSubscribe>>[0];
  const rechecks = new Map<WsContext, NodeJS.Timeout>();
  // useServer("ws") puts the ws socket there; the Hive options type it loosely.
  const socketOf = (ctx: WsContext) => ctx.extra.socket as WebSocket;
  const stopRecheck = (ctx: WsContext) => {
    clearTimeout(rechecks.get(ctx));
    rechecks.delete(ctx);
  };
  const recheck = async (ctx: WsContext): Promise<void> => {
    let outcome: CallerOutcome | undefined;
    try {
      outcome = await auth.resolve(authorizationFromConnection(ctx.connectionParams, ctx.extra.request.headers));
    } catch (err) {
      log.warn({ err }, "graphql-ws credential re-check failed; keeping the connection, retrying next interval");
    }
    if (!rechecks.has(ctx) || socketOf(ctx).readyState !== WebSocket.OPEN) return stopRecheck(ctx); // closed while we asked
    if (outcome && "refused" in outcome && outcome.refused.status === 401) {
      stopRecheck(ctx);
      log.info({ code: CREDENTIAL_REFUSED_CLOSE.code }, "graphql-ws connection closed: its credential was refused on re-check");
      socketOf(ctx).close(CREDENTIAL_REFUSED_CLOSE.code, CREDENTIAL_REFUSED_CLOSE.reason);
      return;
    }
    // Could not check (identity service or IdP down): not a refusal, so the subscription goes on.
    if (outcome && "refused" in outcome) {
      log.warn({ status: outcome.refused.status }, "graphql-ws credential could not be re-checked; keeping the connection, retrying next interval");
    }
    scheduleRecheck(ctx);
  };
  const scheduleRecheck = (ctx: WsContext) => rechecks.set(ctx, setTimeout(() => void recheck(ctx), recheckMs).unref());

  const wsServer = useServer(
    {
      ...wsOptions,
      onConnect: (ctx) => {
        stripClientIdentity(ctx.extra.request.headers);
        return true;
      },
      // Each operation is checked (through the cache), so a key revoked while the socket is open stops new ones.
      // graphql-ws clients (browsers) send `Authorization` in the connection_init payload; others may use the header.
      onSubscribe: async (ctx, id, payload) => {
        const caller = await auth.resolve(authorizationFromConnection(ctx.connectionParams, ctx.extra.request.headers));
        if ("refused" in caller) return [new GraphQLError(caller.refused.message, { extensions: { code: caller.refused.code } })];
        callers.set(ctx.extra.request, caller.identity);
        if (auth.cloud && !rechecks.has(ctx) && socketOf(ctx).readyState === WebSocket.OPEN) scheduleRecheck(ctx);
        return wsOptions.onSubscribe!(ctx, id, payload);
      },
      onClose: (ctx) => stopRecheck(ctx),
    },
    wss,
  );

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
        for (const client of wss.clients) client.close(1001, "gateway shutting down");
        await wsServer.dispose();
        await new Promise<void>((resolve) => wss.close(() => resolve()));
        await closeHttpServer(server, options.drainMs ?? 5_000);
        await runtime.dispose();
      })()),
  };
}
