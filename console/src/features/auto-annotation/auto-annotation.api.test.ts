// @vitest-environment node
import { readFileSync } from "node:fs";
import { buildSchema, parse, validate, type DocumentNode } from "graphql";
import * as api from "./auto-annotation.api.js";

// Codegen validates the documents when it runs; this catches a supergraph change committed without rerunning it.
const supergraph = buildSchema(readFileSync(new URL("../../../../gateway/supergraph.graphql", import.meta.url), "utf8"));

describe("auto-annotation operations", () => {
  it.each([
    ["TASK_LABELS_QUERY", api.TASK_LABELS_QUERY],
    ["MODELS_QUERY", api.MODELS_QUERY],
    ["MODEL_QUERY", api.MODEL_QUERY],
    ["SUGGEST_LABEL_MAPPING_QUERY", api.SUGGEST_LABEL_MAPPING_QUERY],
    ["START_AUTO_ANNOTATION_MUTATION", api.START_AUTO_ANNOTATION_MUTATION],
    ["CANCEL_AUTO_ANNOTATION_MUTATION", api.CANCEL_AUTO_ANNOTATION_MUTATION],
    ["AUTO_ANNOTATION_PROGRESS_SUBSCRIPTION", api.AUTO_ANNOTATION_PROGRESS_SUBSCRIPTION],
  ])("%s is valid against gateway/supergraph.graphql", (_name, operation) => {
    expect(validate(supergraph, operation as DocumentNode).map((e) => e.message)).toEqual([]);
  });

  it("would notice a field the supergraph lacks", () => {
    expect(validate(supergraph, parse("query { models { id nope } }"))).toHaveLength(1);
  });
});
