import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateIdentityKeyPair } from "@prelabel/identity";
import { ConfigError, parseConfig } from "@prelabel/service-kit";
import { configSchema, subgraphUrlOverrides } from "./config.js";

describe("gateway config", () => {
  it("defaults to port 4000 and the supergraph's own subgraph URLs", () => {
    const config = parseConfig(configSchema, {});
    assert.equal(config.PORT, 4000);
    assert.equal(config.HOST, "127.0.0.1");
    assert.equal(config.MAX_UPLOAD_BYTES, 100 * 1024 * 1024);
    assert.deepEqual(subgraphUrlOverrides(config), { task: undefined, "model-registry": undefined, "annotation-job": undefined, identity: undefined });
    assert.equal(config.PRELABEL_MODE, "self-hosted");
    assert.equal(config.IDENTITY_PRIVATE_KEY, undefined);
    assert.equal(config.AUTH_CACHE_TTL_MS, 30_000);
  });

  it("maps *_URL variables to subgraph names", () => {
    const config = parseConfig(configSchema, { TASK_URL: "http://task:4001/graphql", ANNOTATION_JOB_URL: "https://jobs/graphql" });
    assert.deepEqual(subgraphUrlOverrides(config), {
      task: "http://task:4001/graphql",
      "model-registry": undefined,
      "annotation-job": "https://jobs/graphql",
      identity: undefined,
    });
  });

  it("names every bad variable at once", () => {
    assert.throws(
      () => parseConfig(configSchema, { PORT: "x", MODEL_REGISTRY_URL: "model-registry:4002", MAX_UPLOAD_BYTES: "-1" }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 3,
    );
  });

  it("cloud mode needs IDENTITY_PRIVATE_KEY, listed with the other bad variables; the cache TTL is capped at 30 s", () => {
    assert.throws(
      () => parseConfig(configSchema, { PRELABEL_MODE: "cloud", PORT: "x", AUTH_CACHE_TTL_MS: "60000" }),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.length === 3 && err.problems.some((p) => /^IDENTITY_PRIVATE_KEY: required/.test(p)),
    );
    const keys = generateIdentityKeyPair();
    assert.equal(parseConfig(configSchema, { PRELABEL_MODE: "cloud", IDENTITY_PRIVATE_KEY: keys.privateKey }).PRELABEL_MODE, "cloud");
    assert.throws(
      () => parseConfig(configSchema, { IDENTITY_PRIVATE_KEY: keys.publicKey }),
      (err: unknown) => err instanceof ConfigError && /IDENTITY_PRIVATE_KEY: not an Ed25519 private key/.test(err.message) && !err.message.includes(keys.publicKey),
    );
  });
});
