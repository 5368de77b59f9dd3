import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "@prelabel/service-kit";
import { configSchema, nuclioSettings } from "./config.js";

const base = { DATABASE_URL: "postgres://registry@db/prelabel", NATS_URL: "nats://nats:4222" };

describe("model-registry config: NUCLIO_*", () => {
  it("discovery is off without NUCLIO_DASHBOARD_URL; CVAT's defaults otherwise", () => {
    assert.equal(nuclioSettings(parseConfig(configSchema, base)).discovery, null);
    const settings = nuclioSettings(
      parseConfig(configSchema, { ...base, NUCLIO_DASHBOARD_URL: "http://nuclio:8070/", NUCLIO_ALLOWED_HOSTS: " 10.0.0.0/8, gpu-box ," }),
    );
    assert.deepEqual(settings.discovery, {
      dashboardUrl: "http://nuclio:8070",
      project: "cvat",
      namespace: "nuclio",
      invokeMethod: "dashboard",
      functionHost: "nuclio",
    });
    assert.deepEqual(settings.allowedHosts, ["10.0.0.0/8", "gpu-box"]);
    assert.equal(settings.syncIntervalMs, 60_000);
    assert.equal(settings.maxFunctionsPerTenant, 100);
  });

  it("names every bad NUCLIO_* variable at once", () => {
    assert.throws(
      () =>
        parseConfig(configSchema, {
          ...base,
          NUCLIO_DASHBOARD_URL: "ftp://nuclio",
          NUCLIO_INVOKE_METHOD: "rpc",
          NUCLIO_SYNC_INTERVAL_MS: "-1",
          NUCLIO_ALLOWED_HOSTS: "10.0.0.0/99",
        }),
      (err: Error) =>
        ["NUCLIO_DASHBOARD_URL", "NUCLIO_INVOKE_METHOD", "NUCLIO_SYNC_INTERVAL_MS", "NUCLIO_ALLOWED_HOSTS"].every((v) =>
          err.message.includes(v),
        ),
    );
  });
});
