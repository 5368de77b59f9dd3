import assert from "node:assert/strict";
import { createPublicKey } from "node:crypto";
import { describe, it } from "node:test";
import { generateIdentityKeyPair, parseIdentityPrivateKey, parseIdentityPublicKeys } from "@prelabel/identity";
import { SecretBox } from "@prelabel/secret-box";
import { completeCloudEnv, createTenantCommand, firstUserInstructions, shellQuote } from "./cloud-mode.setup.js";

const publicOf = (privateKey: string) =>
  createPublicKey(parseIdentityPrivateKey(privateKey)).export({ format: "der", type: "spki" }).toString("base64");

describe("cloud mode on embedded defaults", () => {
  it("changes nothing in self-hosted mode", () => {
    const env = { LOG_LEVEL: "debug" };
    assert.deepEqual(completeCloudEnv(env), { cloud: false, env, generated: [] });
    assert.equal(completeCloudEnv({ PRELABEL_MODE: "self-hosted" }).cloud, false);
  });

  it("generates a matching identity pair and a key ring when none is configured", () => {
    const { cloud, env, generated } = completeCloudEnv({ PRELABEL_MODE: "cloud" });
    assert.equal(cloud, true);
    assert.deepEqual(
      generated.map((g) => g.name),
      ["IDENTITY_PRIVATE_KEY", "IDENTITY_PUBLIC_KEY", "PRELABEL_SECRET_KEYS", "EXPORT_TOKEN_SECRET"],
    );
    assert.ok(env.EXPORT_TOKEN_SECRET!.length >= 32, "the task service's download-link key");
    assert.equal(env.IDENTITY_PUBLIC_KEY, publicOf(env.IDENTITY_PRIVATE_KEY!));
    assert.equal(parseIdentityPublicKeys(env.IDENTITY_PUBLIC_KEY).length, 1);
    const box = SecretBox.fromConfig(env.PRELABEL_SECRET_KEYS!);
    assert.equal(box.open(box.seal("token", "ctx"), "ctx"), "token");
    assert.notEqual(completeCloudEnv({ PRELABEL_MODE: "cloud" }).env.IDENTITY_PRIVATE_KEY, env.IDENTITY_PRIVATE_KEY, "fresh for each run");
  });

  it("uses configured values as given, and derives the public key from a private key alone", () => {
    const pair = generateIdentityKeyPair();
    const ring = SecretBox.generateKey("k1");
    const given = {
      PRELABEL_MODE: "cloud",
      IDENTITY_PRIVATE_KEY: pair.privateKey,
      IDENTITY_PUBLIC_KEY: pair.publicKey,
      PRELABEL_SECRET_KEYS: ring,
      EXPORT_TOKEN_SECRET: "0123456789abcdef0123456789abcdef",
    };
    assert.deepEqual(completeCloudEnv(given), { cloud: true, env: given, generated: [] });
    const derived = completeCloudEnv({
      PRELABEL_MODE: "cloud",
      IDENTITY_PRIVATE_KEY: pair.privateKey,
      PRELABEL_SECRET_KEYS: ring,
      EXPORT_TOKEN_SECRET: given.EXPORT_TOKEN_SECRET,
    });
    assert.equal(derived.env.IDENTITY_PUBLIC_KEY, pair.publicKey);
    assert.deepEqual(
      derived.generated.map((g) => g.name),
      ["IDENTITY_PUBLIC_KEY"],
    );
  });

  it("refuses a public key without its private key, and an unreadable private key, without echoing it", () => {
    const pair = generateIdentityKeyPair();
    assert.throws(() => completeCloudEnv({ PRELABEL_MODE: "cloud", IDENTITY_PUBLIC_KEY: pair.publicKey }), /IDENTITY_PRIVATE_KEY is not/);
    assert.throws(
      () => completeCloudEnv({ PRELABEL_MODE: "cloud", IDENTITY_PRIVATE_KEY: "not-a-key-secret" }),
      (err: Error) => /^IDENTITY_PRIVATE_KEY: /.test(err.message) && !err.message.includes("not-a-key-secret"),
    );
  });

  it("prints the exact create-tenant command, quoted, with a password hidden", () => {
    assert.equal(
      createTenantCommand("postgres://postgres@127.0.0.1:5432/prelabel").command,
      "DATABASE_URL='postgres://postgres@127.0.0.1:5432/prelabel' node services/identity/dist/src/cli/create-tenant.cli.js --name 'acme'",
    );
    const hidden = createTenantCommand("postgres://app:s3cret@db:5432/app", "O'Brien");
    assert.equal(hidden.passwordHidden, true);
    assert.ok(!hidden.command.includes("s3cret"));
    assert.ok(hidden.command.endsWith(`--name ${shellQuote("O'Brien")}`));
    const lines = firstUserInstructions("http://127.0.0.1:4000/graphql", "postgres://postgres@127.0.0.1:5432/prelabel").join("\n");
    assert.match(lines, /Authorization: Bearer <apiKey>/);
    assert.match(lines, /curl -s http:\/\/127\.0\.0\.1:4000\/graphql .*authorization: Bearer <apiKey>/);
  });
});
