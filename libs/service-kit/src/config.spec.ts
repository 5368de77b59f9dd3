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
      (err: unknown) => err instanceof ConfigError && err.problems.length === 3 && /PORT/.test(err.message) && /NATS_NAMESPACE/.test(err.message),
    );
  });
});

describe("cloudEnv", () => {
  const schema = withCloudEnvRules(z.object({ ...commonEnv, ...httpEnv, ...cloudEnv }));
  const ring = SecretBox.generateKey("k1");

  it("defaults to self-hosted with the public hubs and no key ring", () => {
    const config = parseConfig(schema, { PORT: "1" });
    assert.equal(config.PRELABEL_MODE, "self-hosted");
    assert.equal(config.HUB_ALLOW_PRIVATE_NETWORKS, false);
    const settings = cloudSettings(config);
    assert.equal(settings.mode, DeploymentMode.SelfHosted);
    assert.equal(settings.secretBox, undefined);
    assert.deepEqual(
      [settings.hubEndpoints.hfHubUrl, settings.hubEndpoints.hfInferenceUrl, settings.hubEndpoints.roboflowApiUrl, settings.hubEndpoints.roboflowInferUrl],
      ["https://huggingface.co", "https://router.huggingface.co", "https://api.roboflow.com", "https://serverless.roboflow.com"],
    );
  });

  it("cloud mode without PRELABEL_SECRET_KEYS is listed with the other bad variables", () => {
    assert.throws(
      () => parseConfig(schema, { PORT: "99999", PRELABEL_MODE: "cloud" }),
      (err: unknown) =>
        err instanceof ConfigError && err.problems.length === 2 && err.problems.some((p) => /^PORT/.test(p)) && err.problems.some((p) => /^PRELABEL_SECRET_KEYS: required/.test(p)),
    );
  });

  it("rejects a malformed key ring without echoing it", () => {
    const bad = "k1:c2hvcnRrZXlzZWNyZXQ=";
    assert.throws(
      () => parseConfig(schema, { PORT: "1", PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: bad, HF_HUB_URL: "nope" }),
      (err: unknown) =>
        err instanceof ConfigError &&
        err.problems.length === 2 &&
        /PRELABEL_SECRET_KEYS: .*not 32/.test(err.message) &&
        /HF_HUB_URL/.test(err.message) &&
        !err.message.includes("c2hvcnRrZXlzZWNyZXQ="),
    );
  });

  it("cloud mode with a ring: a SecretBox, the configured hubs, private networks when asked", () => {
    const config = parseConfig(schema, {
      PORT: "1",
      PRELABEL_MODE: "cloud",
      PRELABEL_SECRET_KEYS: ring,
      HF_HUB_URL: "http://127.0.0.1:9000/",
      HF_INFERENCE_URL: "http://127.0.0.1:9001",
      ROBOFLOW_API_URL: "http://127.0.0.1:9002",
      ROBOFLOW_INFER_URL: "http://127.0.0.1:9003",
      HUB_ALLOW_PRIVATE_NETWORKS: "true",
      HF_ENDPOINT_HOSTS: "a.example.com, *.endpoints.huggingface.cloud",
    });
    const settings = cloudSettings(config);
    assert.equal(settings.mode, "cloud");
    assert.equal(settings.secretBox?.activeKeyId, "k1");
    assert.equal(settings.hubEndpoints.hfHubUrl, "http://127.0.0.1:9000");
    assert.equal(settings.hubEndpoints.allowPrivateNetworks, true);
    assert.deepEqual(settings.hubEndpoints.hfEndpointHosts, ["a.example.com", "*.endpoints.huggingface.cloud"]);
  });

  it("HUB_ALLOW_PRIVATE_NETWORKS takes only booleans", () => {
    assert.throws(() => parseConfig(schema, { PORT: "1", HUB_ALLOW_PRIVATE_NETWORKS: "maybe" }), /HUB_ALLOW_PRIVATE_NETWORKS/);
  });

  it("cloudSettings refuses cloud mode without a ring even if the rule was not applied", () => {
    const config = parseConfig(z.object({ ...commonEnv, ...cloudEnv }), { PRELABEL_MODE: "cloud" });
    assert.throws(() => cloudSettings(config), ConfigError);
  });
});
