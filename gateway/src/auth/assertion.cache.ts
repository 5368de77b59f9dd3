import type { Identity, IdentityAssertionSigner } from "@prelabel/identity";

/**
 * How long one signed assertion is reused for the same caller. Assertions live 60 s (DEFAULT_ASSERTION_TTL_SECONDS),
 * so a reused one still has at least 50 s left when a request's subgraph calls start: as good as a fresh one for them.
 */
export const DEFAULT_ASSERTION_REUSE_MS = 10_000;
/** Callers remembered at once; past it the oldest assertion is forgotten (and signed again when needed). */
export const DEFAULT_MAX_CACHED_ASSERTIONS = 10_000;

export interface AssertionCacheOptions {
  reuseMs?: number;
  maxEntries?: number;
  now?: () => number;
}

/**
 * The gateway's signed `x-prelabel-identity` per caller, signed once and reused for DEFAULT_ASSERTION_REUSE_MS instead
 * of once per request (an Ed25519 signature, a random jti and two base64 encodings each time).
 *
 * Why this is as safe as signing per request: the cache is keyed by the identity authentication resolved for this very
 * request (tenant, subject and roles), and every request is authenticated before it gets here, so a revoked key or
 * an expired JWT is refused as before and a changed role is another key. An assertion is a bearer token for the
 * subgraphs during its 60 s life either way; reuse does not lengthen that life (a reused one is sent at most 10 s after
 * it was signed), and it stays inside the gateway → subgraph hop. What changes: its `jti` names a 10 s window of one
 * caller's requests, not one request; nothing checks jti for replays today, and a replay check would have to allow that.
 */
export class AssertionCache {
  private readonly entries = new Map<string, { assertion: string; signedAt: number }>();
  private readonly reuseMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly signer: IdentityAssertionSigner,
    options: AssertionCacheOptions = {},
  ) {
    this.reuseMs = options.reuseMs ?? DEFAULT_ASSERTION_REUSE_MS;
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_CACHED_ASSERTIONS;
    this.now = options.now ?? Date.now;
  }

  /** The caller's assertion: the one signed less than reuseMs ago, else a fresh one. */
  assertionFor(identity: Identity): string {
    // JSON: tenant ids and JWT subjects are arbitrary strings, so no separator character is safe.
    const key = JSON.stringify([identity.tenantId, identity.subject, [...identity.roles].sort()]);
    const now = this.now();
    const cached = this.entries.get(key);
    if (cached && now - cached.signedAt < this.reuseMs && now >= cached.signedAt) return cached.assertion;
    const assertion = this.signer.sign(identity);
    // Re-inserted, so the map's order is signing order and its first entry the oldest.
    this.entries.delete(key);
    this.entries.set(key, { assertion, signedAt: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return assertion;
  }

  /** Callers with an assertion kept (tests: the bound holds). */
  get size(): number {
    return this.entries.size;
  }
}
