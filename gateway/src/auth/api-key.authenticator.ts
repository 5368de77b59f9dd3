import { createHash } from "node:crypto";
import { isRole, type Identity, type Role } from "@prelabel/identity";
import type { Messaging } from "@prelabel/messaging";
import { create, Endpoints, Role as ProtoRole } from "@prelabel/proto";

/** API key → identity, or null when the key is refused; throws when nobody could say (identity service down). */
export interface ApiKeyAuthenticator {
  authenticate(apiKey: string): Promise<Identity | null>;
}

const fromProtoRole = (role: ProtoRole): Role | undefined =>
  role === ProtoRole.ADMIN ? "ADMIN" : role === ProtoRole.MEMBER ? "MEMBER" : undefined;

/** Asks the identity service (`identity.v1.authenticate-api-key`) over NATS. */
export class NatsApiKeyAuthenticator implements ApiKeyAuthenticator {
  constructor(
    private readonly messaging: Messaging,
    private readonly timeoutMs = 3_000,
  ) {}

  async authenticate(apiKey: string): Promise<Identity | null> {
    const endpoint = Endpoints.authenticateApiKey;
    const reply = await this.messaging.request(endpoint, create(endpoint.request, { apiKey }), this.timeoutMs);
    if (reply.outcome.case !== "identity") return null;
    const { tenantId, subject, roles } = reply.outcome.value;
    const known = roles.map(fromProtoRole).filter(isRole);
    return tenantId && subject ? { tenantId, subject, roles: known } : null;
  }
}

/** At most 30 s: a revoked key stops working within that (docs/architecture.md, gateway/README.md). */
export const MAX_AUTH_CACHE_TTL_MS = 30_000;

/**
 * Remembers accepted keys for `ttlMs` (≤ 30 s) so most requests cost no round trip; refusals are not cached, so a
 * key created a moment ago works at once. Keys are held by their SHA-256, never in clear. Concurrent checks of one key
 * share the call in flight.
 */
export class CachingApiKeyAuthenticator implements ApiKeyAuthenticator {
  private readonly cache = new Map<string, { identity: Identity; expiresAt: number }>();
  private readonly inFlight = new Map<string, Promise<Identity | null>>();

  constructor(
    private readonly inner: ApiKeyAuthenticator,
    private readonly options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {},
  ) {
    if ((options.ttlMs ?? MAX_AUTH_CACHE_TTL_MS) > MAX_AUTH_CACHE_TTL_MS)
      throw new Error(`auth cache TTL above ${MAX_AUTH_CACHE_TTL_MS} ms`);
  }

  async authenticate(apiKey: string): Promise<Identity | null> {
    const now = (this.options.now ?? Date.now)();
    const id = createHash("sha256").update(apiKey).digest("base64url");
    const hit = this.cache.get(id);
    if (hit && hit.expiresAt > now) return hit.identity;
    this.cache.delete(id);
    // Concurrent misses of one key share one check: 1,000 watchers subscribing at once are one round trip, not 1,000
    // (which timed out against the identity service and failed their subscriptions).
    const running = this.inFlight.get(id);
    if (running) return running;
    const check = this.inner.authenticate(apiKey).then((identity) => {
      if (identity) {
        const max = this.options.maxEntries ?? 10_000;
        // Map order is insertion order: drop the oldest entry when full.
        if (this.cache.size >= max) this.cache.delete(this.cache.keys().next().value as string);
        this.cache.set(id, { identity, expiresAt: now + (this.options.ttlMs ?? MAX_AUTH_CACHE_TTL_MS) });
      }
      return identity;
    });
    this.inFlight.set(id, check);
    const settle = () => void this.inFlight.delete(id);
    check.then(settle, settle);
    return check;
  }
}
