import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { describe, it } from "node:test";
import { assertedCallerKey, IdentityAssertionSigner, IdentityAssertionVerifier } from "./identity-assertion.js";
import { IdentityError, IdentityErrorCode } from "./identity.errors.js";
import { generateIdentityKeyPair, parseIdentityPrivateKey, parseIdentityPublicKey, parseIdentityPublicKeys } from "./identity-keys.js";

const pair = generateIdentityKeyPair();
const signer = (now = Date.now) => new IdentityAssertionSigner(parseIdentityPrivateKey(pair.privateKey), { now });
const verifier = (now = Date.now) => new IdentityAssertionVerifier(parseIdentityPublicKey(pair.publicKey), { now });
const identity = { tenantId: "t-1", subject: "0123456789abcdef", roles: ["MEMBER" as const] };

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof IdentityError, String(err));
    return err.code;
  }
  assert.fail("expected an IdentityError");
};

describe("identity assertions", () => {
  it("round-trips tenant, subject and roles with a 60 s window and a unique jti", () => {
    const t = 1_700_000_000_000;
    const a = signer(() => t).sign(identity);
    const b = signer(() => t).sign(identity);
    assert.notEqual(a, b, "jti differs");
    const payload = verifier(() => t).verify(a);
    assert.deepEqual({ tenantId: payload.tenantId, subject: payload.subject, roles: payload.roles }, identity);
    assert.equal(payload.exp - payload.iat, 60);
    assert.equal(payload.iat, t / 1000);
  });

  it("tolerates 30 s of clock skew either way, and no more", () => {
    const t = 1_700_000_000_000;
    const token = signer(() => t).sign(identity);
    verifier(() => t + 89_000).verify(token);
    assert.equal(
      code(() => verifier(() => t + 91_000).verify(token)),
      IdentityErrorCode.Expired,
    );
    verifier(() => t - 29_000).verify(token);
    assert.equal(
      code(() => verifier(() => t - 31_000).verify(token)),
      IdentityErrorCode.NotYetValid,
    );
  });

  it("refuses a payload changed after signing, and one signed by another key", () => {
    const token = signer().sign(identity);
    const [, sig] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...identity, tenantId: "t-2", iat: 1, exp: 9e9, jti: "x" })).toString("base64url");
    assert.equal(
      code(() => verifier().verify(`${forged}.${sig}`)),
      IdentityErrorCode.BadSignature,
    );
    const other = new IdentityAssertionSigner(generateKeyPairSync("ed25519").privateKey).sign(identity);
    assert.equal(
      code(() => verifier().verify(other)),
      IdentityErrorCode.BadSignature,
    );
  });

  it("calls garbage malformed", () => {
    for (const token of ["", "abc", "a.b.c", "a b.c", "!!.??"])
      assert.equal(
        code(() => verifier().verify(token)),
        IdentityErrorCode.Malformed,
        token,
      );
  });

  it("refuses a correctly signed payload without the required claims", () => {
    const bad = signer().sign({ tenantId: "", subject: "x", roles: [] });
    assert.equal(
      code(() => verifier().verify(bad)),
      IdentityErrorCode.Malformed,
    );
  });
});

describe("identity keys", () => {
  it("reads PEM (with real or escaped newlines) and base64 DER", () => {
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const privPem = privateKey.export({ format: "pem", type: "pkcs8" }) as string;
    const pubPem = publicKey.export({ format: "pem", type: "spki" }) as string;
    const token = new IdentityAssertionSigner(parseIdentityPrivateKey(privPem.replace(/\n/g, "\\n"))).sign(identity);
    assert.equal(new IdentityAssertionVerifier(parseIdentityPublicKey(pubPem)).verify(token).tenantId, "t-1");
  });

  it("rotates the gateway's key: subgraphs accept old and new while both are listed, then only the new one", () => {
    const next = generateIdentityKeyPair();
    const oldToken = new IdentityAssertionSigner(parseIdentityPrivateKey(pair.privateKey)).sign(identity);
    const newToken = new IdentityAssertionSigner(parseIdentityPrivateKey(next.privateKey)).sign(identity);
    const during = new IdentityAssertionVerifier(parseIdentityPublicKeys(`${pair.publicKey}, ${next.publicKey}`));
    assert.equal(during.verify(oldToken).tenantId, "t-1");
    assert.equal(during.verify(newToken).tenantId, "t-1");
    const afterwards = new IdentityAssertionVerifier(parseIdentityPublicKeys(next.publicKey));
    assert.equal(afterwards.verify(newToken).tenantId, "t-1");
    assert.equal(
      code(() => afterwards.verify(oldToken)),
      IdentityErrorCode.BadSignature,
    );
  });

  it("names the bad key of a list, refuses an empty list and more than four keys", () => {
    const err = (() => {
      try {
        parseIdentityPublicKeys(`${pair.publicKey},${pair.privateKey}`);
      } catch (e) {
        return e as Error;
      }
    })();
    assert.match(String(err?.message), /^key 2 of 2: /);
    assert.ok(!String(err?.message).includes(pair.privateKey), "never echoes a key");
    assert.equal(
      code(() => parseIdentityPublicKeys(" , ")),
      IdentityErrorCode.InvalidKey,
    );
    assert.equal(
      code(() => parseIdentityPublicKeys(Array(5).fill(pair.publicKey).join(","))),
      IdentityErrorCode.InvalidKey,
    );
  });

  it("refuses non-Ed25519 keys, the wrong half and junk, without echoing the value", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const rsaPub = rsa.publicKey.export({ format: "der", type: "spki" }).toString("base64");
    assert.equal(
      code(() => parseIdentityPublicKey(rsaPub)),
      IdentityErrorCode.InvalidKey,
    );
    assert.equal(
      code(() => parseIdentityPublicKey(pair.privateKey)),
      IdentityErrorCode.InvalidKey,
    );
    assert.equal(
      code(() => parseIdentityPrivateKey(pair.publicKey)),
      IdentityErrorCode.InvalidKey,
    );
    try {
      parseIdentityPrivateKey("c2VjcmV0LXZhbHVl");
    } catch (err) {
      assert.ok(!(err as Error).message.includes("c2VjcmV0LXZhbHVl"));
    }
  });
});

describe("assertedCallerKey", () => {
  const signer = new IdentityAssertionSigner(parseIdentityPrivateKey(generateIdentityKeyPair().privateKey));

  it("is the same for two fresh assertions of one caller (roles in any order) and differs between callers", () => {
    const a1 = signer.sign({ tenantId: "t1", subject: "alice", roles: ["ADMIN", "MEMBER"] });
    const a2 = signer.sign({ tenantId: "t1", subject: "alice", roles: ["MEMBER", "ADMIN"] });
    assert.notEqual(a1, a2, "each assertion is fresh (jti)");
    assert.equal(assertedCallerKey(a1), assertedCallerKey(a2));
    assert.notEqual(
      assertedCallerKey(a1),
      assertedCallerKey(signer.sign({ tenantId: "t2", subject: "alice", roles: ["ADMIN", "MEMBER"] })),
    );
    assert.notEqual(assertedCallerKey(a1), assertedCallerKey(signer.sign({ tenantId: "t1", subject: "bob", roles: ["ADMIN", "MEMBER"] })));
    assert.notEqual(assertedCallerKey(a1), assertedCallerKey(signer.sign({ tenantId: "t1", subject: "alice", roles: ["MEMBER"] })));
  });

  it("is undefined for what is not an assertion", () => {
    for (const token of ["", "x", "a.b.c", "%%%.sig", `${Buffer.from("{}").toString("base64url")}.sig`])
      assert.equal(assertedCallerKey(token), undefined);
  });
});
