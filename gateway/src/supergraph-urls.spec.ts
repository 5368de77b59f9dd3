import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readSubgraphUrls, withSubgraphUrls } from "./supergraph-urls.js";

const supergraph = `schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query }
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
enum join__Graph {
  ANNOTATION_JOB @join__graph(name: "annotation-job", url: "http://127.0.0.1:4003/graphql")
  MODEL_REGISTRY @join__graph(name: "model-registry", url: "http://127.0.0.1:4002/graphql")
  TASK @join__graph(name: "task", url: "http://127.0.0.1:4001/graphql")
}
enum Other { A @join__graph(name: "task", url: "http://untouched") }
type Query { a: Int }
`;

describe("subgraph URLs in the supergraph", () => {
  it("reads join__Graph URLs by subgraph name", () => {
    assert.deepEqual(readSubgraphUrls(supergraph), {
      "annotation-job": "http://127.0.0.1:4003/graphql",
      "model-registry": "http://127.0.0.1:4002/graphql",
      task: "http://127.0.0.1:4001/graphql",
    });
  });

  it("rewrites only the overridden subgraphs, only inside join__Graph", () => {
    const out = withSubgraphUrls(supergraph, { task: "http://task:8080/graphql", "model-registry": undefined });
    assert.deepEqual(readSubgraphUrls(out), {
      "annotation-job": "http://127.0.0.1:4003/graphql",
      "model-registry": "http://127.0.0.1:4002/graphql",
      task: "http://task:8080/graphql",
    });
    assert.match(out, /url: "http:\/\/untouched"/);
  });

  it("rejects unknown subgraph names and non-http URLs", () => {
    assert.throws(
      () => withSubgraphUrls(supergraph, { tasks: "http://x/graphql" }),
      /No subgraph named tasks .*it has annotation-job, model-registry, task/,
    );
    assert.throws(() => withSubgraphUrls(supergraph, { task: "ftp://x" }), /must be http\(s\)/);
  });
});
