import type { IncomingMessage } from "node:http";
import type { Logger } from "@prelabel/service-kit";
import type { ConnectionInitMessage, Context } from "graphql-ws";
import { WebSocket } from "ws";
import { MAX_AUTH_CACHE_TTL_MS } from "../auth/api-key.authenticator.js";
import { authorizationFromConnection, type CallerOutcome, type GatewayAuth } from "../auth/gateway-auth.js";

/** A graphql-ws connection as its server hooks see it; `socket` is the ws socket (graphql-ws/use/ws), typed loosely by Hive. */
export type WsConnection = Context<ConnectionInitMessage["payload"], { socket: unknown; request: IncomingMessage }>;

/** How a graphql-ws connection ends when its credential is refused on a re-check (graphql-ws's own Forbidden code). */
export const CREDENTIAL_REFUSED_CLOSE = { code: 4403, reason: "Forbidden: credential revoked or expired" } as const;

/** Re-checks are never more frequent than this, even with AUTH_CACHE_TTL_MS=0 (no cache). */
const MIN_CREDENTIAL_RECHECK_MS = 1_000;

/** The re-check interval asked for, kept between 1 s and AUTH_CACHE_TTL_MS's maximum (30 s, also the default). */
export const credentialRecheckInterval = (requestedMs: number | undefined): number =>
  Math.max(Math.min(requestedMs ?? MAX_AUTH_CACHE_TTL_MS, MAX_AUTH_CACHE_TTL_MS), MIN_CREDENTIAL_RECHECK_MS);

const socketOf = (connection: WsConnection) => connection.extra.socket as WebSocket;

/**
 * Cloud: a connection whose credential was accepted is checked again every intervalMs until it closes, so a revoked
 * key or an expired JWT also ends subscriptions already running. One timer per connection.
 */
export class CredentialRechecks {
  private readonly timers = new Map<WsConnection, NodeJS.Timeout>();

  constructor(
    private readonly auth: GatewayAuth,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** After a credential was accepted: re-checks begin, unless they already run, the socket closed or nothing is checked. */
  start(connection: WsConnection): void {
    if (this.auth.cloud && !this.timers.has(connection) && socketOf(connection).readyState === WebSocket.OPEN) this.schedule(connection);
  }

  stop(connection: WsConnection): void {
    clearTimeout(this.timers.get(connection));
    this.timers.delete(connection);
  }

  private schedule(connection: WsConnection): void {
    this.timers.set(connection, setTimeout(() => void this.recheck(connection), this.intervalMs).unref());
  }

  private async recheck(connection: WsConnection): Promise<void> {
    let outcome: CallerOutcome | undefined;
    try {
      outcome = await this.auth.resolve(authorizationFromConnection(connection.connectionParams, connection.extra.request.headers));
    } catch (err) {
      this.log.warn({ err }, "graphql-ws credential re-check failed; keeping the connection, retrying next interval");
    }
    // Closed while we asked.
    if (!this.timers.has(connection) || socketOf(connection).readyState !== WebSocket.OPEN) return this.stop(connection);
    if (outcome && "refused" in outcome && outcome.refused.status === 401) {
      this.stop(connection);
      this.log.info({ code: CREDENTIAL_REFUSED_CLOSE.code }, "graphql-ws connection closed: its credential was refused on re-check");
      socketOf(connection).close(CREDENTIAL_REFUSED_CLOSE.code, CREDENTIAL_REFUSED_CLOSE.reason);
      return;
    }
    // Could not check (identity service or IdP down): not a refusal, so the subscription goes on.
    if (outcome && "refused" in outcome) {
      const message = "graphql-ws credential could not be re-checked; keeping the connection, retrying next interval";
      this.log.warn({ status: outcome.refused.status }, message);
    }
    this.schedule(connection);
  }
}
