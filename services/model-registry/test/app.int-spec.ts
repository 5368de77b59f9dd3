import "reflect-metadata";
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createLogger, startSubgraphServer } from "@prelabel/service-kit";
import { createTestDatabase, createTestNats, loopbackSubgraphOptions, type TestDatabase, type TestNats } from "@prelabel/testing";
import { startModelRegistry } from "../src/app.js";
import { loadCatalog } from "../src/persistence/catalog/catalog.js";

describe("model-registry app (what main.ts serves)", () => {
  let db: TestDatabase;
  let nats: TestNats;
  const logger = createLogger("model-registry-test", "silent");

  before(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), createTestNats()]);
  });
  after(async () => {
    await db?.drop();
    await nats?.cleanup();
  });

  it("starts twice on one database (replicas, restarts) and serves GraphQL over HTTP", async () => {
    const options = { database: { url: db.url, poolSize: 2 }, nats: { url: nats.url, namespace: nats.namespace }, logger };
    const [a, b] = await Promise.all([startModelRegistry(options), startModelRegistry(options)]);
    const server = await startSubgraphServer(loopbackSubgraphOptions("model-registry", a, logger));
    try {
      assert.equal(await a.ready(), true);
      const rows = await a.dataSource.query(`SELECT count(*)::int AS n FROM model_registry.model`);
      assert.deepEqual(rows, [{ n: loadCatalog().length }]);
      const res = await fetch(server.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ models { id } }" }),
      });
      const body = (await res.json()) as { data: { models: { id: string }[] } };
      assert.deepEqual(
        body.data.models.map((m) => m.id).sort(),
        loadCatalog()
          .map((m) => m.id)
          .sort(),
      );
      assert.equal((await fetch(server.url.replace(/\/graphql$/, "/readyz"))).status, 200);
    } finally {
      await server.close();
      await a.close();
      await b.close();
    }
    assert.equal(await a.ready(), false, "not ready once closed");
  });
});
