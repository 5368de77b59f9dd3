import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { IdentityError, IdentityErrorCode } from "./identity.errors.js";

/**
 * API keys look like `plk_<keyId>_<secret>`: `keyId` is 16 lowercase hex characters (8 random bytes; it is the
 * row id and the key's public name), `secret` is 32 random bytes in base64url (43 characters, may contain `_`).
 * The prefix makes leaked keys easy to spot for secret scanners.
 *
 * Only SHA-256(secret) is stored. A slow password hash (scrypt, argon2) protects low-entropy human passwords from
 * offline guessing; a 256-bit random secret cannot be guessed whatever the hash, so a fast hash loses nothing and
 * keeps every authenticated request cheap.
 */
export const API_KEY_PREFIX = "plk_";
const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;
const API_KEY_PATTERN = /^plk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ParsedApiKey {
  readonly keyId: string;
  readonly secret: string;
}

export interface NewApiKey extends ParsedApiKey {
  /** The whole key, shown to its creator once. */
  readonly key: string;
  /** What is stored: SHA-256 of the secret. */
  readonly secretHash: Buffer;
}

export function formatApiKey(keyId: string, secret: string): string {
  return `${API_KEY_PREFIX}${keyId}_${secret}`;
}

/** Splits a key; a malformed one is an IdentityError(API_KEY_MALFORMED) whose message does not repeat it. */
export function parseApiKey(key: string): ParsedApiKey {
  const match = API_KEY_PATTERN.exec(key.trim());
  if (!match) throw new IdentityError(IdentityErrorCode.ApiKeyMalformed, "not an API key (plk_<keyId>_<secret>)");
  return { keyId: match[1], secret: match[2] };
}

export function generateApiKey(): NewApiKey {
  const keyId = randomBytes(KEY_ID_BYTES).toString("hex");
  const secret = randomBytes(SECRET_BYTES).toString("base64url");
  return { keyId, secret, key: formatApiKey(keyId, secret), secretHash: hashApiKeySecret(secret) };
}

export function hashApiKeySecret(secret: string): Buffer {
  return createHash("sha256").update(secret, "utf8").digest();
}

/** Constant-time comparison of a presented secret with the stored hash (both 32 bytes, so no length leak). */
export function apiKeySecretMatches(secret: string, storedHash: Uint8Array): boolean {
  const presented = hashApiKeySecret(secret);
  return storedHash.length === presented.length && timingSafeEqual(presented, storedHash);
}

/** What lists show instead of the key: `plk_<keyId>_…`. */
export const apiKeyHint = (keyId: string): string => `${API_KEY_PREFIX}${keyId}_…`;

/** `Authorization: Bearer <token>` → the token; anything else → undefined. */
export function bearerToken(authorization: string | null | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1];
}
