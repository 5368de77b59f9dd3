import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "@prelabel/service-kit";
import { workerConfigSchema } from "./config.js";

describe("worker config: Nuclio", () => {
  it("defaults: 30 s timeout, 4 attempts, 2 calls per function, breaker 5 / 30 s, descriptors kept 30 s, no private host", () => {
    const c = parseConfig(workerConfigSchema, {});
    assert.deepEqual(
      [
        c.NUCLIO_TIMEOUT_MS,
        c.NUCLIO_MAX_ATTEMPTS,
        c.NUCLIO_MAX_CONCURRENCY_PER_FUNCTION,
        c.NUCLIO_BREAKER_FAILURES,
        c.NUCLIO_BREAKER_COOLDOWN_MS,
        c.NUCLIO_DESCRIPTOR_TTL_MS,
      ],
      [30_000, 4, 2, 5, 30_000, 30_000],
    );
    assert.deepEqual(c.NUCLIO_ALLOWED_HOSTS, []);
    assert.equal(c.NUCLIO_DASHBOARD_URL, undefined);
  });

  it("reads NUCLIO_ALLOWED_HOSTS as a comma list and the dashboard URL", () => {
    const c = parseConfig(workerConfigSchema, {
      NUCLIO_ALLOWED_HOSTS: " gpu-box, 10.0.0.0/8 ,,",
      NUCLIO_DASHBOARD_URL: "http://nuclio:8070",
    });
    assert.deepEqual(c.NUCLIO_ALLOWED_HOSTS, ["gpu-box", "10.0.0.0/8"]);
    assert.equal(c.NUCLIO_DASHBOARD_URL, "http://nuclio:8070");
  });

  it("refuses values outside their limits", () => {
    for (const [name, value] of [
      ["NUCLIO_MAX_ATTEMPTS", "0"],
      ["NUCLIO_MAX_CONCURRENCY_PER_FUNCTION", "65"],
      ["NUCLIO_TIMEOUT_MS", "10"],
      ["NUCLIO_BREAKER_COOLDOWN_MS", "0"],
      ["NUCLIO_DASHBOARD_URL", "not a url"],
    ]) {
      assert.throws(() => parseConfig(workerConfigSchema, { [name]: value }), new RegExp(name), name);
    }
  });
});

describe("worker config: onnxruntime", () => {
  it("leaves threads and spinning to the host unless set", () => {
    const c = parseConfig(workerConfigSchema, {});
    assert.deepEqual([c.ORT_THREADS, c.ORT_ALLOW_SPINNING], [undefined, undefined]);
  });

  it("reads ORT_THREADS and ORT_ALLOW_SPINNING", () => {
    const c = parseConfig(workerConfigSchema, { ORT_THREADS: "3", ORT_ALLOW_SPINNING: "false" });
    assert.deepEqual([c.ORT_THREADS, c.ORT_ALLOW_SPINNING], [3, false]);
    assert.equal(parseConfig(workerConfigSchema, { ORT_ALLOW_SPINNING: "true" }).ORT_ALLOW_SPINNING, true);
    assert.throws(() => parseConfig(workerConfigSchema, { ORT_ALLOW_SPINNING: "sometimes" }), /ORT_ALLOW_SPINNING/);
    assert.throws(() => parseConfig(workerConfigSchema, { ORT_THREADS: "0" }), /ORT_THREADS/);
  });
});
