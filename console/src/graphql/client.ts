import {
  cacheExchange,
  Client,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
  type CombinedError,
  type Exchange,
  type SubscriptionForwarder,
} from "@urql/core";
import { createClient as createWsClient, type Client as WsClient } from "graphql-ws";

/** The gateway serves the console and the API on one origin: no CORS, and the CSP's connect-src stays 'self'. */
export const GRAPHQL_PATH = "/graphql";

/**
 * The gateway's CSRF prevention lets a request through when it carries one of these headers (it forces a CORS
 * preflight cross-site); uploads are multipart (a "simple" content type), so every request sends it.
 */
const CSRF_HEADER = "x-graphql-yoga-csrf";

export interface ConsoleClientOptions {
  /** The page's location: `/graphql` and `ws(s)://<host>/graphql` are derived from it. */
  location: Pick<Location, "protocol" | "host">;
  /** Cloud mode: the API key, read on every request and every (re)connection; undefined in self-hosted mode. */
  apiKey(): string | undefined;
  /**
   * Cloud mode: the gateway refused the key (HTTP 401, an `UNAUTHENTICATED` error on any operation, or the
   * subscription socket closed 4401/4403 because the key was revoked). Called once per refused answer.
   */
  onUnauthenticated?(): void;
  /** For tests: the WebSocket implementation (default the browser's). */
  webSocketImpl?: unknown;
  /** For tests: the fetch implementation (default the browser's). */
  fetch?: typeof fetch;
}

export interface ConsoleClient {
  client: Client;
  /** Closes the subscription socket (sign-out: the next subscription connects with the new key). */
  readonly dispose: () => Promise<void>;
}

/** http: → ws:, https: → wss:, same host: the subscription socket stays on the page's origin. */
export function graphqlWsUrl(location: Pick<Location, "protocol" | "host">): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}${GRAPHQL_PATH}`;
}

/** graphql-ws close codes for a refused credential: 4401 at connection_init, 4403 when a re-check finds it revoked. */
const REFUSED_CREDENTIAL_CLOSE_CODES: ReadonlySet<number> = new Set([4401, 4403]);

const bearer = (key: string | undefined): Record<string, string> => (key ? { authorization: `Bearer ${key}` } : {});

/** The headers every HTTP request to /graphql carries; for requests made around the client (multipart uploads). */
export const requestHeaders = (apiKey: string | undefined): Record<string, string> => ({ [CSRF_HEADER]: "1", ...bearer(apiKey) });

/** A refused credential, as the gateway says it over HTTP (401) or in any operation's errors (docs/errors.md). */
export function isUnauthenticated(error: CombinedError | undefined): boolean {
  if (!error) return false;
  if ((error.response as { status?: unknown } | undefined)?.status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions.code === "UNAUTHENTICATED");
}

/**
 * One place for every operation (queries, mutations, subscriptions): a refused key is reported to the session,
 * which sends the user back to sign-in; pages only see their own errors.
 */
export function unauthenticatedExchange(onUnauthenticated: () => void): Exchange {
  return mapExchange({
    onResult(result) {
      if (isUnauthenticated(result.error)) onUnauthenticated();
    },
  });
}

/**
 * The console's urql client: queries and mutations over HTTP (POST, JSON) to the same origin's /graphql,
 * subscriptions over graphql-ws. The key goes in the Authorization header and in graphql-ws' connection_init payload,
 * which the gateway reads the same way (a browser cannot set headers on a WebSocket upgrade).
 */
export function createConsoleClient(options: ConsoleClientOptions): ConsoleClient {
  const ws: WsClient = createWsClient({
    url: graphqlWsUrl(options.location),
    connectionParams: () => bearer(options.apiKey()),
    // Reconnects after a dropped connection; subscribers resubscribe and get the current state from the server.
    retryAttempts: Infinity,
    shouldRetry: () => true,
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    on: {
      closed: (event) => {
        const code = (event as { code?: unknown } | null)?.code;
        if (typeof code === "number" && REFUSED_CREDENTIAL_CLOSE_CODES.has(code)) options.onUnauthenticated?.();
      },
    },
  });
  const forwardSubscription: SubscriptionForwarder = (request) => ({
    subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
  });
  const client = new Client({
    url: GRAPHQL_PATH,
    // POST only: a GET query would be a "simple" request the gateway's CSRF prevention must check anyway.
    preferGetMethod: false,
    fetchOptions: () => ({ headers: requestHeaders(options.apiKey()) }),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    // The document cache: a query is answered from the last result until a mutation returns one of its types.
    // The refused-key check sits after it, so it sees only answers from the network, never cached ones.
    exchanges: [
      cacheExchange,
      unauthenticatedExchange(() => options.onUnauthenticated?.()),
      fetchExchange,
      subscriptionExchange({ forwardSubscription }),
    ],
  });
  return { client, dispose: async () => ws.dispose() };
}
