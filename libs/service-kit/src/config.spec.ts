import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { SecretBox } from "@prelabel/secret-box";
import { cloudEnv, cloudSettings, commonEnv, ConfigError, DeploymentMode, httpEnv, parseConfig, withCloudEnvRules } from "./config.js";
import { assertConfigProblems } from "./config.testing.js";

describe("parseConfig", () => {
  const schema = z.object({ ...commonEnv, ...httpEnv });

  it("applies defaults and coerces numbers", () => {
    const config = parseConfig(schema, { PORT: "4001" });
    assert.equal(config.PORT, 4001);
    assert.equal(config.NATS_URL, "nats://127.0.0.1:4222");
  });

  it("reports every bad variable at once", () => {
    assertConfigProblems(
      () => parseConfig(schema, { PORT: "99999", NATS_URL: "not a url", NATS_NAMESPACE: "Bad_NS" }),
      [/^PORT/, /^NATS_URL/, /^NATS_NAMESPACE/],
    );
  });
});

describe("cloudEnv", () => {
  const schema = withCloudEnvRules(z.object({ ...commonEnv, ...httpEnv, ...cloudEnv }));
  const ring = SecretBox.generateKey("k1");

  it("defaults to self-hosted with no key ring", () => {
    const config = parseConfig(schema, { PORT: "1" });
    assert.equal(config.PRELABEL_MODE, "self-hosted");
    const settings = cloudSettings(config);
    assert.equal(settings.mode, DeploymentMode.SelfHosted);
    assert.equal(settings.secretBox, undefined);
  });

  it("declares no hub variable: where the hubs are is libs/hubs' hubEndpointsEnv", () => {
    assert.deepEqual(Object.keys(cloudEnv).sort(), ["PRELABEL_MODE", "PRELABEL_SECRET_KEYS"]);
  });

  it("cloud mode without PRELABEL_SECRET_KEYS is listed with the other bad variables", () => {
    assertConfigProblems(
      () => parseConfig(schema, { PORT: "99999", PRELABEL_MODE: "cloud" }),
      [/^PORT/, /^PRELABEL_SECRET_KEYS: required/],
    );
  });

  it("rejects a malformed key ring without echoing it", () => {
    const bad = "k1:c2hvcnRrZXlzZWNyZXQ=";
    const err = assertConfigProblems(
      () => parseConfig(schema, { PORT: "x", PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: bad }),
      [/^PORT/, /^PRELABEL_SECRET_KEYS: .*not 32/],
    );
    assert.ok(!err.message.includes("c2hvcnRrZXlzZWNyZXQ="));
  });

  it("cloud mode with a ring: a SecretBox", () => {
    const settings = cloudSettings(parseConfig(schema, { PORT: "1", PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: ring }));
    assert.equal(settings.mode, "cloud");
    assert.equal(settings.secretBox?.activeKeyId, "k1");
  });

  it("cloudSettings refuses cloud mode without a ring even if the rule was not applied", () => {
    const config = parseConfig(z.object({ ...commonEnv, ...cloudEnv }), { PRELABEL_MODE: "cloud" });
    assert.throws(() => cloudSettings(config), ConfigError);
  });
});
