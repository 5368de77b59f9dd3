import { isRole, Role, type Identity } from "@prelabel/identity";
import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";

/**
 * Asymmetric algorithms only: the gateway holds no shared secret with the identity provider, and accepting HS* would
 * let anyone who has the (public) JWKS sign tokens with it. jose never accepts `alg: none`.
 */
export const JWT_ALGORITHMS = ["RS256", "PS256", "ES256", "EdDSA"] as const;

export const DEFAULT_JWT_TENANT_CLAIM = "tenant_id";
export const DEFAULT_JWT_ROLES_CLAIM = "roles";
export const DEFAULT_JWT_CLOCK_TOLERANCE_S = 30;

/** Why a token was refused, in general terms (never the token or its claims' values). */
export const JwtRefusalReason = {
  Malformed: "malformed",
  AlgorithmNotAllowed: "algorithm not allowed",
  UnknownKey: "unknown signing key",
  BadSignature: "bad signature",
  WrongIssuer: "wrong issuer",
  WrongAudience: "wrong audience",
  Expired: "expired",
  NotYetValid: "not yet valid",
  NoExpiry: "no expiry (exp)",
  MissingTenant: "missing tenant claim",
  MissingSubject: "missing subject (sub)",
  InvalidClaims: "invalid claims",
} as const;
export type JwtRefusalReason = (typeof JwtRefusalReason)[keyof typeof JwtRefusalReason];

export type JwtOutcome =
  { readonly identity: Identity; /** `exp`, in ms since the epoch. */ readonly expiresAt: number } | { readonly refused: JwtRefusalReason };

/** Bearer JWT → identity or a refusal; throws JwksUnavailableError when the token could not be checked at all. */
export interface JwtAuthenticator {
  authenticate(token: string): Promise<JwtOutcome>;
}

/** The identity provider's key set could not be fetched (down, timed out, not a JWKS): "could not check", not "no". */
export class JwksUnavailableError extends Error {
  override readonly name = "JwksUnavailableError";
  constructor(cause: unknown) {
    super("the identity provider's JWKS could not be fetched", { cause });
  }
}

export interface JwksJwtAuthenticatorOptions {
  /** The identity provider's JWKS (http(s)). */
  jwksUrl: string | URL;
  /** `iss` must equal this. */
  issuer: string;
  /** `aud` must be or contain this. */
  audience: string;
  /** Claim holding the tenant id (default `tenant_id`). */
  tenantClaim?: string;
  /** Claim holding the roles, an array or a space-separated string (default `roles`). */
  rolesClaim?: string;
  /** Allowed clock skew for `exp` and `nbf`, seconds (default 30). */
  clockToleranceS?: number;
  /** jose: how long after a fetch an unknown `kid` may trigger a refetch (default 30 s); tests shorten it. */
  jwksCooldownMs?: number;
  /** jose: how long fetched keys are used before refetching (default 10 min). */
  jwksCacheMaxAgeMs?: number;
  /** jose: JWKS request timeout (default 5 s). */
  jwksTimeoutMs?: number;
  /** For tests: the current time. */
  now?: () => Date;
}

/**
 * Verifies JWTs against the identity provider's JWKS with jose: signature (asymmetric algorithms only), `iss`, `aud`,
 * `exp` (required) and `nbf` with a small clock tolerance. jose caches the key set and refetches it when a token names
 * an unknown `kid` (key rotation), at most once per cooldown.
 */
export class JwksJwtAuthenticator implements JwtAuthenticator {
  private readonly getKey: JWTVerifyGetKey;
  private readonly tenantClaim: string;
  private readonly rolesClaim: string;

  constructor(private readonly options: JwksJwtAuthenticatorOptions) {
    const remote = createRemoteJWKSet(new URL(options.jwksUrl), {
      ...(options.jwksCooldownMs !== undefined ? { cooldownDuration: options.jwksCooldownMs } : {}),
      ...(options.jwksCacheMaxAgeMs !== undefined ? { cacheMaxAge: options.jwksCacheMaxAgeMs } : {}),
      ...(options.jwksTimeoutMs !== undefined ? { timeoutDuration: options.jwksTimeoutMs } : {}),
    });
    // Key lookup is where the IdP is reached: separate "no such key" (the token's fault) from "could not fetch".
    this.getKey = async (header, token) => {
      try {
        return await remote(header, token);
      } catch (err) {
        const tokensFault =
          err instanceof errors.JWKSNoMatchingKey ||
          err instanceof errors.JWKSMultipleMatchingKeys ||
          err instanceof errors.JOSENotSupported;
        if (tokensFault) throw err;
        throw new JwksUnavailableError(err);
      }
    };
    this.tenantClaim = options.tenantClaim ?? DEFAULT_JWT_TENANT_CLAIM;
    this.rolesClaim = options.rolesClaim ?? DEFAULT_JWT_ROLES_CLAIM;
  }

  async authenticate(token: string): Promise<JwtOutcome> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        algorithms: [...JWT_ALGORITHMS],
        issuer: this.options.issuer,
        audience: this.options.audience,
        clockTolerance: this.options.clockToleranceS ?? DEFAULT_JWT_CLOCK_TOLERANCE_S,
        // A token without exp would never stop working, and live subscriptions are re-checked by it.
        requiredClaims: ["exp"],
        ...(this.options.now ? { currentDate: this.options.now() } : {}),
      }));
    } catch (err) {
      if (err instanceof JwksUnavailableError) throw err;
      return { refused: refusalReason(err) };
    }
    const tenantId = payload[this.tenantClaim];
    if (typeof tenantId !== "string" || !tenantId.trim()) return { refused: JwtRefusalReason.MissingTenant };
    if (typeof payload.sub !== "string" || !payload.sub.trim()) return { refused: JwtRefusalReason.MissingSubject };
    return {
      identity: { tenantId, subject: payload.sub, roles: mapJwtRoles(payload[this.rolesClaim]) },
      expiresAt: payload.exp! * 1000,
    };
  }
}

/** jose's error → a reason safe to show the caller. */
function refusalReason(err: unknown): JwtRefusalReason {
  if (err instanceof errors.JWTExpired) return JwtRefusalReason.Expired;
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === "exp" && err.reason === "missing") return JwtRefusalReason.NoExpiry;
    const byClaim: Record<string, JwtRefusalReason> = {
      iss: JwtRefusalReason.WrongIssuer,
      aud: JwtRefusalReason.WrongAudience,
      nbf: JwtRefusalReason.NotYetValid,
    };
    return byClaim[err.claim] ?? JwtRefusalReason.InvalidClaims;
  }
  if (err instanceof errors.JOSEAlgNotAllowed) return JwtRefusalReason.AlgorithmNotAllowed;
  if (err instanceof errors.JWSSignatureVerificationFailed) return JwtRefusalReason.BadSignature;
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return JwtRefusalReason.UnknownKey;
  return JwtRefusalReason.Malformed;
}

/**
 * The roles claim (an array, or a space-separated string as OAuth scopes are) → our roles, case-insensitively;
 * unknown values are ignored and a token naming no known role is a MEMBER.
 */
export function mapJwtRoles(claim: unknown): Role[] {
  const values = Array.isArray(claim) ? claim : typeof claim === "string" ? claim.split(/\s+/) : [];
  const known = new Set<Role>();
  for (const value of values) {
    if (typeof value !== "string") continue;
    const upper = value.trim().toUpperCase();
    if (isRole(upper)) known.add(upper);
  }
  return known.size ? [...known] : [Role.Member];
}
