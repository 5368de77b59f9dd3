import assert from "node:assert/strict";
import { IDENTITY_HEADER } from "@prelabel/identity";
import { SecretBox } from "@prelabel/secret-box";
import { GraphQLTestClient, identityKeys } from "@prelabel/testing";
import { after, before, describe, it } from "node:test";
import { CREATE_API_KEY, PROGRESS, REVOKE_API_KEY, VIEWER } from "./support/operations.js";
import { startSystem, type System } from "./support/system.js";

const CACHE_TTL_MS = 3_000;

/**
 * Cloud mode, the tenancy foundation: bearer API keys at the gateway, signed identity assertions to the subgraphs.
 * The gateway's API key cache is shortened so revocation is observable quickly (production: 30 s).
 */
describe("tenancy and authentication (cloud mode)", () => {
  let sys: System;
  let anonymous: GraphQLTestClient;

  before(async () => {
    sys = await startSystem({
      workers: 1,
      env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") },
      gatewayEnv: { AUTH_CACHE_TTL_MS: String(CACHE_TTL_MS) },
    });
    anonymous = new GraphQLTestClient(sys.stack.gatewayUrl);
  });
  after(async () => {
    await anonymous?.close();
    await sys?.stop();
  });

  const post = (body: unknown, headers: Record<string, string> = {}, url = sys.stack.gatewayUrl) =>
    fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

  it("refuses a query, a mutation and a subscription without a key: 401 UNAUTHENTICATED", async () => {
    const operations = [{ query: "{ models { id } }" }, { query: CREATE_API_KEY, variables: { input: { name: "x", role: "ADMIN" } } }];
    for (const op of operations) {
      for (const headers of [
        {} as Record<string, string>,
        { authorization: "Bearer plk_0123456789abcdef_" + "A".repeat(43) },
        { authorization: "Basic abc" },
      ]) {
        const res = await post(op, headers);
        assert.equal(res.status, 401, op.query);
        assert.equal(((await res.json()) as any).errors[0].extensions.code, "UNAUTHENTICATED");
      }
    }
    // Subscriptions: SSE is refused like any HTTP request; graphql-ws answers the operation with the code.
    const sse = await post({ query: PROGRESS, variables: { jobId: "j" } }, { accept: "text/event-stream" });
    assert.equal(sse.status, 401);
    assert.equal(((await sse.json()) as any).errors[0].extensions.code, "UNAUTHENTICATED");
    await assert.rejects(
      async () => {
        for await (const _ of anonymous.subscribe(PROGRESS, { jobId: "j" })) assert.fail("no event without a key");
      },
      (err: unknown) => Array.isArray(err) && err[0].extensions.code === "UNAUTHENTICATED",
    );
  });

  it("viewer answers the key's tenant; a client-sent x-prelabel-identity is ignored", async () => {
    const other = await sys.createTenant("Other tenant");
    const b = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: other.apiKey });
    try {
      const { viewer } = await sys.client.must(VIEWER);
      assert.deepEqual(viewer, { tenant: { id: sys.tenant!.tenantId, name: "e2e tenant" }, subject: sys.tenant!.keyId, roles: ["ADMIN"] });
      assert.equal((await b.must(VIEWER)).viewer.tenant.id, other.tenantId);
      // Even a correctly formed assertion for tenant B, sent by A's client, is dropped by the gateway.
      const forged = identityKeys().signer.sign({
        tenantId: other.tenantId,
        subject: other.keyId,
        roles: ["ADMIN"],
      });
      const res = await post({ query: VIEWER }, { ...sys.client.authHeaders, [IDENTITY_HEADER]: forged });
      assert.equal(((await res.json()) as any).data.viewer.tenant.id, sys.tenant!.tenantId);
      // Keys are per tenant.
      const keysA = (await sys.client.must(`{ apiKeys { id } }`)).apiKeys.map((k: any) => k.id);
      const keysB = (await b.must(`{ apiKeys { id } }`)).apiKeys.map((k: any) => k.id);
      assert.deepEqual(keysB, [other.keyId]);
      assert.ok(!keysA.includes(other.keyId));
    } finally {
      await b.close();
    }
  });

  it("the bearer key reaches the subgraphs over SSE and graphql-ws too", async () => {
    // An unknown job: the subscription reaches the annotation-job subgraph, which answers NOT_FOUND (not 401).
    const sse = [];
    for await (const event of sys.client.subscribeSse(PROGRESS, { jobId: "00000000-0000-0000-0000-000000000000" })) sse.push(event);
    assert.equal(sse[0]?.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(sse));
    const ws = await (async () => {
      try {
        for await (const event of sys.client.subscribe(PROGRESS, { jobId: "00000000-0000-0000-0000-000000000000" })) return event;
      } catch (err) {
        return { errors: err as any[] };
      }
    })();
    assert.equal(ws?.errors?.[0]?.extensions?.code, "NOT_FOUND", JSON.stringify(ws));
  });

  it("a MEMBER cannot create keys; an ADMIN can, and a revoked key stops working within the cache TTL", async () => {
    const created = await sys.client.must(CREATE_API_KEY, { input: { name: "ci", role: "MEMBER" } });
    const { key, apiKey } = created.createApiKey;
    assert.equal(apiKey.hint, `plk_${apiKey.id}_…`);
    const member = new GraphQLTestClient(sys.stack.gatewayUrl, { apiKey: key });
    try {
      assert.deepEqual((await member.must(VIEWER)).viewer.roles, ["MEMBER"]);
      const refused = await member.request(CREATE_API_KEY, { input: { name: "escalate", role: "ADMIN" } });
      assert.equal(refused.errors?.[0]?.extensions?.code, "FORBIDDEN");
      assert.equal((await member.request(REVOKE_API_KEY, { id: sys.tenant!.keyId })).errors?.[0]?.extensions?.code, "FORBIDDEN");

      await sys.client.must(REVOKE_API_KEY, { id: apiKey.id });
      const revokedAt = Date.now();
      let status = 200;
      while (status !== 401) {
        assert.ok(Date.now() - revokedAt < CACHE_TTL_MS + 2_000, "the revoked key still works after the cache TTL");
        status = (await post({ query: VIEWER }, member.authHeaders)).status;
        if (status !== 401) await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await member.close();
    }
  });

  it("a subgraph called directly refuses a missing, forged or unsigned identity", async () => {
    const forged = identityKeys().signer.sign({
      tenantId: sys.tenant!.tenantId,
      subject: sys.tenant!.keyId,
      roles: ["ADMIN"],
    });
    const unsigned = `${Buffer.from(JSON.stringify({ tenantId: sys.tenant!.tenantId, subject: "x", roles: ["ADMIN"], iat: 0, exp: 9e9, jti: "x" })).toString("base64url")}.`;
    const queries: Record<string, string> = {
      identity: VIEWER,
      "model-registry": "{ models { id } }",
      task: "{ tasks(first: 1) { totalCount } }",
      "annotation-job": "{ __typename }",
    };
    for (const [name, query] of Object.entries(queries)) {
      const port = sys.stack.processes.find((p) => p.name === name)!.port;
      const url = `http://127.0.0.1:${port}/graphql`;
      for (const headers of [
        {} as Record<string, string>,
        { [IDENTITY_HEADER]: forged },
        { [IDENTITY_HEADER]: unsigned },
        sys.client.authHeaders,
      ]) {
        const res = await post({ query }, { "x-prelabel-gateway": "1", ...headers }, url);
        assert.equal(res.status, 401, `${name} with ${Object.keys(headers).join(",") || "no headers"}`);
        assert.equal(((await res.json()) as any).errors[0].extensions.code, "UNAUTHENTICATED");
      }
    }
  });
});
