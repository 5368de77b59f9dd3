import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from "@apollo/server";
import { ApolloServerPluginDrainHttpServer } from "@apollo/server/plugin/drainHttpServer";
import { expressMiddleware } from "@as-integrations/express5";
import express from "express";
import type { Identity } from "@prelabel/identity";
import { createMetricsRegistry, GraphqlMetrics, type Registry } from "@prelabel/observability";
import { getOperationAST, Kind, parse, validate, GraphQLError, type DocumentNode, type ExecutionResult, type GraphQLSchema } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import type { Logger } from "pino";
import { WebSocketServer } from "ws";
import { identityAssertionFrom, resolveCaller, unauthenticatedError, type CallerResolution } from "./caller-identity.js";
import { DeploymentMode, type SubgraphAuth } from "./config.js";
import { formatGraphQLError, isTokenLimitError } from "./errors.js";
import {
  costLimitError,
  entityRepresentationCount,
  MAX_ENTITY_REPRESENTATIONS,
  OperationLimitErrors,
  operationLimitRules,
  SUBGRAPH_OPERATION_LIMITS,
  type OperationLimits,
} from "./operation-limits.js";
import { graphqlObservabilityPlugin, graphqlTracingMiddleware } from "./graphql-observability.js";
import { bodyErrorHandler, MAX_JSON_BYTES, multipartHandlers, resolveUploadLimits, type UploadLimits } from "./multipart-limits.js";
import { shutdownResult, SubscriptionDrain } from "./subscription-drain.js";

/** What every operation's context carries besides the service's own parts. */
export interface CallerContext {
  identity: Identity;
}

/**
 * A plain HTTP route served beside /graphql (a download, say): no caller identity is asked for, so the route checks
 * its own credential. `path` is an Express pattern (`/exports/:token`); the handler answers every request it gets.
 */
export interface HttpRoute {
  method: "GET";
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
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
  /** Multipart limits (multipart-limits.ts); default 50 MiB a file, 100 files. */
  uploads?: UploadLimits;
  metrics?: Registry;
  plugins?: ApolloServerPlugin<C & CallerContext>[];
  /** Depth, alias, token, directive and cost limits on every operation (HTTP and graphql-ws); default SUBGRAPH_OPERATION_LIMITS. */
  limits?: OperationLimits;
  /** `_entities` representations per request; default MAX_ENTITY_REPRESENTATIONS. */
  maxEntityRepresentations?: number;
  /**
   * On close, how long open subscriptions may take to receive their final SERVICE_UNAVAILABLE event and `complete`
   * before the sockets are closed anyway. Default 5 s.
   */
  subscriptionDrainMs?: number;
  /** The service's own public error codes: a GraphQLError raised with one keeps it (AppErrors always keep theirs). */
  errorCodes?: Readonly<Record<string, string>>;
  /** The service's own HTTP routes (HttpRoute), before /graphql. */
  routes?: readonly HttpRoute[];
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

/** Longer than any client's idle keep-alive timeout (Node's default agent: 5 s; load balancers commonly 60 s). */
export const SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS = 65_000;

/** Serves a subgraph schema: GraphQL over HTTP (with multipart uploads) and graphql-ws on /graphql, plus /healthz, /readyz, /metrics. */
export async function startSubgraphServer<C extends BaseContext>(options: SubgraphServerOptions<C>): Promise<RunningServer> {
  const app = express();
  const httpServer: Server = createServer(app);
  // Outlive the gateway's idle keep-alive sockets (Node's agent drops them after 5 s, as the server did by default):
  // with equal timeouts the server could close a socket just as the gateway wrote a request to it (EPIPE, a failed
  // query under load). Idle sockets are still closed on shutdown.
  httpServer.keepAliveTimeout = SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS;
  httpServer.headersTimeout = SUBGRAPH_KEEP_ALIVE_TIMEOUT_MS + 1_000;
  const wsServer = new WebSocketServer({ server: httpServer, path: "/graphql" });
  const onInternal = (err: unknown) => options.logger.error({ err }, "unexpected error in resolver");
  const serviceCodes = new Set(Object.values(options.errorCodes ?? {}));
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
      const formatted = formatGraphQLError(e.toJSON(), e, onInternal, serviceCodes);
      graphqlMetrics.countError(formatted.extensions?.code);
      return formatted;
    });
  // Every subgraph defends itself against callers that go around the gateway (inside the cluster): the same limits
  // over HTTP and graphql-ws, the cost counted with the request's variables (list sizes, `_entities` representations).
  const limits = options.limits ?? SUBGRAPH_OPERATION_LIMITS;
  const maxEntities = options.maxEntityRepresentations ?? MAX_ENTITY_REPRESENTATIONS;
  const limitRules = operationLimitRules(limits);
  const costOrEntityError = (input: Parameters<typeof costLimitError>[0]): GraphQLError | undefined => {
    const entities = entityRepresentationCount(input);
    if (entities > maxEntities) return OperationLimitErrors.tooManyEntities(maxEntities, entities);
    return costLimitError(input, limits);
  };
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
      onSubscribe: (ctx, _id, payload) => {
        // Shutting down: refused the way a stopped service is, so the caller retries elsewhere or later.
        if (subscriptions.isDraining) return shutdownResult(undefined, options.name).errors;
        const caller = wsCaller(ctx);
        if ("refused" in caller) return [unauthenticatedError()];
        // The limits (in HTTP's order: tokens, then depth/aliases/directives, then cost) before graphql-ws parses and
        // validates the document itself.
        let document: DocumentNode;
        try {
          document = parse(payload.query, { maxTokens: limits.maxTokens });
        } catch (err) {
          return err instanceof GraphQLError && isTokenLimitError(err.message)
            ? [OperationLimitErrors.tooManyTokens(limits.maxTokens)]
            : undefined;
        }
        const overLimit = validate(options.schema, document, limitRules);
        if (overLimit.length) return overLimit;
        const refusal = costOrEntityError({
          schema: options.schema,
          document,
          operationName: payload.operationName,
          variables: payload.variables,
        });
        return refusal ? [refusal] : undefined;
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
        const path = field?.kind === Kind.FIELD ? [field.alias?.value ?? field.name.value] : undefined;
        return subscriptions.track(result as AsyncIterable<ExecutionResult>, () => shutdownResult(path, options.name));
      },
      // Called once per operation however it ends (completed, errored, cancelled by the client, socket closed).
      // Must stay synchronous: close() relies on `complete` being sent in the microtasks after a stream ends.
      onComplete: (ctx, id) => {
        if (openSubscriptions.get(ctx)?.delete(id)) graphqlMetrics.subscriptionClosed();
      },
      // Subscriptions get the same error mapping as HTTP: stable codes, nothing internal leaked.
      onError: (_ctx, _id, _payload, errors) => formatWsErrors(errors),
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors?.length ? { ...result, errors: formatWsErrors(result.errors) } : undefined,
    },
    wsServer,
  );

  const apollo = new ApolloServer<C & CallerContext>({
    schema: options.schema,
    // The gateway is the only caller; it marks its requests so multipart passes CSRF checks.
    csrfPrevention: { requestHeaders: ["x-prelabel-gateway", "apollo-require-preflight"] },
    formatError: (formatted, error) => formatGraphQLError(formatted, error, onInternal, serviceCodes),
    includeStacktraceInErrorResponses: false,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: limitRules,
    // main.ts owns SIGTERM (installShutdown) so NATS drains and pools close in order.
    stopOnTerminationSignals: false,
    plugins: [
      // Runs in close() after the graphql-ws sockets are closed: it ends every socket without a request in flight.
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // prelabel_graphql_* metrics and the operation's span (started by graphqlTracingMiddleware below).
      graphqlObservabilityPlugin<C & CallerContext>(graphqlMetrics),
      {
        requestDidStart: async () => ({
          didResolveOperation: async ({ document, request, operationName, schema }) => {
            const refusal = costOrEntityError({ schema, document, operationName, variables: request.variables });
            if (refusal) throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, http: { status: 400 } } });
          },
        }),
      },
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
  for (const route of options.routes ?? []) {
    app.get(route.path, (req: express.Request, res: express.Response) => {
      Promise.resolve(route.handle(req, res)).catch((err: unknown) => {
        options.logger.error({ err, path: route.path }, "HTTP route failed");
        if (!res.headersSent) res.status(500).json({ error: { code: "INTERNAL_SERVER_ERROR", message: "Unexpected error" } });
        else res.destroy();
      });
    });
  }
  app.use(
    "/graphql",
    graphqlTracingMiddleware(options.name),
    (req: express.Request, res: express.Response, next: express.NextFunction) => {
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
    express.json({ limit: MAX_JSON_BYTES }),
    ...multipartHandlers(resolveUploadLimits(options.uploads ?? { maxFileSize: 50 * 1024 * 1024, maxFiles: 100 })),
    expressMiddleware(apollo, { context: async ({ res }) => buildContext(res.locals.identity as Identity) }),
    // Multipart and JSON body errors as JSON with a code (after the parsers: express error handlers come last).
    bodyErrorHandler,
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
      const disposed = Promise.resolve(wsCleanup.dispose()).catch((err: unknown) =>
        options.logger.warn({ err }, "closing graphql-ws sockets failed"),
      );
      await Promise.race([disposed, new Promise((resolve) => (timer = setTimeout(resolve, drainMs)))]);
      clearTimeout(timer);
      await apollo.stop();
    },
  };
}
