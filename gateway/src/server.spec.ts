import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { createLogger } from "@prelabel/service-kit";
import { createGateway } from "./server.js";

describe("createGateway with the committed supergraph", () => {
  const file = join(__dirname, "..", "..", "supergraph.graphql");
  it("loads it (queries, mutations and subscriptions of all three subgraphs)", { skip: !existsSync(file) }, async () => {
    const gateway = await createGateway({
      supergraphSdl: readFileSync(file, "utf8"),
      subgraphUrls: { task: "http://task.internal/graphql" },
      logger: createLogger("test", "silent"),
      maxUploadBytes: 1024,
    });
    try {
      assert.equal(gateway.subgraphUrls.task, "http://task.internal/graphql");
      const schema = await gateway.runtime.getSchema();
      assert.ok(schema.getQueryType()?.getFields().models);
      assert.ok(schema.getMutationType()?.getFields().startAutoAnnotation);
      assert.ok(schema.getSubscriptionType());
      assert.ok(schema.getType("Upload"));
    } finally {
      await gateway.close();
    }
  });
});
