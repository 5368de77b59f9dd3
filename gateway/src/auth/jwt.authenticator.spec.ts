import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { after, before, describe, it } from "node:test";
import { SignJWT } from "jose";
import {
  JwksJwtAuthenticator,
  JwksUnavailableError,
  JwtRefusalReason,
  mapJwtRoles,
  type JwksJwtAuthenticatorOptions,
} from "./jwt.authenticator.js";
import { createSigningKey, FakeIdentityProvider, signJwt, type SigningKey } from "./testing/fake-identity-provider.js";

const ISSUER = "https://idp.example.test/";
const AUDIENCE = "prelabel-api";
const now = () => Math.floor(Date.now() / 1000);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

describe("JwksJwtAuthenticator (against a loopback JWKS)", () => {
  let idp: FakeIdentityProvider;
  let key: SigningKey;
  let jwt: JwksJwtAuthenticator;
  const claims = (extra: Record<string, unknown> = {}) => ({
    iss: ISSUER,
    aud: AUDIENCE,
    sub: "user-1",
    tenant_id: "tenant-a",
    roles: ["admin"],
    iat: now(),
    exp: now() + 300,
    ...extra,
  });
  const authenticator = (options: Partial<JwksJwtAuthenticatorOptions> = {}) =>
    new JwksJwtAuthenticator({ jwksUrl: idp.jwksUrl, issuer: ISSUER, audience: AUDIENCE, ...options });
  const refusedWith = async (token: string, reason: JwtRefusalReason, auth = jwt) =>
    assert.deepEqual(await auth.authenticate(token), { refused: reason });

  before(async () => {
    key = await createSigningKey("ES256", "k1");
    idp = await FakeIdentityProvider.start([key]);
    jwt = authenticator();
  });
  after(() => idp?.close());

  it("accepts a valid token: tenant from tenant_id, subject from sub, roles mapped, exp kept", async () => {
    const exp = now() + 300;
    const outcome = await jwt.authenticate(await signJwt(key, claims({ exp })));
    assert.deepEqual(outcome, { identity: { tenantId: "tenant-a", subject: "user-1", roles: ["ADMIN"] }, expiresAt: exp * 1000 });
  });

  it("verifies every allowed algorithm: RS256, PS256, ES256, EdDSA (aud may be an array containing ours)", async () => {
    const keys = await Promise.all(["RS256", "PS256", "EdDSA"].map((alg) => createSigningKey(alg, `k-${alg}`)));
    idp.keys = [key, ...keys];
    try {
      const auth = authenticator();
      for (const k of [key, ...keys]) {
        const outcome = await auth.authenticate(await signJwt(k, claims({ aud: ["other", AUDIENCE] })));
        assert.ok("identity" in outcome, `${k.alg}: ${JSON.stringify(outcome)}`);
      }
    } finally {
      idp.keys = [key];
    }
  });

  it("refuses a wrong issuer, a wrong audience, an expired, a not-yet-valid or an exp-less token", async () => {
    await refusedWith(await signJwt(key, claims({ iss: "https://evil.example.test/" })), JwtRefusalReason.WrongIssuer);
    await refusedWith(await signJwt(key, claims({ aud: "someone-else" })), JwtRefusalReason.WrongAudience);
    await refusedWith(await signJwt(key, claims({ exp: now() - 60 })), JwtRefusalReason.Expired);
    await refusedWith(await signJwt(key, claims({ nbf: now() + 120 })), JwtRefusalReason.NotYetValid);
    const { exp: _exp, ...noExp } = claims();
    await refusedWith(await signJwt(key, noExp), JwtRefusalReason.NoExpiry);
  });

  it("allows the configured clock tolerance on exp and nbf, and no more", async () => {
    const justExpired = await signJwt(key, claims({ exp: now() - 10 }));
    assert.ok("identity" in (await jwt.authenticate(justExpired)), "within the default 30 s");
    await refusedWith(justExpired, JwtRefusalReason.Expired, authenticator({ clockToleranceS: 0 }));
    const almostValid = await signJwt(key, claims({ nbf: now() + 10 }));
    assert.ok("identity" in (await jwt.authenticate(almostValid)));
    await refusedWith(almostValid, JwtRefusalReason.NotYetValid, authenticator({ clockToleranceS: 5 }));
  });

  it("refuses a token signed by another key (same kid and unknown kid), alg none and HS256 keyed with the public key", async () => {
    const impostor = await createSigningKey("ES256", "k1");
    await refusedWith(await signJwt(impostor, claims()), JwtRefusalReason.BadSignature);
    await refusedWith(await signJwt(await createSigningKey("ES256", "not-published"), claims()), JwtRefusalReason.UnknownKey);

    const valid = await signJwt(key, claims());
    const unsecured = `${b64({ alg: "none", typ: "JWT" })}.${b64(claims())}.`;
    assert.ok("refused" in (await jwt.authenticate(unsecured)));
    const withNoneHeader = `${b64({ alg: "none", kid: "k1" })}.${valid.split(".")[1]}.${valid.split(".")[2]}`;
    assert.ok("refused" in (await jwt.authenticate(withNoneHeader)));

    // The classic key-confusion attack: the public key (PEM and JWK text) used as an HMAC secret.
    const pem = createPublicKey({ key: key.publicJwk as never, format: "jwk" })
      .export({ type: "spki", format: "pem" })
      .toString();
    for (const secret of [pem, JSON.stringify(key.publicJwk)]) {
      const hs = await new SignJWT(claims()).setProtectedHeader({ alg: "HS256", kid: "k1" }).sign(new TextEncoder().encode(secret));
      await refusedWith(hs, JwtRefusalReason.AlgorithmNotAllowed);
    }
    await refusedWith("not-a-jwt", JwtRefusalReason.Malformed);
  });

  it("refuses a token without the tenant claim or sub; reads custom claim names", async () => {
    const { tenant_id: _t, ...noTenant } = claims();
    await refusedWith(await signJwt(key, noTenant), JwtRefusalReason.MissingTenant);
    await refusedWith(await signJwt(key, claims({ tenant_id: "" })), JwtRefusalReason.MissingTenant);
    await refusedWith(await signJwt(key, claims({ tenant_id: 42 })), JwtRefusalReason.MissingTenant);
    const { sub: _s, ...noSub } = claims();
    await refusedWith(await signJwt(key, noSub), JwtRefusalReason.MissingSubject);

    const custom = authenticator({ tenantClaim: "org", rolesClaim: "https://prelabel.example/roles" });
    const outcome = await custom.authenticate(
      await signJwt(key, claims({ org: "tenant-b", "https://prelabel.example/roles": "Admin member" })),
    );
    assert.ok("identity" in outcome);
    assert.deepEqual(outcome.identity, { tenantId: "tenant-b", subject: "user-1", roles: ["ADMIN", "MEMBER"] });
    await refusedWith(await signJwt(key, claims()), JwtRefusalReason.MissingTenant, custom);
  });

  it("maps roles case-insensitively from an array or a space-separated string; unknown ignored; none known → MEMBER", async () => {
    assert.deepEqual(mapJwtRoles(["Admin", "owner"]), ["ADMIN"]);
    assert.deepEqual(mapJwtRoles("member  ADMIN viewer"), ["MEMBER", "ADMIN"]);
    assert.deepEqual(mapJwtRoles(["admin", "ADMIN"]), ["ADMIN"]);
    assert.deepEqual(mapJwtRoles(["owner", 7, null]), ["MEMBER"]);
    assert.deepEqual(mapJwtRoles(undefined), ["MEMBER"]);
    assert.deepEqual(mapJwtRoles({ admin: true }), ["MEMBER"]);
    const outcome = await jwt.authenticate(await signJwt(key, claims({ roles: "viewer" })));
    assert.ok("identity" in outcome);
    assert.deepEqual(outcome.identity.roles, ["MEMBER"]);
  });

  it("picks up a rotated key: a token with a new kid makes jose fetch the JWKS again", async () => {
    const auth = authenticator({ jwksCooldownMs: 0 });
    const before = idp.fetches;
    assert.ok("identity" in (await auth.authenticate(await signJwt(key, claims()))));
    assert.equal(idp.fetches, before + 1);
    assert.ok("identity" in (await auth.authenticate(await signJwt(key, claims()))));
    assert.equal(idp.fetches, before + 1, "the key set is cached");

    const rotated = await createSigningKey("RS256", "k2");
    idp.keys = [rotated];
    try {
      assert.ok("identity" in (await auth.authenticate(await signJwt(rotated, claims()))));
      assert.equal(idp.fetches, before + 2);
      // Within the cooldown (default 30 s) an unknown kid does not hammer the IdP: refused, no fetch.
      const cooling = authenticator();
      assert.ok("identity" in (await cooling.authenticate(await signJwt(rotated, claims()))));
      const fetches = idp.fetches;
      await refusedWith(await signJwt(await createSigningKey("ES256", "k3"), claims()), JwtRefusalReason.UnknownKey, cooling);
      assert.equal(idp.fetches, fetches);
    } finally {
      idp.keys = [key];
    }
  });

  it("cannot check when the JWKS cannot be fetched (down, error status): JwksUnavailableError, not a refusal", async () => {
    const token = await signJwt(key, claims());
    const down = await FakeIdentityProvider.start([key]);
    const jwksUrl = down.jwksUrl;
    await down.close();
    await assert.rejects(
      new JwksJwtAuthenticator({ jwksUrl, issuer: ISSUER, audience: AUDIENCE }).authenticate(token),
      JwksUnavailableError,
    );

    const failing = await FakeIdentityProvider.start([key]);
    try {
      failing.status = 503;
      const auth = new JwksJwtAuthenticator({ jwksUrl: failing.jwksUrl, issuer: ISSUER, audience: AUDIENCE });
      await assert.rejects(auth.authenticate(token), (err: unknown) => err instanceof JwksUnavailableError && !err.message.includes(token));
      failing.status = 200;
      assert.ok("identity" in (await auth.authenticate(token)), "recovers once the IdP answers");
    } finally {
      await failing.close();
    }
  });
});
