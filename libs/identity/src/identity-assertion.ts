import { randomBytes, sign, verify, type KeyObject } from "node:crypto";
import { isRole, type Identity, type Role } from "./identity.js";
import { IdentityError, IdentityErrorCode } from "./identity.errors.js";

/** The header the gateway sets on every subgraph request (and graphql-ws upgrade); clients' copies are dropped. */
export const IDENTITY_HEADER = "x-prelabel-identity";

/** What the gateway signs: the identity plus a short validity window and a unique id (for logs and future replay checks). */
export interface IdentityAssertionPayload extends Identity {
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
  /** Expires at, seconds since the epoch. */
  readonly exp: number;
  readonly jti: string;
}

/** Assertions live for a minute: enough for one request's subgraph calls, too short to be worth stealing. */
export const DEFAULT_ASSERTION_TTL_SECONDS = 60;
/** Gateway and subgraph clocks may disagree by this much either way. */
export const DEFAULT_CLOCK_SKEW_SECONDS = 30;

const nowSeconds = (now: () => number) => Math.floor(now() / 1000);

/** Signs assertions with the gateway's Ed25519 private key. */
export class IdentityAssertionSigner {
  constructor(
    private readonly privateKey: KeyObject,
    private readonly options: { ttlSeconds?: number; now?: () => number } = {},
  ) {
    if (privateKey.type !== "private" || privateKey.asymmetricKeyType !== "ed25519") {
      throw new IdentityError(IdentityErrorCode.InvalidKey, "the signer needs an Ed25519 private key");
    }
  }

  /** `base64url(JSON payload).base64url(Ed25519 signature over the first part's ASCII)`. */
  sign(identity: Identity): string {
    const iat = nowSeconds(this.options.now ?? Date.now);
    const payload: IdentityAssertionPayload = {
      tenantId: identity.tenantId,
      subject: identity.subject,
      roles: [...identity.roles],
      iat,
      exp: iat + (this.options.ttlSeconds ?? DEFAULT_ASSERTION_TTL_SECONDS),
      jti: randomBytes(12).toString("base64url"),
    };
    const encoded = Buffer.from(JSON.stringify(payload)).toString("base64url");
    const signature = sign(null, Buffer.from(encoded, "ascii"), this.privateKey).toString("base64url");
    return `${encoded}.${signature}`;
  }
}

/**
 * Verifies assertions with the gateway's public key, or any of several while the gateway's key is rotated; every
 * refusal is an IdentityError with a stable code.
 */
export class IdentityAssertionVerifier {
  private readonly publicKeys: readonly KeyObject[];

  constructor(
    publicKey: KeyObject | readonly KeyObject[],
    private readonly options: { clockSkewSeconds?: number; now?: () => number } = {},
  ) {
    this.publicKeys = isKeyList(publicKey) ? [...publicKey] : [publicKey];
    if (this.publicKeys.length === 0 || this.publicKeys.some((k) => k.type !== "public" || k.asymmetricKeyType !== "ed25519")) {
      throw new IdentityError(IdentityErrorCode.InvalidKey, "the verifier needs Ed25519 public keys");
    }
  }

  verify(token: string): IdentityAssertionPayload {
    const parts = token.split(".");
    if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) {
      throw new IdentityError(IdentityErrorCode.Malformed, "identity assertion is not payload.signature in base64url");
    }
    const [encoded, signature] = parts as [string, string];
    // Signature first: nothing from an unverified payload is parsed or trusted.
    const signed = Buffer.from(encoded, "ascii");
    const sig = Buffer.from(signature, "base64url");
    const ok = this.publicKeys.some((key) => verify(null, signed, key, sig));
    if (!ok) throw new IdentityError(IdentityErrorCode.BadSignature, "identity assertion signature does not verify");
    const payload = parsePayload(encoded);
    const now = nowSeconds(this.options.now ?? Date.now);
    const skew = this.options.clockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    if (payload.exp + skew < now) throw new IdentityError(IdentityErrorCode.Expired, "identity assertion has expired");
    if (payload.iat - skew > now) throw new IdentityError(IdentityErrorCode.NotYetValid, "identity assertion is not valid yet");
    return payload;
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function parsePayload(encoded: string): IdentityAssertionPayload {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(encoded, "base64url").toString("utf8"));
  } catch (err) {
    throw new IdentityError(IdentityErrorCode.Malformed, "identity assertion payload is not JSON", { cause: err });
  }
  const p = raw as Record<string, unknown>;
  const valid =
    typeof p === "object" &&
    p !== null &&
    typeof p.tenantId === "string" &&
    p.tenantId.length > 0 &&
    typeof p.subject === "string" &&
    p.subject.length > 0 &&
    Array.isArray(p.roles) &&
    p.roles.every(isRole) &&
    Number.isInteger(p.iat) &&
    Number.isInteger(p.exp) &&
    typeof p.jti === "string";
  if (!valid) throw new IdentityError(IdentityErrorCode.Malformed, "identity assertion payload lacks a required claim");
  return {
    tenantId: p.tenantId as string,
    subject: p.subject as string,
    roles: [...new Set(p.roles as Role[])],
    iat: p.iat as number,
    exp: p.exp as number,
    jti: p.jti as string,
  };
}

/** Array.isArray, keeping the element type (it narrows a readonly array to any[]). */
function isKeyList(keys: KeyObject | readonly KeyObject[]): keys is readonly KeyObject[] {
  return Array.isArray(keys);
}

/**
 * Who an assertion names (tenant, subject, roles), read WITHOUT verifying it: for the signer grouping its own fresh
 * assertions by caller (the gateway shares one upstream graphql-ws socket per caller, whose assertions differ only in
 * iat, exp and jti), never for trusting one. Undefined when the token is not an assertion.
 */
export function assertedCallerKey(token: string): string | undefined {
  const [encoded, signature] = token.split(".");
  if (!encoded || !signature || !BASE64URL.test(encoded)) return undefined;
  try {
    const p = parsePayload(encoded);
    return JSON.stringify([p.tenantId, p.subject, [...p.roles].sort()]);
  } catch {
    return undefined;
  }
}
