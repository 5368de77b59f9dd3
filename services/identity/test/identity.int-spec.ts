import "reflect-metadata";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import {
  generateIdentityKeyPair,
  IDENTITY_HEADER,
  IdentityAssertionSigner,
  parseIdentityPrivateKey,
  type Identity,
} from "@prelabel/identity";
import { Messaging } from "@prelabel/messaging";
import { AuthenticationFailureReason, create, Endpoints, Role } from "@prelabel/proto";
import { createLogger, startSubgraphServer, subgraphAuth, type RunningServer } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, loopbackSubgraphOptions, type TestDatabase, type TestNats } from "@prelabel/testing";
import { startIdentity, type IdentityApp } from "../src/app.js";

const run = promisify(execFile);
const CLI = join(__dirname, "..", "src", "cli", "create-tenant.cli.js");

describe("identity service (real PostgreSQL and NATS)", () => {
  let db: TestDatabase;
  let nats: TestNats;
  let app: IdentityApp;
  let server: RunningServer;
  let client: Messaging;
  const keys = generateIdentityKeyPair();
  const signer = new IdentityAssertionSigner(parseIdentityPrivateKey(keys.privateKey));
  const logger = createLogger("identity-test", process.env.TEST_LOG ?? "silent");

  const createTenant = async (name: string) => {
    const { stdout } = await run(process.execPath, [CLI, "--name", name], { env: { PATH: process.env.PATH, DATABASE_URL: db.url } });
    return JSON.parse(stdout) as { tenantId: string; tenantName: string; keyId: string; apiKey: string };
  };
  const authenticate = (apiKey: string) =>
    client.request(Endpoints.authenticateApiKey, create(Endpoints.authenticateApiKey.request, { apiKey }));
  const gql = async (identity: Identity | undefined, query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(server.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(identity ? { [IDENTITY_HEADER]: signer.sign(identity) } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  before(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), createTestNats()]);
    const options = { database: { url: db.url, poolSize: 2 }, nats: { url: nats.url, namespace: nats.namespace }, logger };
    // Two replicas starting at once share the migration lock.
    const [a, b] = await Promise.all([startIdentity(options), startIdentity(options)]);
    await b.close();
    app = a;
    server = await startSubgraphServer({
      ...loopbackSubgraphOptions("identity", app, logger),
      auth: subgraphAuth({ PRELABEL_MODE: "cloud", IDENTITY_PUBLIC_KEY: keys.publicKey }),
    });
    client = await Messaging.connect({ url: nats.url, namespace: nats.namespace, name: "identity-test" });
  });
  after(async () => {
    await client?.close();
    await server?.close();
    await app?.close();
    await db?.drop();
    await nats?.cleanup();
  });

  it("has the default tenant after migrating", async () => {
    assert.deepEqual(await app.dataSource.query(`SELECT id, name FROM identity.tenant`), [{ id: "default", name: "Default" }]);
  });

  it("create-tenant prints a first ADMIN key that authenticates over NATS, and records its use", async () => {
    const t = await createTenant("Acme");
    assert.match(t.apiKey, /^plk_[0-9a-f]{16}_/);
    const reply = await authenticate(t.apiKey);
    assert.equal(reply.outcome.case, "identity");
    assert.deepEqual(reply.outcome.value, {
      $typeName: "identity.v1.AuthenticatedIdentity",
      tenantId: t.tenantId,
      subject: t.keyId,
      roles: [Role.ADMIN],
    });
    const [row] = await app.dataSource.query(`SELECT last_used_at, secret_sha256 FROM identity.api_key WHERE id = $1`, [t.keyId]);
    assert.ok(row.last_used_at instanceof Date);
    assert.ok(
      !Buffer.from(row.secret_sha256).toString("latin1").includes(t.apiKey.split("_").slice(2).join("_")),
      "the secret is not stored",
    );
    assert.equal((await authenticate("plk_junk")).outcome.value, AuthenticationFailureReason.MALFORMED);
    assert.equal(
      (await authenticate(t.apiKey.slice(0, -1) + (t.apiKey.endsWith("A") ? "B" : "A"))).outcome.value,
      AuthenticationFailureReason.UNKNOWN_KEY,
    );
  });

  it("GraphQL: viewer, keys and roles per tenant; revocation takes effect at the endpoint", async () => {
    const a = await createTenant("Tenant A");
    const b = await createTenant("Tenant B");
    const adminA: Identity = { tenantId: a.tenantId, subject: a.keyId, roles: ["ADMIN"] };
    const adminB: Identity = { tenantId: b.tenantId, subject: b.keyId, roles: ["ADMIN"] };

    const viewer = await gql(adminA, `{ viewer { tenant { id name } subject roles } }`);
    assert.deepEqual(viewer.body.data.viewer, { tenant: { id: a.tenantId, name: "Tenant A" }, subject: a.keyId, roles: ["ADMIN"] });

    const CREATE = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id name role hint revokedAt } } }`;
    const created = await gql(adminA, CREATE, { input: { name: "ci", role: "MEMBER" } });
    assert.equal(created.body.errors, undefined, JSON.stringify(created.body.errors));
    const member = created.body.data.createApiKey;
    assert.equal(member.apiKey.hint, `plk_${member.apiKey.id}_…`);
    const memberIdentity = (await authenticate(member.key)).outcome.value as { tenantId: string; subject: string; roles: Role[] };
    assert.deepEqual(
      [memberIdentity.tenantId, memberIdentity.subject, memberIdentity.roles],
      [a.tenantId, member.apiKey.id, [Role.MEMBER]],
    );

    const asMember: Identity = { tenantId: a.tenantId, subject: member.apiKey.id, roles: ["MEMBER"] };
    const refused = await gql(asMember, CREATE, { input: { name: "x", role: "ADMIN" } });
    assert.equal(refused.body.errors[0].extensions.code, "FORBIDDEN");

    const listA = await gql(asMember, `{ apiKeys { id role } }`);
    assert.deepEqual(listA.body.data.apiKeys.map((k: any) => k.id).sort(), [a.keyId, member.apiKey.id].sort());
    const listB = await gql(adminB, `{ apiKeys { id } }`);
    assert.deepEqual(listB.body.data.apiKeys, [{ id: b.keyId }]);

    const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
    assert.equal(
      (await gql(adminB, REVOKE, { id: member.apiKey.id })).body.errors[0].extensions.code,
      "NOT_FOUND",
      "B cannot revoke A's key",
    );
    const revoked = await gql(adminA, REVOKE, { id: member.apiKey.id });
    assert.ok(revoked.body.data.revokeApiKey.revokedAt);
    assert.equal((await authenticate(member.key)).outcome.value, AuthenticationFailureReason.REVOKED);
  });

  it("GraphQL without a signed identity answers 401 UNAUTHENTICATED", async () => {
    const res = await gql(undefined, `{ viewer { subject } }`);
    assert.equal(res.status, 401);
    assert.equal(res.body.errors[0].extensions.code, "UNAUTHENTICATED");
  });
});
