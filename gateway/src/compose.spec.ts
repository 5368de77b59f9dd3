import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { firstDifference } from "./cli/compose.cli.js";
import { composeSupergraph, CompositionError } from "./compose.js";
import { SUBGRAPHS } from "./subgraphs.js";
import { readSubgraphUrls } from "./supergraph-urls.js";

const repoRoot = join(__dirname, "..", "..", "..");
const modelRegistrySdl = readFileSync(join(repoRoot, "services", "model-registry", "schema.graphql"), "utf8");
const fixture = (name: string) => readFileSync(join(repoRoot, "gateway", "test", "fixtures", `${name}.graphql`), "utf8");

const subgraphs = () => [
  { name: "task", url: "http://127.0.0.1:4001/graphql", sdl: fixture("task") },
  { name: "model-registry", url: "http://127.0.0.1:4002/graphql", sdl: modelRegistrySdl },
  { name: "annotation-job", url: "http://127.0.0.1:4003/graphql", sdl: fixture("annotation-job") },
];

describe("composeSupergraph", () => {
  it("composes the model-registry SDL with the task and annotation-job fixtures", () => {
    const { supergraphSdl } = composeSupergraph(subgraphs());
    assert.deepEqual(readSubgraphUrls(supergraphSdl), {
      "annotation-job": "http://127.0.0.1:4003/graphql",
      "model-registry": "http://127.0.0.1:4002/graphql",
      task: "http://127.0.0.1:4001/graphql",
    });
    assert.match(supergraphSdl, /type Subscription/);
    assert.match(supergraphSdl, /models\(kind: ModelKind, source: ModelSource\): \[Model!\]!/);
    // AttributeSpec is @shareable: both subgraphs resolve it.
    assert.match(supergraphSdl, /type AttributeSpec\s+@join__type\(graph: MODEL_REGISTRY\)\s+@join__type\(graph: TASK\)/);
    assert.ok(supergraphSdl.endsWith("}\n"));
  });

  it("does not depend on the order subgraphs are given in", () => {
    assert.equal(composeSupergraph(subgraphs()).supergraphSdl, composeSupergraph(subgraphs().reverse()).supergraphSdl);
  });

  const committed = SUBGRAPHS.every((s) => existsSync(join(repoRoot, s.sdlFile)));
  it("keeps gateway/supergraph.graphql in step with the services' schema.graphql (npm run compose)", { skip: !committed }, () => {
    const { supergraphSdl } = composeSupergraph(
      SUBGRAPHS.map((s) => ({ name: s.name, url: s.defaultUrl, sdl: readFileSync(join(repoRoot, s.sdlFile), "utf8") })),
    );
    const file = join(repoRoot, "gateway", "supergraph.graphql");
    assert.equal(firstDifference(existsSync(file) ? readFileSync(file, "utf8") : "", supergraphSdl), undefined);
  });

  it("fails with every composition error and its code", () => {
    const clash = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { other: Int }
      type AttributeSpec { name: Int! }
      type ImageSize { width: String! }`;
    assert.throws(
      () => composeSupergraph([...subgraphs(), { name: "clash", url: "http://x/graphql", sdl: clash }]),
      (err: unknown) => {
        assert.ok(err instanceof CompositionError);
        assert.match(err.message, /Composing the supergraph from task, model-registry, annotation-job, clash failed/);
        assert.ok(
          err.errors.some((e) => e.startsWith("[INVALID_FIELD_SHARING]") || e.startsWith("[FIELD_TYPE_MISMATCH]")),
          err.message,
        );
        assert.ok(err.errors.length >= 2, err.message);
        return true;
      },
    );
  });

  it("names the subgraph whose SDL does not parse", () => {
    assert.throws(
      () => composeSupergraph([...subgraphs(), { name: "broken", url: "http://x/graphql", sdl: "type Query {" }]),
      /\[broken\] SDL does not parse/,
    );
  });

  it("refuses empty and duplicate subgraph lists", () => {
    assert.throws(() => composeSupergraph([]), CompositionError);
    assert.throws(() => composeSupergraph([...subgraphs(), subgraphs()[0]]), /"task" is given twice/);
  });
});

describe("firstDifference (check:supergraph)", () => {
  it("points at the first differing line", () => {
    assert.equal(firstDifference("a\nb\n", "a\nb\n"), undefined);
    assert.match(firstDifference("a\nb\n", "a\nc\n") ?? "", /^line 2:\n {4}committed: b\n {4}composed: {2}c$/);
    assert.match(firstDifference("", "a\n") ?? "", /line 1/);
  });
});
