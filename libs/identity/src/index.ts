export { Role, ROLES, DEFAULT_TENANT_ID, SELF_HOSTED_IDENTITY, isRole } from "./identity.js";
export type { Identity } from "./identity.js";
export { IdentityError, IdentityErrorCode } from "./identity.errors.js";
export { parseIdentityPrivateKey, parseIdentityPublicKey, parseIdentityPublicKeys, generateIdentityKeyPair } from "./identity-keys.js";
export {
  IdentityAssertionSigner,
  IdentityAssertionVerifier,
  IDENTITY_HEADER,
  DEFAULT_ASSERTION_TTL_SECONDS,
  DEFAULT_CLOCK_SKEW_SECONDS,
  assertedCallerKey,
} from "./identity-assertion.js";
export type { IdentityAssertionPayload } from "./identity-assertion.js";
export {
  API_KEY_PREFIX,
  formatApiKey,
  parseApiKey,
  generateApiKey,
  hashApiKeySecret,
  apiKeySecretMatches,
  apiKeyHint,
  bearerToken,
} from "./api-key.js";
export type { ParsedApiKey, NewApiKey } from "./api-key.js";
