import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generateIdentityKeyPair } from "@prelabel/identity";
import { ConfigError, DEFAULT_OPERATION_LIMITS, parseConfig } from "@prelabel/service-kit";
import { configSchema, jwtSettings, operationLimits, subgraphUrlOverrides } from "./config.js";

describe("gateway config", () => {
  it("defaults to port 4000 and the supergraph's own subgraph URLs", () => {
    const config = parseConfig(configSchema, {});
    assert.equal(config.PORT, 4000);
    assert.equal(config.HOST, "127.0.0.1");
    assert.equal(config.MAX_UPLOAD_BYTES, 257 * 1024 * 1024, "one 256 MiB model (the registry's default limit) plus its operation");
    assert.deepEqual(subgraphUrlOverrides(config), {
      task: undefined,
      "model-registry": undefined,
      "annotation-job": undefined,
      identity: undefined,
    });
    assert.equal(config.PRELABEL_MODE, "self-hosted");
    assert.equal(config.IDENTITY_PRIVATE_KEY, undefined);
    assert.equal(config.AUTH_CACHE_TTL_MS, 30_000);
  });

  it("operation limits: the shared defaults, each variable read, a value over its ceiling refused", () => {
    // The numbers themselves: tools/docs-check holds them to docs/operations.md.
    assert.deepEqual(operationLimits(parseConfig(configSchema, {})), DEFAULT_OPERATION_LIMITS);
    const set = {
      MAX_QUERY_DEPTH: "8",
      MAX_QUERY_ALIASES: "5",
      MAX_QUERY_TOKENS: "900",
      MAX_QUERY_DIRECTIVES: "3",
      MAX_QUERY_COST: "1000",
      QUERY_DEFAULT_LIST_SIZE: "20",
    };
    assert.deepEqual(operationLimits(parseConfig(configSchema, set)), {
      maxDepth: 8,
      maxAliases: 5,
      maxTokens: 900,
      maxDirectives: 3,
      maxCost: 1000,
      defaultListSize: 20,
    });
    assert.throws(
      () => parseConfig(configSchema, { MAX_QUERY_DEPTH: "15", MAX_QUERY_COST: "0", MAX_QUERY_TOKENS: "many" }),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.length === 3 && err.problems.some((p) => /^MAX_QUERY_DEPTH: .*14/.test(p)),
    );
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
      (err: unknown) =>
        err instanceof ConfigError &&
        /IDENTITY_PRIVATE_KEY: not an Ed25519 private key/.test(err.message) &&
        !err.message.includes(keys.publicKey),
    );
  });

  describe("JWT (identity provider)", () => {
    const keys = generateIdentityKeyPair();
    const cloud = { PRELABEL_MODE: "cloud", IDENTITY_PRIVATE_KEY: keys.privateKey };
    const idp = {
      JWT_JWKS_URL: "https://idp.example.test/.well-known/jwks.json",
      JWT_ISSUER: "https://idp.example.test/",
      JWT_AUDIENCE: "prelabel",
    };
    const problems = (env: Record<string, string>) => {
      try {
        parseConfig(configSchema, env);
        return [];
      } catch (err) {
        assert.ok(err instanceof ConfigError);
        return err.problems;
      }
    };

    it("is off by default; with the three required variables, the claims and tolerance take their defaults", () => {
      assert.equal(jwtSettings(parseConfig(configSchema, cloud)), undefined);
      assert.deepEqual(jwtSettings(parseConfig(configSchema, { ...cloud, ...idp })), {
        jwksUrl: idp.JWT_JWKS_URL,
        issuer: idp.JWT_ISSUER,
        audience: idp.JWT_AUDIENCE,
        tenantClaim: "tenant_id",
        rolesClaim: "roles",
        clockToleranceS: 30,
      });
      const custom = parseConfig(configSchema, {
        ...cloud,
        ...idp,
        JWT_TENANT_CLAIM: "org",
        JWT_ROLES_CLAIM: "groups",
        JWT_CLOCK_TOLERANCE_S: "5",
      });
      assert.deepEqual(
        [jwtSettings(custom)?.tenantClaim, jwtSettings(custom)?.rolesClaim, jwtSettings(custom)?.clockToleranceS],
        ["org", "groups", 5],
      );
      assert.equal(jwtSettings(parseConfig(configSchema, { ...cloud, JWT_ISSUER: "", JWT_AUDIENCE: " " })), undefined, "blank means unset");
    });

    it("one of JWKS URL / issuer / audience needs the other two: one error naming what is missing", () => {
      const found = problems({ ...cloud, JWT_ISSUER: idp.JWT_ISSUER });
      assert.equal(found.length, 1, found.join("; "));
      assert.match(found[0], /JWT authentication needs JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE; missing: JWT_JWKS_URL, JWT_AUDIENCE/);
      assert.match(problems({ ...cloud, JWT_TENANT_CLAIM: "org" })[0], /missing: JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE/);
    });

    it("reports a bad URL or tolerance with every other bad variable", () => {
      const found = problems({ ...cloud, ...idp, JWT_JWKS_URL: "idp.example.test/jwks", JWT_CLOCK_TOLERANCE_S: "-1", PORT: "x" });
      assert.equal(found.length, 3, found.join("; "));
      assert.ok(found.some((p) => /^JWT_JWKS_URL: an http\(s\):\/\/ URL/.test(p)));
      assert.ok(found.some((p) => p.startsWith("JWT_CLOCK_TOLERANCE_S:")));
    });

    it("is a config error in self-hosted mode, saying so", () => {
      const found = problems({ ...idp, JWT_ROLES_CLAIM: "groups" });
      assert.equal(found.length, 1, found.join("; "));
      assert.match(
        found[0],
        /JWT authentication needs PRELABEL_MODE=cloud \(set here: JWT_JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, JWT_ROLES_CLAIM\)/,
      );
    });
  });
});
