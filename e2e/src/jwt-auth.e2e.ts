import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { SecretBox } from "@prelabel/secret-box";
import { GraphQLTestClient } from "@prelabel/testing";
import { createClient } from "graphql-ws";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from "jose";
import WebSocket from "ws";
import { ADD_FRAMES, CREATE_API_KEY, CREATE_TASK, PROGRESS, REVOKE_API_KEY, START, VIEWER } from "./support/operations.js";
import { sampleDocuments, startSystem, type CreatedTenant, type System } from "./support/system.js";

const ISSUER = "https://idp.e2e.test/";
const AUDIENCE = "prelabel-e2e";
const RECHECK_MS = 1_000;
const TASKS = /* GraphQL */ `
  {
    tasks(first: 50) {
      edges {
        node {
          id
          name
        }
      }
    }
  }
`;
const TASK = /* GraphQL */ `
  query ($id: ID!) {
    task(id: $id) {
      id
      name
    }
  }
`;
const labels = [{ name: "Text", type: "POLYGON", attributes: [] }];

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/** The identity provider, the only faked part: its JWKS on loopback. */
async function startFakeIdp(keys: SigningKey[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, server };
}

async function signingKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } };
}

const seconds = () => Math.floor(Date.now() / 1000);

/** A socket with one subscription, recording events and how the socket closed. */
function openSubscription(gatewayUrl: string, token: string, jobId: string) {
  const events: any[] = [];
  let resolveFirst: () => void;
  const firstEvent = new Promise<void>((resolve) => (resolveFirst = resolve));
  let resolveClosed: (close: { code: number; reason: string; at: number }) => void;
  const closed = new Promise<{ code: number; reason: string; at: number }>((resolve) => (resolveClosed = resolve));
  const client = createClient({
    url: gatewayUrl.replace(/^http/, "ws"),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: { Authorization: `Bearer ${token}` },
    on: {
      closed: (event) =>
        resolveClosed({ code: (event as { code: number }).code, reason: (event as { reason: string }).reason, at: Date.now() }),
    },
  });
  client.subscribe(
    { query: PROGRESS, variables: { jobId } },
    { next: (e) => (events.push(e), resolveFirst()), error: () => undefined, complete: () => undefined },
  );
  return { events, firstEvent, closed, dispose: () => client.dispose() };
}

/**
 * Cloud mode with an identity provider: bearer JWTs next to API keys, tenant from the token, and open graphql-ws
 * subscriptions ended (4403) once their credential is revoked or expires. No worker runs, so a started job stays
 * active and its progress subscription stays open until the gateway ends it.
 */
describe("JWT bearer tokens from an identity provider (cloud mode)", () => {
  let sys: System;
  let idp: { url: string; server: Server };
  let key: SigningKey;
  let tenantB: CreatedTenant;
  let jobId: string;

  const jwtFor = (claims: JWTPayload, signer: SigningKey = key) =>
    new SignJWT({ iss: ISSUER, aud: AUDIENCE, iat: seconds(), exp: seconds() + 300, ...claims })
      .setProtectedHeader({ alg: "ES256", kid: signer.kid, typ: "JWT" })
      .sign(signer.privateKey);
  const post = (body: unknown, token: string) =>
    fetch(sys.stack.gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });

  before(async () => {
    key = await signingKey("idp-key-1");
    idp = await startFakeIdp([key]);
    sys = await startSystem({
      workers: 0,
      env: { PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: SecretBox.generateKey("e2e") },
      gatewayEnv: {
        AUTH_CACHE_TTL_MS: String(RECHECK_MS),
        JWT_JWKS_URL: idp.url,
        JWT_ISSUER: ISSUER,
        JWT_AUDIENCE: AUDIENCE,
        // No skew allowance, so the expiry test below does not have to wait 30 s.
        JWT_CLOCK_TOLERANCE_S: "0",
      },
    });
    tenantB = await sys.createTenant("tenant B");
    // An active job of tenant A for the subscriptions (no worker: it stays active).
    const { createTask: task } = await sys.client.must(CREATE_TASK, { input: { name: "live", labels } });
    const added = await sys.client.upload(ADD_FRAMES, { taskId: task.id }, "files", sampleDocuments().slice(0, 1));
    assert.equal(added.errors, undefined, JSON.stringify(added.errors));
    jobId = (await sys.client.must(START, { input: { taskId: task.id, modelId: "text-detection" } })).startAutoAnnotation.id;
  });
  after(async () => {
    await sys?.stop();
    idp?.server.closeAllConnections();
    await new Promise((resolve) => idp?.server.close(resolve));
  });

  it("a JWT for tenant A reads viewer and tasks and creates a task; tenant B's JWT does not see it", async () => {
    const a = new GraphQLTestClient(sys.stack.gatewayUrl, {
      apiKey: await jwtFor({ sub: "alice", tenant_id: sys.tenant!.tenantId, roles: "Admin" }),
    });
    const b = new GraphQLTestClient(sys.stack.gatewayUrl, {
      apiKey: await jwtFor({ sub: "bob", tenant_id: tenantB.tenantId, roles: ["member"] }),
    });
    try {
      assert.deepEqual((await a.must(VIEWER)).viewer, {
        tenant: { id: sys.tenant!.tenantId, name: sys.tenant!.tenantName },
        subject: "alice",
        roles: ["ADMIN"],
      });
      assert.deepEqual((await b.must(VIEWER)).viewer, {
        tenant: { id: tenantB.tenantId, name: tenantB.tenantName },
        subject: "bob",
        roles: ["MEMBER"],
      });
      const { createTask: task } = await a.must(CREATE_TASK, { input: { name: "made with a JWT", labels } });
      const seenByA = (await a.must(TASKS)).tasks.edges.map((e: any) => e.node.id);
      assert.ok(seenByA.includes(task.id));
      // The API key of the same tenant sees it too: a JWT and a key of one tenant are the same tenant.
      assert.ok((await sys.client.must(TASKS)).tasks.edges.some((e: any) => e.node.id === task.id));
      assert.ok(!(await b.must(TASKS)).tasks.edges.some((e: any) => e.node.id === task.id));
      // Another tenant's task is answered like one that does not exist.
      const fromB = await b.request(TASK, { id: task.id });
      assert.equal(fromB.data?.task ?? null, null, JSON.stringify(fromB));
      assert.ok(!fromB.errors || fromB.errors[0]?.extensions?.code === "NOT_FOUND", JSON.stringify(fromB.errors));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("a forged, expired, wrong-audience or tenant-less JWT is 401 UNAUTHENTICATED, saying why and never echoing it", async () => {
    const forger = await signingKey("idp-key-1"); // same kid, different key
    const cases: [string, string][] = [
      [await jwtFor({ sub: "mallory", tenant_id: sys.tenant!.tenantId }, forger), "bad signature"],
      [await jwtFor({ sub: "alice", tenant_id: sys.tenant!.tenantId, exp: seconds() - 5 }), "expired"],
      [await jwtFor({ sub: "alice", tenant_id: sys.tenant!.tenantId, aud: "another-api" }), "wrong audience"],
      [await jwtFor({ sub: "alice" }), "missing tenant claim"],
    ];
    for (const [token, reason] of cases) {
      const res = await post({ query: VIEWER }, token);
      assert.equal(res.status, 401, reason);
      const text = await res.text();
      assert.ok(!text.includes(token), "the token is not echoed");
      const body = JSON.parse(text);
      assert.equal(body.errors[0].extensions.code, "UNAUTHENTICATED");
      assert.equal(body.errors[0].message, `Bearer JWT refused: ${reason}`);
    }
    const none = await post({ query: VIEWER }, "");
    assert.equal(none.status, 401);
    assert.match(((await none.json()) as any).errors[0].message, /Bearer <API key or JWT>/);
  });

  it("graphql-ws: a subscription opened with an API key ends with 4403 within the re-check interval after revokeApiKey", async (t) => {
    const { createApiKey } = await sys.client.must(CREATE_API_KEY, { input: { name: "live-view", role: "MEMBER" } });
    const sub = openSubscription(sys.stack.gatewayUrl, createApiKey.key, jobId);
    try {
      await sub.firstEvent;
      assert.equal(sub.events[0]?.data?.autoAnnotationProgress?.id, jobId, JSON.stringify(sub.events));
      // Still open after a few re-checks while the key is valid.
      const early = await Promise.race([sub.closed, new Promise((r) => setTimeout(() => r("open"), 2.5 * RECHECK_MS))]);
      assert.equal(early, "open");
      await sys.client.must(REVOKE_API_KEY, { id: createApiKey.apiKey.id });
      const revokedAt = Date.now();
      const closed = await Promise.race([
        sub.closed,
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error("not closed")), 4 * RECHECK_MS + 2_000)),
      ]);
      assert.deepEqual([closed.code, closed.reason], [4403, "Forbidden: credential revoked or expired"]);
      // One interval, plus one more when a request refreshed the key's cache entry just before the revocation.
      assert.ok(closed.at - revokedAt <= 2 * RECHECK_MS + 1_000, `closed ${closed.at - revokedAt} ms after the revocation`);
      t.diagnostic(`API key subscription closed ${closed.at - revokedAt} ms after revokeApiKey (re-check every ${RECHECK_MS} ms)`);
    } finally {
      await sub.dispose();
    }
  });

  it("graphql-ws: a subscription opened with a JWT ends with 4403 once the JWT expires, not before", async (t) => {
    const exp = seconds() + 3;
    const sub = openSubscription(sys.stack.gatewayUrl, await jwtFor({ sub: "alice", tenant_id: sys.tenant!.tenantId, exp }), jobId);
    try {
      await sub.firstEvent;
      const closed = await Promise.race([
        sub.closed,
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error("not closed")), 8_000)),
      ]);
      assert.equal(closed.code, 4403);
      assert.ok(closed.at >= exp * 1000, `closed ${exp * 1000 - closed.at} ms before exp`);
      assert.ok(closed.at <= exp * 1000 + RECHECK_MS + 1_000, `closed ${closed.at - exp * 1000} ms after exp`);
      t.diagnostic(`JWT subscription closed ${closed.at - exp * 1000} ms after its exp`);
    } finally {
      await sub.dispose();
    }
  });

  it("graphql-ws: while the identity service does not answer, the subscription is kept (not refused)", async () => {
    const { createApiKey } = await sys.client.must(CREATE_API_KEY, { input: { name: "outage", role: "MEMBER" } });
    const identity = sys.stack.processes.find((p) => p.name === "identity")!;
    const sub = openSubscription(sys.stack.gatewayUrl, createApiKey.key, jobId);
    try {
      await sub.firstEvent;
      identity.child.kill("SIGSTOP");
      try {
        // Each API key check now times out (3 s): 503, so the socket stays.
        const during = await Promise.race([sub.closed, new Promise((r) => setTimeout(() => r("open"), 3 * RECHECK_MS + 3_500))]);
        assert.equal(during, "open");
      } finally {
        identity.child.kill("SIGCONT");
      }
      await sys.client.must(REVOKE_API_KEY, { id: createApiKey.apiKey.id });
      const closed = await Promise.race([
        sub.closed,
        new Promise<never>((_, rej) => setTimeout(() => rej(new Error("not closed")), 10_000)),
      ]);
      assert.equal(closed.code, 4403);
    } finally {
      await sub.dispose();
    }
  });
});
