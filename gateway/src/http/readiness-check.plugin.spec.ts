import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { subgraphReadyzUrl } from "./readiness-check.plugin.js";

describe("subgraph readiness URL", () => {
  it("is the subgraph URL without /graphql, plus /readyz", () => {
    assert.equal(subgraphReadyzUrl("http://127.0.0.1:4001/graphql"), "http://127.0.0.1:4001/readyz");
    assert.equal(subgraphReadyzUrl("http://task.svc/graphql/"), "http://task.svc/readyz");
    assert.equal(subgraphReadyzUrl("https://x/api/graphql?x=1"), "https://x/api/readyz");
  });
});
