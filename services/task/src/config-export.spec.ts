import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseConfig } from "@prelabel/service-kit";
import { taskConfigSchema } from "./config.js";

const base = { DATABASE_URL: "postgres://localhost/x", NATS_URL: "nats://localhost:4222" };

describe("task config: annotation exports", () => {
  it("defaults: no key (a per-process one), 5 min links, 2 downloads a tenant, relative links", () => {
    const config = parseConfig(taskConfigSchema, base);
    assert.equal(config.EXPORT_TOKEN_SECRET, undefined);
    assert.equal(config.EXPORT_TOKEN_TTL_MS, 300_000);
    assert.equal(config.EXPORT_MAX_CONCURRENT_PER_TENANT, 2);
    assert.equal(config.EXPORT_PUBLIC_URL, "");
  });

  it("refuses a short key and a public URL that is not http(s), and trims the URL's trailing slash", () => {
    assert.throws(() => parseConfig(taskConfigSchema, { ...base, EXPORT_TOKEN_SECRET: "short" }), /EXPORT_TOKEN_SECRET: at least 32/);
    assert.throws(() => parseConfig(taskConfigSchema, { ...base, EXPORT_PUBLIC_URL: "prelabel.example.com" }), /EXPORT_PUBLIC_URL/);
    const config = parseConfig(taskConfigSchema, { ...base, EXPORT_PUBLIC_URL: "https://prelabel.example.com/" });
    assert.equal(config.EXPORT_PUBLIC_URL, "https://prelabel.example.com");
  });

  it("requires the key in cloud mode (replicas must share it), with the other cloud variables", () => {
    assert.throws(
      () =>
        parseConfig(taskConfigSchema, {
          ...base,
          PRELABEL_MODE: "cloud",
          IDENTITY_PUBLIC_KEY: "MCowBQYDK2VwAyEAXUvrst+cNUh/arE6ZQnx8ZrFQYaD7jI/xuJh76OPcD8=",
        }),
      /EXPORT_TOKEN_SECRET: required when PRELABEL_MODE=cloud/,
    );
    const config = parseConfig(taskConfigSchema, {
      ...base,
      PRELABEL_MODE: "cloud",
      IDENTITY_PUBLIC_KEY: "MCowBQYDK2VwAyEAXUvrst+cNUh/arE6ZQnx8ZrFQYaD7jI/xuJh76OPcD8=",
      EXPORT_TOKEN_SECRET: "0123456789abcdef0123456789abcdef",
    });
    assert.equal(config.EXPORT_TOKEN_SECRET, "0123456789abcdef0123456789abcdef");
  });
});
