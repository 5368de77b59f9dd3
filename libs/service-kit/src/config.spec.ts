import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { commonEnv, ConfigError, httpEnv, parseConfig } from "./config.js";

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
