import type { IncomingMessage, Server } from "node:http";
import { getGraphQLWSOptions, type GatewayRuntime } from "@graphql-hive/gateway-runtime";
import type { Logger } from "@prelabel/service-kit";
import { GraphQLError } from "graphql";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import { authorizationFromConnection, stripClientIdentity, type GatewayAuth } from "../auth/gateway-auth.js";
import type { RequestCallers } from "../auth/request-callers.js";
import { GRAPHQL_PATH } from "../hive-runtime.js";
import { ASSERTION_CONTEXT_FIELD } from "../plugins/identity-forwarding.plugin.js";
import { credentialRecheckInterval, CredentialRechecks } from "./credential-rechecks.js";

export interface GraphqlWsOptions {
  auth: GatewayAuth;
  /** Where each operation's accepted caller is kept for its context. */
  callers: RequestCallers;
  /** Cloud: how often an open connection's credential is checked again (credentialRecheckInterval bounds it). */
  credentialRecheckMs?: number;
  log: Logger;
}

export interface GraphqlWsServer {
  /** Closes every connection (1001: their subscriptions end) and stops accepting new ones. */
  close(): Promise<void>;
}

/** graphql-ws on the HTTP server's /graphql, running operations through the Hive runtime like HTTP requests. */
export function serveGraphqlWs(server: Server, runtime: GatewayRuntime, options: GraphqlWsOptions): GraphqlWsServer {
  const { auth, callers, credentialRecheckMs, log } = options;
  const wss = new WebSocketServer({ server, path: GRAPHQL_PATH });
  const wsOptions = getGraphQLWSOptions<Record<string, unknown>, { socket: unknown; request: IncomingMessage }>(runtime, (ctx) => ({
    req: ctx.extra.request,
    socket: ctx.extra.socket,
    [ASSERTION_CONTEXT_FIELD]: callers.assertionFor(ctx.extra.request),
  }));
  const rechecks = new CredentialRechecks(auth, credentialRecheckInterval(credentialRecheckMs), log);

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
        rechecks.start(ctx);
        return wsOptions.onSubscribe!(ctx, id, payload);
      },
      onClose: (ctx) => rechecks.stop(ctx),
    },
    wss,
  );

  return {
    async close() {
      for (const client of wss.clients) client.close(1001, "gateway shutting down");
      await wsServer.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
