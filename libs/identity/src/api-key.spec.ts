import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiKeyHint, apiKeySecretMatches, bearerToken, formatApiKey, generateApiKey, hashApiKeySecret, parseApiKey } from "./api-key.js";
import { IdentityError, IdentityErrorCode } from "./identity.errors.js";

describe("API keys", () => {
  it("generates plk_<16 hex>_<43 base64url> keys that parse back and match only their own hash", () => {
    const a = generateApiKey();
    const b = generateApiKey();
    assert.match(a.key, /^plk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.deepEqual(parseApiKey(a.key), { keyId: a.keyId, secret: a.secret });
    assert.equal(formatApiKey(a.keyId, a.secret), a.key);
    assert.ok(apiKeySecretMatches(a.secret, a.secretHash));
    assert.ok(!apiKeySecretMatches(b.secret, a.secretHash));
    assert.ok(!apiKeySecretMatches(a.secret, a.secretHash.subarray(0, 16)), "a truncated hash never matches");
    assert.deepEqual(hashApiKeySecret(a.secret), a.secretHash);
    assert.equal(apiKeyHint(a.keyId), `plk_${a.keyId}_…`);
  });

  it("parses a secret containing underscores (base64url) and refuses malformed keys", () => {
    const secret = "_".repeat(43);
    assert.equal(parseApiKey(`plk_0123456789abcdef_${secret}`).secret, secret);
    for (const bad of [
      "",
      "plk_",
      "plk_0123456789abcdef",
      "pk_0123456789abcdef_" + secret,
      "plk_0123456789ABCDEF_" + secret,
      `plk_0123456789abcdef_${secret}x`,
    ]) {
      assert.throws(
        () => parseApiKey(bad),
        (err: unknown) => err instanceof IdentityError && err.code === IdentityErrorCode.ApiKeyMalformed && !err.message.includes(secret),
        bad,
      );
    }
  });

  it("reads bearer tokens", () => {
    assert.equal(bearerToken("Bearer plk_x"), "plk_x");
    assert.equal(bearerToken("bearer  abc "), "abc");
    assert.equal(bearerToken("Basic abc"), undefined);
    assert.equal(bearerToken(undefined), undefined);
    assert.equal(bearerToken("Bearer"), undefined);
  });
});
