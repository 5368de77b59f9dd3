import type { IncomingHttpHeaders } from "node:http";
import { getInterpolatedHeadersFactory, getInterpolatedStringFactory } from "@graphql-mesh/string-interpolation";
import { DisposableSymbols } from "@graphql-hive/gateway-runtime";
import { getOperationASTFromRequest, type ExecutionRequest, type ExecutionResult, type Executor } from "@graphql-tools/utils";
import { assertedCallerKey, IDENTITY_HEADER } from "@prelabel/identity";
import type { Logger } from "@prelabel/service-kit";
import { OperationTypeNode, print, type DocumentNode } from "graphql";
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { SharedSubscriptions } from "./shared-subscriptions.js";

/** How often an idle upstream socket is pinged, and how long a pong may take before the socket counts as dead. */
export interface UpstreamWsTimings {
  keepAliveMs: number;
  pongTimeoutMs: number;
}

const DEFAULT_TIMINGS: UpstreamWsTimings = { keepAliveMs: 10_000, pongTimeoutMs: 10_000 };

/**
 * What operations must agree on to share a socket, from its upgrade headers. A header that differs per operation but
 * not per caller (the signed identity: a fresh iat, exp and jti each time) would otherwise give every subscription a
 * socket of its own; the subgraph checks the caller once per socket, at connect.
 */
export type UpstreamSocketKey = (upgradeHeaders: IncomingHttpHeaders | undefined) => unknown;

/** An operation for the subgraph: variables, context, root value and extensions as plain unknown data (graphql-tools types them `any`). */
type UpstreamRequest = ExecutionRequest<Record<string, unknown>, unknown, unknown, Record<string, unknown>>;

/** The parts of Hive's transport payload (@graphql-mesh/transport-common) this transport reads. */
interface WsTransportPayload {
  subgraphName: string;
  transportEntry: {
    location?: string;
    headers?: [string, string][];
    options?: { connectionParams?: Record<string, string> };
  };
}

/**
 * Subscriptions from the gateway to a subgraph over graphql-ws, with one defined behaviour when that subgraph goes
 * away: the subscription fails (withUpstreamErrors turns that into SERVICE_UNAVAILABLE for the client) and is never
 * re-sent upstream behind the client's back.
 *
 * @graphql-mesh/transport-ws keeps graphql-ws's default client, which on a close such as 1001 (shutdown) or 1006
 * (crash) retries up to 5 times after a random 1.3-4 s, 2.3-5 s, ... and, when a replacement process is up by then,
 * silently subscribes again: the client neither sees the gap nor an end, and whether that happens depends on timing.
 * This transport is the same (lazy sockets shared per URL and headers, header and connectionParams interpolation;
 * `socketKey` says which header values count, so one caller's subscriptions share a socket)
 * with retries off, plus a ping/pong check so a subgraph whose host vanished without closing the TCP connection is
 * also noticed. A restarting subgraph first ends its subscriptions itself (service-kit), so clients normally get its
 * SERVICE_UNAVAILABLE event and `complete`; this is what they get when it could not (SIGKILL, crash, network).
 */
export function createUpstreamWsTransport(
  logger: Logger,
  timings: UpstreamWsTimings = DEFAULT_TIMINGS,
  socketKey: UpstreamSocketKey = (upgradeHeaders) => upgradeHeaders,
  /** Identical subscriptions share one upstream stream (shared-subscriptions.ts: for state streams only). */
  shareSubscriptions = false,
) {
  return {
    getSubgraphExecutor({ subgraphName, transportEntry }: WsTransportPayload): Executor & AsyncDisposable {
      if (!transportEntry.location) throw new Error(`WS transport for ${subgraphName}: the transport entry has no location`);
      const log = logger.child({ subgraph: subgraphName, transport: "ws" });
      const location = getInterpolatedStringFactory(transportEntry.location);
      const connectionParams = transportEntry.options?.connectionParams
        ? getInterpolatedHeadersFactory(transportEntry.options.connectionParams)
        : undefined;
      const headers = transportEntry.headers ? getInterpolatedHeadersFactory(Object.fromEntries(transportEntry.headers)) : undefined;
      const clients = new Map<string, Client>();

      const shared = new SharedSubscriptions<ExecutionResult>();

      const clientFor = (request: UpstreamRequest): { client: Client; key: string } => {
        // No `{env.*}` in templates: only main.ts reads the environment.
        const data = { env: {}, root: request.rootValue, context: request.context, info: request.info };
        const url = toWebSocketUrl(location(data));
        const params = connectionParams?.(data);
        const upgradeHeaders = headers?.(data);
        const key = JSON.stringify({ url, params, upgradeHeaders: socketKey(upgradeHeaders) });
        let client = clients.get(key);
        if (!client) {
          client = createUpstreamClient(url, params, upgradeHeaders, timings, log, (closed) => {
            if (clients.get(key) === closed) clients.delete(key);
          });
          clients.set(key, client);
        }
        return { client, key };
      };

      const executor = ((request: UpstreamRequest) => {
        const { client, key } = clientFor(request);
        const payload = {
          query: print(request.document as DocumentNode),
          ...(request.variables && Object.keys(request.variables).length ? { variables: request.variables } : {}),
          ...(request.operationName ? { operationName: request.operationName } : {}),
          ...(request.extensions && Object.keys(request.extensions).length ? { extensions: request.extensions } : {}),
        };
        const operation = request.operationType ?? getOperationASTFromRequest(request).operation;
        const start = () =>
          client.iterate<ExecutionResult["data"], ExecutionResult["extensions"]>(payload) as AsyncIterator<ExecutionResult>;
        // Identical subscriptions on one socket (same caller) share one upstream subscription: 1,000 watchers of a job
        // cost the subgraph one subscription and the gateway one upstream message per change.
        const iterator =
          operation === OperationTypeNode.SUBSCRIPTION && shareSubscriptions
            ? shared.open(`${key}\n${JSON.stringify(payload)}`, start)
            : start();
        const signal = request.signal ?? request.info?.signal;
        signal?.addEventListener("abort", () => void iterator.return?.(), { once: true });
        if (operation === OperationTypeNode.SUBSCRIPTION) return iterator;
        return iterator.next().then(({ value }) => value as ExecutionResult);
      }) as Executor & AsyncDisposable;
      Object.defineProperty(executor, DisposableSymbols.asyncDispose, {
        value: async () => {
          await Promise.all([...clients.values()].map(async (c) => c.dispose()));
          clients.clear();
        },
      });
      return executor;
    },
  };
}

function createUpstreamClient(
  url: string,
  connectionParams: Record<string, string> | undefined,
  headers: IncomingHttpHeaders | undefined,
  timings: UpstreamWsTimings,
  log: Logger,
  /** Called when the client's socket closes: the next operation with these parameters gets a fresh client. */
  forget: (client: Client) => void,
): Client {
  // The upgrade request carries the headers (e.g. the signed identity); the ws package takes them as an option.
  class UpstreamWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers });
    }
  }
  let socket: WebSocket | undefined;
  let pongTimer: NodeJS.Timeout | undefined;
  const client: Client = createClient({
    url,
    webSocketImpl: UpstreamWebSocket,
    connectionParams,
    lazy: true,
    // Keep a socket a moment after its last subscription ends, so a client re-subscribing reuses it.
    lazyCloseTimeout: 3_000,
    // No retry: a closed or failed upstream socket fails its subscriptions at once (SERVICE_UNAVAILABLE downstream).
    retryAttempts: 0,
    shouldRetry: () => false,
    keepAlive: timings.keepAliveMs,
    on: {
      opened: (s) => (socket = s as WebSocket),
      ping: (received) => {
        if (received) return;
        // Our ping went out: no pong in time means the peer is gone. Cutting the socket fails every subscription on
        // it (close 1006, not retried).
        clearTimeout(pongTimer);
        pongTimer = setTimeout(() => {
          if (socket?.readyState !== WebSocket.OPEN) return;
          log.warn({ url, pongTimeoutMs: timings.pongTimeoutMs }, "upstream graphql-ws socket did not answer a ping; cutting it");
          socket.terminate();
        }, timings.pongTimeoutMs).unref();
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      // Any message proves the peer alive: a pong queued behind a burst of results must not get the socket cut.
      message: () => clearTimeout(pongTimer),
      closed: (event) => {
        clearTimeout(pongTimer);
        socket = undefined;
        const { code, reason } = (event ?? {}) as { code?: number; reason?: string };
        log.debug({ url, code, reason }, "upstream graphql-ws socket closed");
        forget(client);
      },
    },
  });
  return client;
}

function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//, "ws$1://");
}

/**
 * One upstream graphql-ws socket per subgraph and caller, not per subscription: each operation's signed identity is
 * fresh (its own iat, exp and jti), so the socket is keyed by whom it names. 1,000 clients of one caller watching a
 * job cost the subgraph one socket (one connect and one signature check) carrying 1,000 subscriptions.
 */
export function socketPerCaller(headers: IncomingHttpHeaders | undefined): unknown {
  const assertion = headers?.[IDENTITY_HEADER];
  if (typeof assertion !== "string") return headers;
  return { ...headers, [IDENTITY_HEADER]: assertedCallerKey(assertion) ?? assertion };
}
