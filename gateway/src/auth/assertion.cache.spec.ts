import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IdentityAssertionVerifier, parseIdentityPublicKey, type Identity } from "@prelabel/identity";
import { identityKeys } from "@prelabel/testing";
import { AssertionCache } from "./assertion.cache.js";

describe("AssertionCache: one signed assertion per caller for a few seconds", () => {
  const keys = identityKeys();
  const verifier = new IdentityAssertionVerifier(parseIdentityPublicKey(keys.publicKey));
  const alice: Identity = { tenantId: "t-1", subject: "alice", roles: ["ADMIN"] };

  it("reuses the caller's assertion within the window and signs a new one after it; it verifies as the caller", () => {
    let now = 1_000_000;
    const cache = new AssertionCache(keys.signer, { reuseMs: 10_000, now: () => now });
    const first = cache.assertionFor(alice);
    now += 9_999;
    assert.equal(cache.assertionFor(alice), first);
    now += 1;
    const second = cache.assertionFor(alice);
    assert.notEqual(second, first, "signed again once the window is over");
    const payload = verifier.verify(second);
    assert.deepEqual({ tenantId: payload.tenantId, subject: payload.subject, roles: payload.roles }, alice);
  });

  it("never gives one caller's assertion to another: tenant, subject and roles each make their own", () => {
    const cache = new AssertionCache(keys.signer);
    const others: Identity[] = [
      { ...alice, tenantId: "t-2" },
      { ...alice, subject: "bob" },
      { ...alice, roles: ["MEMBER"] },
      { ...alice, roles: ["ADMIN", "MEMBER"] },
      // Ambiguous if the key were a plain concatenation.
      { tenantId: "t-1a", subject: "lice", roles: ["ADMIN"] },
    ];
    const mine = cache.assertionFor(alice);
    for (const other of others) {
      const assertion = cache.assertionFor(other);
      assert.notEqual(assertion, mine);
      const { tenantId, subject, roles } = verifier.verify(assertion);
      assert.deepEqual({ tenantId, subject, roles }, other);
    }
    // Roles in another order are the same caller.
    assert.equal(
      cache.assertionFor({ ...alice, roles: ["MEMBER", "ADMIN"] }),
      cache.assertionFor({ ...alice, roles: ["ADMIN", "MEMBER"] }),
    );
  });

  it("signs again when the clock goes back, and keeps at most maxEntries callers", () => {
    let now = 5_000_000;
    const cache = new AssertionCache(keys.signer, { maxEntries: 3, now: () => now });
    const first = cache.assertionFor(alice);
    now -= 1;
    assert.notEqual(cache.assertionFor(alice), first);
    for (let i = 0; i < 10; i++) cache.assertionFor({ ...alice, subject: `user-${i}` });
    assert.equal(cache.size, 3);
  });
});
