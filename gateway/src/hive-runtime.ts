import { createGatewayRuntime, type GatewayPlugin, type GatewayRuntime } from "@graphql-hive/gateway-runtime";
import httpTransport from "@graphql-mesh/transport-http";
import { renderGraphiQL } from "@graphql-yoga/render-graphiql";
import { IDENTITY_HEADER } from "@prelabel/identity";
import type { Logger } from "@prelabel/service-kit";
import { hiveLogger } from "./observability/hive-logger.js";
import { ASSERTION_CONTEXT_FIELD } from "./plugins/identity-forwarding.plugin.js";
import { withUpstreamErrors } from "./upstream/upstream-errors.js";
import { createUpstreamWsTransport, socketPerCaller } from "./upstream/upstream-ws.transport.js";

export const GRAPHQL_PATH = "/graphql";

/** Subgraphs (service-kit's startSubgraphServer) accept multipart only from callers sending this header. */
export const GATEWAY_HEADER = "x-prelabel-gateway";

/**
 * The Hive Gateway runtime serving `supergraph` on /graphql (queries, mutations, multipart uploads, SSE subscriptions,
 * offline GraphiQL) with the gateway's `plugins`; graphql-ws and the HTTP server around it are the caller's.
 */
export function createHiveRuntime(supergraph: string, log: Logger, plugins: GatewayPlugin[]): GatewayRuntime {
  return createGatewayRuntime({
    supergraph,
    graphqlEndpoint: GRAPHQL_PATH,
    logging: hiveLogger(log),
    // Explicit transports (no dynamic import of @graphql-mesh/transport-<kind>), wrapped so an
    // unreachable subgraph is SERVICE_UNAVAILABLE and graphql-ws errors keep their codes. Upstream graphql-ws
    // never retries: a subgraph going away ends its subscriptions (upstream/upstream-ws.transport.ts).
    transports: {
      http: withUpstreamErrors(httpTransport, log),
      ws: withUpstreamErrors(createUpstreamWsTransport(log, undefined, socketPerCaller, true), log),
    },
    transportEntries: {
      "*.http": {
        headers: [[GATEWAY_HEADER, "1"]],
        // Subscriptions go upstream over graphql-ws (same URL, ws://); queries and mutations over HTTP. The upgrade
        // request carries the signed identity (an empty value is left out, so unsigned setups send nothing).
        options: { subscriptions: { kind: "ws", headers: [[IDENTITY_HEADER, `{context.${ASSERTION_CONTEXT_FIELD}}`]] } },
      },
    },
    // GraphQL multipart request spec: files arrive as File objects and are re-sent upstream as multipart.
    multipart: true,
    // Subgraph errors keep their extensions.code; only code-less ones get DOWNSTREAM_SERVICE_ERROR.
    subgraphErrors: { subgraphNameProp: false },
    // Anything else unexpected is hidden the way the subgraphs hide it.
    maskedErrors: { errorMessage: "Internal server error" },
    landingPage: false,
    graphiql: {
      title: "Prelabel",
      subscriptionsProtocol: "WS",
      defaultQuery: "{\n  models {\n    id\n    name\n    kind\n  }\n}\n",
    },
    // The default GraphiQL loads from a CDN; this one is a self-contained page.
    renderGraphiQL,
    plugins: () => plugins,
  });
}
