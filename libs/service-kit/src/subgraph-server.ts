import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { Identity } from "@prelabel/identity";
import { createMetricsRegistry, GraphqlMetrics, type Registry } from "@prelabel/observability";
import { getOperationAST, type ExecutionResult, type GraphQLError, type GraphQLSchema } from "graphql";
import { graphqlUploadExpress } from "graphql-upload-minimal";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import { identityAssertionFrom, resolveCaller, unauthenticatedError, type CallerResolution } from "./caller-identity.js";
import { DeploymentMode, type SubgraphAuth } from "./config.js";
import { formatGraphQLError } from "./errors.js";
import { graphqlObservabilityPlugin, graphqlTracingMiddleware } from "./graphql-observability.js";
import { shutdownResult, SubscriptionDrain } from "./subscription-drain.js";

/** What every operation's context carries besides the service's own parts. */
export interface CallerContext {
  identity: Identity;
}

export interface SubgraphServerOptions<C extends BaseContext> {
  name: string;
  schema: GraphQLSchema;
  host: string;
  port: number;
  logger: Logger;
  /** Builds the per-operation context (HTTP and WebSocket alike); the server adds `identity` to what it returns. */
  context: (caller: CallerContext) => Promise<C> | C;
  /**
   * Who may call (service-kit's `subgraphAuth`): in cloud mode every operation needs a valid `x-prelabel-identity`
   * (UNAUTHENTICATED, HTTP 401, otherwise). Omitted: self-hosted without a key (every caller is the default admin).
   */
  auth?: SubgraphAuth;
  /** Readiness: dependencies reachable. Liveness is the process answering. */
  ready: () => Promise<boolean>;
  uploads?: { maxFileSize: number; maxFiles: number };
  metrics?: Registry;
  plugins?: ApolloServerPlugin<C & CallerContext>[];
  /**
   * On close, how long open subscriptions may take to receive their final SERVICE_UNAVAILABLE event and `complete`
   * before the sockets are closed anyway. Default 5 s.
   */
  subscriptionDrainMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  /**
   * Ordered shutdown: new subscriptions are refused and every open one gets a final `SERVICE_UNAVAILABLE` error and
   * `complete`; then the graphql-ws sockets close (1001); then HTTP stops listening and drains in-flight requests.
   */
  close(): Promise<void>;
}

/** Serves a subgraph schema: GraphQL over HTTP (with multipart uploads) and graphql-ws on /graphql, plus /healthz, /readyz, /metrics. */
export async function startSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningServer> {
  const app = express();
  const httpServer: Server = createServer(app);
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const onInternal = (err: unknown) => options.logger.error({ err }, "unexpected error in resolver");
  const auth: SubgraphAuth = options.auth ?? { mode: DeploymentMode.SelfHosted };
  const buildContext = async (identity: Identity) => ({ ...(await options.context({ identity })), identity });
  // graphql-ws: the assertion arrives in the upgrade request's headers (the gateway's) or the connection params.
  const wsCallers = new WeakMap<object, CallerResolution>();
  const wsCaller = (ctx: object) => wsCallers.get(ctx) ?? { refused: "NO_CONNECTION_INIT" };
  const metrics = options.metrics ?? createMetricsRegistry();
  // One set of GraphQL metrics for both transports: Apollo's plugin feeds it over HTTP; graphql-ws operations bypass
  // Apollo, so their errors are counted here, and open subscriptions gauged.
  const graphqlMetrics = new GraphqlMetrics(metrics, options.name);
  const openSubscriptions = new WeakMap<object, Set<string>>();
  const subscriptions = new SubscriptionDrain();
  const formatWsErrors = (errors: readonly GraphQLError[]) =>
    errors.map((e) => {
      const formatted = formatGraphQLError(e.toJSON(), e, onInternal);
      graphqlMetrics.countError(formatted.extensions?.code);
      return formatted;
    });
  const wsCleanup = useServer(
    {
      schema: options.schema,
      onConnect: (ctx) => {
        const caller = resolveCaller(auth, identityAssertionFrom(ctx.connectionParams, ctx.extra.request.headers));
        if ("refused" in caller) options.logger.warn({ reason: caller.refused, transport: "ws" }, "unauthenticated subgraph call");
        wsCallers.set(ctx, caller);
        // Accept the socket either way: each operation then answers UNAUTHENTICATED with a code, as over HTTP.
        return true;
      },
      onSubscribe: (ctx) => {
        // Shutting down: refused the way a stopped service is, so the caller retries elsewhere or later.
        if (subscriptions.isDraining) return shutdownResult(undefined, options.name).errors as GraphQLError[];
        const caller = wsCaller(ctx);
        return "refused" in caller ? [unauthenticatedError()] : undefined;
      },
      context: (ctx) => {
        const caller = wsCaller(ctx);
        if ("refused" in caller) throw unauthenticatedError();
        return buildContext(caller.identity);
      },
      onOperation: (ctx, id, _payload, args, result) => {
        if (!(Symbol.asyncIterator in Object(result))) return undefined;
        const open = openSubscriptions.get(ctx) ?? new Set<string>();
        openSubscriptions.set(ctx, open.add(id));
        graphqlMetrics.subscriptionOpened();
        // On close the stream ends with a SERVICE_UNAVAILABLE event at the subscription's field, then `complete`.
        const field = getOperationAST(args.document, args.operationName)?.selectionSet.selections[0];
        const path = field?.kind === "Field" ? [field.alias?.value ?? field.name.value] : undefined;
        return subscriptions.track(result as AsyncIterable<ExecutionResult>, () => shutdownResult(path, options.name));
      },
      // Called once per operation however it ends (completed, errored, cancelled by the client, socket closed).
      // Must stay synchronous: close() relies on `complete` being sent in the microtasks after a stream ends.
      onComplete: (ctx, id) => {
        if (openSubscriptions.get(ctx)?.delete(id)) graphqlMetrics.subscriptionClosed();
      },
      // Subscriptions get the same error mapping as HTTP: stable codes, nothing internal leaked.
      onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors),
      onNext: (_ctx, _id, _payload, _args, result) => (result.errors?.length ? { ...result, errors: formatWsErrors(result.errors) } : undefined),
    },
    wsServer,
  );

  const apollo = new ApolloServer<C & CallerContext>({
    schema: options.schema,
    // The gateway is the only caller; it marks its requests so multipart passes CSRF checks.
    csrfPrevention: { requestHeaders: ["x-prelabel-gateway", "apollo-require-preflight"] },
    formatError: (formatted, error) => formatGraphQLError(formatted, error, onInternal),
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM (installShutdown) so NATS drains and pools close in order.
    stopOnTerminationSignals: false,
    plugins: [
      // Runs in close() after the graphql-ws sockets are closed: it ends every socket without a request in flight.
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // prelabel_graphql_* metrics and the operation's span (started by graphqlTracingMiddleware below).
      graphqlObservabilityPlugin<C & CallerContext>(graphqlMetrics),
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.get("/healthz", (_req, res) => void res.json({ status: "ok" }));
  app.get("/readyz", async (_req, res) => {
    const ok = await options.ready().catch(() => false);
    res.status(ok ? 200 : 503).json({ status: ok ? "ready" : "not ready" });
  });
  app.get("/metrics", async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });
  app.use(
    "/graphql",
    graphqlTracingMiddleware(options.name),
    (req, res, next) => {
      const caller = resolveCaller(auth, identityAssertionFrom(req.headers));
      if ("refused" in caller) {
        options.logger.warn({ reason: caller.refused, transport: "http" }, "unauthenticated subgraph call");
        const error = unauthenticatedError();
        res.status(401).json({ errors: [{ message: error.message, extensions: { code: error.extensions.code } }] });
        return;
      }
      res.locals.identity = caller.identity;
      next();
    },
    express.json({ limit: "2mb" }),
    graphqlUploadExpress({ maxFileSize: options.uploads?.maxFileSize ?? 50 * 1024 * 1024, maxFiles: options.uploads?.maxFiles ?? 100 }),
    expressMiddleware(apollo, { context: async ({ res }) => buildContext(res.locals.identity as Identity) }),
  );

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  options.logger.info({ port }, `${options.name} subgraph listening`);
  return {
    url: `http://${options.host}:${port}/graphql`,
    port,
    close: async () => {
      const drainMs = options.subscriptionDrainMs ?? 5_000;
      await subscriptions.drain(drainMs);
      // graphql-ws sends `complete` in the microtasks after a stream's last result: let it go out before the close frame.
      await new Promise((resolve) => setImmediate(resolve));
      // Waits for each peer's close handshake; one that never answers is cut by the HTTP drain below.
      let timer: NodeJS.Timeout | undefined;
      const disposed = Promise.resolve(wsCleanup.dispose()).catch((err: unknown) => options.logger.warn({ err }, "closing graphql-ws sockets failed"));
      await Promise.race([disposed, new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
      await apollo.stop();
    },
  };
}
