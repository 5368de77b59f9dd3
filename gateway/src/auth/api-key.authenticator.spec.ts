import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Identity } from "@prelabel/identity";
import { CachingApiKeyAuthenticator, type ApiKeyAuthenticator } from "./api-key.authenticator.js";

describe("CachingApiKeyAuthenticator", () => {
  const identity: Identity = { tenantId: "t", subject: "k", roles: ["ADMIN"] };

  it("keeps accepted keys for the TTL only, never refusals, and refuses a TTL over 30 s", async () => {
    let now = 0;
    let calls = 0;
    let accept = true;
    const inner: ApiKeyAuthenticator = { authenticate: async (key) => (calls++, accept && key === "good" ? identity : null) };
    const cache = new CachingApiKeyAuthenticator(inner, { ttlMs: 30_000, now: () => now });
    assert.deepEqual(await cache.authenticate("good"), identity);
    now = 29_999;
    assert.deepEqual(await cache.authenticate("good"), identity);
    assert.equal(calls, 1);
    accept = false; // revoked
    now = 30_000;
    assert.equal(await cache.authenticate("good"), null, "revocation lands once the entry expires");
    assert.equal(await cache.authenticate("bad"), null);
    assert.equal(await cache.authenticate("bad"), null);
    assert.equal(calls, 4, "refusals are asked every time");
    assert.throws(() => new CachingApiKeyAuthenticator(inner, { ttlMs: 30_001 }));
  });

  it("evicts the oldest entry when full", async () => {
    let calls = 0;
    const cache = new CachingApiKeyAuthenticator({ authenticate: async () => (calls++, identity) }, { maxEntries: 2 });
    await cache.authenticate("a");
    await cache.authenticate("b");
    await cache.authenticate("c");
    await cache.authenticate("b");
    assert.equal(calls, 3);
    await cache.authenticate("a");
    assert.equal(calls, 4);
  });

  it("shares one check among concurrent misses of a key; a failure is not cached", async () => {
    let calls = 0;
    let fail = true;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const inner: ApiKeyAuthenticator = {
      authenticate: async (key) => {
        calls++;
        await gate;
        if (fail) throw new Error("identity service did not answer");
        return key === "good" ? identity : null;
      },
    };
    const cache = new CachingApiKeyAuthenticator(inner);
    const failing = Array.from({ length: 100 }, () => cache.authenticate("good"));
    const other = cache.authenticate("other");
    assert.equal(calls, 2, "one call per key, however many ask at once");
    release();
    for (const p of failing) await assert.rejects(p);
    await assert.rejects(other);
    fail = false;
    const answers = await Promise.all(Array.from({ length: 100 }, () => cache.authenticate("good")));
    assert.ok(answers.every((a) => a?.tenantId === identity.tenantId));
    assert.equal(calls, 3, "the failed check was not remembered: one new call for the next 100");
  });
});
