import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Identity } from "@prelabel/identity";
import { createLogger, DeploymentMode } from "@prelabel/service-kit";
import { identityKeys } from "@prelabel/testing";
import type { ApiKeyAuthenticator } from "./api-key.authenticator.js";
import { GatewayAuth } from "./gateway-auth.js";
import { JwksJwtAuthenticator } from "./jwt.authenticator.js";
import { createSigningKey, FakeIdentityProvider, signJwt, type SigningKey } from "./testing/fake-identity-provider.js";

const logger = createLogger("gateway-auth-test", "silent");
const ISSUER = "https://idp.example.test/";
const AUDIENCE = "prelabel-api";
const API_KEY = "plk_0123456789abcdef_" + "A".repeat(43);

describe("GatewayAuth routing: plk_ tokens to the API key check, anything else to the JWT check", () => {
  const keyIdentity: Identity = { tenantId: "tenant-k", subject: "0123456789abcdef", roles: ["ADMIN"] };
  const { signer } = identityKeys();
  const seen: string[] = [];
  let identityServiceDown = false;
  // The identity service answers over NATS in production; here the routing is what is under test.
  const apiKeys: ApiKeyAuthenticator = {
    authenticate: async (token) => {
      seen.push(token);
      if (identityServiceDown) throw new Error("no responders");
      return token === API_KEY ? keyIdentity : null;
    },
  };
  let idp: FakeIdentityProvider;
  let key: SigningKey;
  let withJwt: GatewayAuth;
  let withoutJwt: GatewayAuth;
  const token = (extra: Record<string, unknown> = {}) =>
    signJwt(key, { iss: ISSUER, aud: AUDIENCE, sub: "user-1", tenant_id: "tenant-j", exp: Math.floor(Date.now() / 1000) + 60, ...extra });

  before(async () => {
    key = await createSigningKey("ES256", "k1");
    idp = await FakeIdentityProvider.start([key]);
    const jwt = new JwksJwtAuthenticator({ jwksUrl: idp.jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    withJwt = new GatewayAuth({ mode: DeploymentMode.Cloud, signer, authenticator: apiKeys, jwt }, logger);
    withoutJwt = new GatewayAuth({ mode: DeploymentMode.Cloud, signer, authenticator: apiKeys }, logger);
  });
  after(() => idp?.close());

  it("API keys still go to the identity service, JWT configured or not", async () => {
    for (const auth of [withJwt, withoutJwt]) assert.deepEqual(await auth.resolve(`Bearer ${API_KEY}`), { identity: keyIdentity });
    assert.deepEqual(seen, [API_KEY, API_KEY]);
    identityServiceDown = true;
    try {
      const outcome = await withJwt.resolve(`Bearer ${API_KEY}`);
      assert.ok("refused" in outcome && outcome.refused.status === 503 && outcome.refused.code === "SERVICE_UNAVAILABLE");
    } finally {
      identityServiceDown = false;
    }
  });

  it("a JWT gives its identity when configured; without an IdP it is an unknown credential (401, message unchanged)", async () => {
    seen.length = 0;
    const jwt = await token();
    assert.deepEqual(await withJwt.resolve(`Bearer ${jwt}`), { identity: { tenantId: "tenant-j", subject: "user-1", roles: ["MEMBER"] } });
    assert.deepEqual(await withoutJwt.resolve(`Bearer ${jwt}`), {
      refused: { status: 401, code: "UNAUTHENTICATED", message: "Authentication required: send Authorization: Bearer <API key>" },
    });
    assert.deepEqual(seen, [], "a JWT never reaches the identity service");
  });

  it("401 messages mention JWTs when configured and say why a JWT was refused, without echoing it", async () => {
    assert.deepEqual(await withJwt.resolve(undefined), {
      refused: { status: 401, code: "UNAUTHENTICATED", message: "Authentication required: send Authorization: Bearer <API key or JWT>" },
    });
    const expired = await token({ exp: Math.floor(Date.now() / 1000) - 120 });
    const outcome = await withJwt.resolve(`Bearer ${expired}`);
    assert.deepEqual(outcome, { refused: { status: 401, code: "UNAUTHENTICATED", message: "Bearer JWT refused: expired" } });
    const wrongAudience = await withJwt.resolve(`Bearer ${await token({ aud: "other" })}`);
    assert.ok("refused" in wrongAudience && wrongAudience.refused.message === "Bearer JWT refused: wrong audience");
  });

  it("an unreachable JWKS is 503 SERVICE_UNAVAILABLE (could not check), not 401", async () => {
    const gone = await FakeIdentityProvider.start([key]);
    await gone.close();
    const auth = new GatewayAuth(
      {
        mode: DeploymentMode.Cloud,
        signer,
        authenticator: apiKeys,
        jwt: new JwksJwtAuthenticator({ jwksUrl: gone.jwksUrl, issuer: ISSUER, audience: AUDIENCE }),
      },
      logger,
    );
    const outcome = await auth.resolve(`Bearer ${await token()}`);
    assert.ok("refused" in outcome);
    assert.equal(outcome.refused.status, 503);
    assert.equal(outcome.refused.code, "SERVICE_UNAVAILABLE");
  });

  it("JWTs are a cloud feature", () => {
    const jwt = new JwksJwtAuthenticator({ jwksUrl: idp.jwksUrl, issuer: ISSUER, audience: AUDIENCE });
    assert.throws(() => new GatewayAuth({ mode: DeploymentMode.SelfHosted, jwt }, logger), /cloud mode/);
  });
});
