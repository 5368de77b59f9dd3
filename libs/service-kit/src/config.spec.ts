import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { SecretBox } from "@prelabel/secret-box";
import { cloudEnv, cloudSettings, commonEnv, ConfigError, DeploymentMode, httpEnv, parseConfig, withCloudEnvRules } from "./config.js";

describe("parseConfig", () => {
  const schema = z.object({ ...commonEnv, ...httpEnv });

  it("applies defaults and coerces numbers", () => {
    const config = parseConfig(schema, { PORT: "4001" });
    assert.equal(config.PORT, 4001);
    assert.equal(config.NATS_URL, "nats://127.0.0.1:4222");
  });

  it("reports every bad variable at once", () => {
    assert.throws(
      () => parseConfig(schema, { PORT: "99999", NATS_URL: "not a url", NATS_NAMESPACE: "Bad_NS" }),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.length === 3 && /PORT/.test(err.message) && /NATS_NAMESPACE/.test(err.message),
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
    assert.throws(
      () => parseConfig(schema, { PORT: "99999", PRELABEL_MODE: "cloud" }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        err.problems.some((p) => /^PORT/.test(p)) &&
        err.problems.some((p) => /^PRELABEL_SECRET_KEYS: required/.test(p)),
    );
  });

  it("rejects a malformed key ring without echoing it", () => {
    const bad = "k1:c2hvcnRrZXlzZWNyZXQ=";
    assert.throws(
      () => parseConfig(schema, { PORT: "x", PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: bad }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        /PRELABEL_SECRET_KEYS: .*not 32/.test(err.message) &&
        /PORT/.test(err.message) &&
        !err.message.includes("c2hvcnRrZXlzZWNyZXQ="),
    );
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
