/** Why an identity assertion or API key was refused; stable, for logs and for mapping to UNAUTHENTICATED. */
export const IdentityErrorCode = {
  /** Not `base64url(payload).base64url(signature)`, or a payload without the required claims. */
  Malformed: "ASSERTION_MALFORMED",
  /** The signature does not verify with the configured public key (forged or signed by another key). */
  BadSignature: "ASSERTION_BAD_SIGNATURE",
  /** `exp` is in the past (beyond the clock skew tolerance). */
  Expired: "ASSERTION_EXPIRED",
  /** `iat` is in the future (beyond the clock skew tolerance). */
  NotYetValid: "ASSERTION_NOT_YET_VALID",
  /** A key that is not PEM or base64 DER Ed25519 of the expected kind (private/public). */
  InvalidKey: "IDENTITY_KEY_INVALID",
  /** Not `plk_<keyId>_<secret>`. */
  ApiKeyMalformed: "API_KEY_MALFORMED",
} as const;
export type IdentityErrorCode = (typeof IdentityErrorCode)[keyof typeof IdentityErrorCode];

/** One class, a stable code per failure; messages never contain key material or the token itself. */
export class IdentityError extends Error {
  override readonly name = "IdentityError";
  constructor(
    readonly code: IdentityErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
