import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseApiKey, Role, SELF_HOSTED_IDENTITY, type Identity } from "@prelabel/identity";
import { AppError } from "@prelabel/service-kit";
import type { ApiKeyRecord, IdentityRepository, NewApiKeyRecord, TenantRecord } from "../domain/identity.repository.js";
import { IdentityService, LAST_USED_RESOLUTION_MS } from "./identity.service.js";

/** The repository contract in memory (the TypeORM one is covered by test/identity.int-spec.ts). */
class MemoryIdentityRepository implements IdentityRepository {
  tenants = new Map<string, TenantRecord>([["default", { id: "default", name: "Default", createdAt: new Date(0) }]]);
  keys = new Map<string, ApiKeyRecord>();
  touches = 0;
  async createTenant(tenant: { id: string; name: string }, firstKey: NewApiKeyRecord) {
    const t = { ...tenant, createdAt: new Date() };
    this.tenants.set(t.id, t);
    return { tenant: t, apiKey: await this.insertApiKey(firstKey) };
  }
  async findTenant(id: string) {
    return this.tenants.get(id) ?? null;
  }
  async insertApiKey(key: NewApiKeyRecord) {
    const k = { ...key, createdAt: new Date(), lastUsedAt: null, revokedAt: null };
    this.keys.set(k.id, k);
    return k;
  }
  async findApiKey(id: string) {
    return this.keys.get(id) ?? null;
  }
  async listApiKeys(tenantId: string) {
    return [...this.keys.values()].filter((k) => k.tenantId === tenantId);
  }
  async revokeApiKey(tenantId: string, id: string, at: Date) {
    const k = this.keys.get(id);
    if (!k || k.tenantId !== tenantId) return null;
    const revoked = { ...k, revokedAt: k.revokedAt ?? at };
    this.keys.set(id, revoked);
    return revoked;
  }
  async touchApiKey(id: string, at: Date, minIntervalMs: number) {
    const k = this.keys.get(id)!;
    if (k.lastUsedAt && at.getTime() - k.lastUsedAt.getTime() < minIntervalMs) return;
    this.touches++;
    this.keys.set(id, { ...k, lastUsedAt: at });
  }
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof AppError, String(err));
    return err.code;
  }
  assert.fail("expected an AppError");
};

describe("IdentityService", () => {
  it("creates a tenant with an ADMIN key that authenticates to that tenant", async () => {
    const service = new IdentityService(new MemoryIdentityRepository());
    const created = await service.createTenant({ name: "  Acme " });
    assert.equal(created.tenant.name, "Acme");
    assert.equal(created.apiKey.role, Role.Admin);
    assert.equal(parseApiKey(created.key).keyId, created.apiKey.id);
    const outcome = await service.authenticate(created.key);
    assert.deepEqual(outcome, { identity: { tenantId: created.tenant.id, subject: created.apiKey.id, roles: ["ADMIN"] } });
  });

  it("refuses malformed, unknown, wrong-secret and revoked keys, each with its reason", async () => {
    const service = new IdentityService(new MemoryIdentityRepository());
    const { key, tenant, apiKey } = await service.createTenant({ name: "Acme" });
    const admin: Identity = { tenantId: tenant.id, subject: apiKey.id, roles: [Role.Admin] };
    const { keyId, secret } = parseApiKey(key);
    assert.deepEqual(await service.authenticate("nope"), { failure: "MALFORMED" });
    assert.deepEqual(await service.authenticate(`plk_ffffffffffffffff_${secret}`), { failure: "UNKNOWN_KEY" });
    assert.deepEqual(await service.authenticate(`plk_${keyId}_${"A".repeat(43)}`), { failure: "UNKNOWN_KEY" });
    await service.revokeApiKey(admin, keyId);
    assert.deepEqual(await service.authenticate(key), { failure: "REVOKED" });
  });

  it("only ADMINs create and revoke keys, only in their own tenant", async () => {
    const repo = new MemoryIdentityRepository();
    const service = new IdentityService(repo);
    const a = await service.createTenant({ name: "A" });
    const b = await service.createTenant({ name: "B" });
    const adminA: Identity = { tenantId: a.tenant.id, subject: a.apiKey.id, roles: [Role.Admin] };
    const member = await service.createApiKey(adminA, { name: "ci", role: Role.Member });
    const memberA: Identity = { tenantId: a.tenant.id, subject: member.apiKey.id, roles: [Role.Member] };
    assert.equal(await code(service.createApiKey(memberA, { name: "x", role: Role.Admin })), "FORBIDDEN");
    assert.equal(await code(service.revokeApiKey(memberA, member.apiKey.id)), "FORBIDDEN");
    assert.equal(await code(service.revokeApiKey(adminA, b.apiKey.id)), "NOT_FOUND", "another tenant's key is unknown");
    assert.equal(repo.keys.get(b.apiKey.id)!.revokedAt, null);
    assert.equal(await code(service.createApiKey(adminA, { name: " ", role: Role.Member })), "BAD_USER_INPUT");
    assert.deepEqual((await service.listApiKeys(memberA)).map((k) => k.id).sort(), [a.apiKey.id, member.apiKey.id].sort());
    assert.equal((await service.viewer(memberA)).tenant.name, "A");
    assert.equal((await service.viewer(SELF_HOSTED_IDENTITY)).tenant.id, "default");
  });

  it("revoking twice keeps the first time", async () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const service = new IdentityService(new MemoryIdentityRepository(), () => now);
    const a = await service.createTenant({ name: "A" });
    const admin: Identity = { tenantId: a.tenant.id, subject: a.apiKey.id, roles: [Role.Admin] };
    const first = await service.revokeApiKey(admin, a.apiKey.id);
    now = new Date("2025-01-02T00:00:00Z");
    assert.deepEqual((await service.revokeApiKey(admin, a.apiKey.id)).revokedAt, first.revokedAt);
  });

  it("records use at most once a minute", async () => {
    let now = new Date("2025-01-01T00:00:00Z");
    const repo = new MemoryIdentityRepository();
    const service = new IdentityService(repo, () => now);
    const { key, apiKey } = await service.createTenant({ name: "A" });
    await service.authenticate(key);
    now = new Date(now.getTime() + LAST_USED_RESOLUTION_MS - 1);
    await service.authenticate(key);
    assert.equal(repo.touches, 1);
    now = new Date(now.getTime() + 1);
    await service.authenticate(key);
    assert.equal(repo.touches, 2);
    assert.deepEqual(repo.keys.get(apiKey.id)!.lastUsedAt, now);
  });
});
