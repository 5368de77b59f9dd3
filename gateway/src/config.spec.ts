import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ConfigError, parseConfig } from "@prelabel/service-kit";
import { configSchema, subgraphUrlOverrides } from "./config.js";

describe("gateway config", () => {
  it("defaults to port 4000 and the supergraph's own subgraph URLs", () => {
    const config = parseConfig(configSchema, {});
    assert.equal(config.PORT, 4000);
    assert.equal(config.HOST, "127.0.0.1");
    assert.equal(config.MAX_UPLOAD_BYTES, 100 * 1024 * 1024);
    assert.deepEqual(subgraphUrlOverrides(config), { task: undefined, "model-registry": undefined, "annotation-job": undefined });
  });

  it("maps *_URL variables to subgraph names", () => {
    const config = parseConfig(configSchema, { TASK_URL: "http://task:4001/graphql", ANNOTATION_JOB_URL: "https://jobs/graphql" });
    assert.deepEqual(subgraphUrlOverrides(config), {
      task: "http://task:4001/graphql",
      "model-registry": undefined,
      "annotation-job": "https://jobs/graphql",
    });
  });

  it("names every bad variable at once", () => {
    assert.throws(
      () => parseConfig(configSchema, { PORT: "x", MODEL_REGISTRY_URL: "model-registry:4002", MAX_UPLOAD_BYTES: "-1" }),
      (err: unknown) => err instanceof ConfigError && err.problems.length === 3,
    );
  });
});
