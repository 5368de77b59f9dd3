import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Buckets } from "@prelabel/proto";
import { createTestDatabase, createTestNats, type TestDatabase, type TestNats } from "@prelabel/testing";
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { DataSource } from "typeorm";
import { createLogger } from "../src/logger.js";
import {
  runSubgraphService,
  startServiceApp,
  type ServiceAppOptions,
  type ServiceDatabase,
  type SubgraphServiceConfig,
} from "../src/subgraph-service.runner.js";

const logger = createLogger("runner-test", "silent");
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: "Query", fields: { ok: { type: GraphQLString, resolve: () => "ok" } } }),
});

describe("startServiceApp and runSubgraphService (real PostgreSQL and NATS)", () => {
  let db: TestDatabase;
  let nats: TestNats;
  const created: DataSource[] = [];
  let migrations = 0;
  const database: ServiceDatabase = {
    create: () => {
      const dataSource = new DataSource({ type: "postgres", url: db.url, poolSize: 2 });
      created.push(dataSource);
      return dataSource;
    },
    migrate: async () => (migrations++, ["Create1"]),
  };
  const options = (more: Partial<ServiceAppOptions> = {}): ServiceAppOptions => ({
    name: "runner-test",
    logger,
    database,
    nats: { url: nats.url, namespace: nats.namespace },
    ...more,
  });

  before(async () => {
    [db, nats] = await Promise.all([createTestDatabase(), createTestNats()]);
  });
  after(async () => {
    await db?.drop();
    await nats?.cleanup();
  });

  it("migrates, wires, is ready; close runs the service's steps last first, then NATS, then the pool, once", async () => {
    const before = migrations;
    const closed: string[] = [];
    const app = await startServiceApp(options({ topology: { objectStores: [Buckets.models] } }), ({ onClose }) => {
      onClose("endpoint", () => closed.push("endpoint"));
      onClose("consumers", async () => void closed.push("consumers"));
      return { schema, answer: 42 };
    });
    assert.equal(migrations, before + 1);
    assert.equal(app.answer, 42);
    assert.equal(await app.ready(), true);

    await Promise.all([app.close(), app.close()]);
    assert.deepEqual(closed, ["consumers", "endpoint"]);
    assert.equal(app.messaging.nc.isClosed(), true);
    assert.equal(app.dataSource.isInitialized, false);
    assert.equal(await app.ready(), false);
  });

  it("does not migrate when told not to", async () => {
    const before = migrations;
    const app = await startServiceApp(options({ migrateOnStart: false }), () => ({}));
    await app.close();
    assert.equal(migrations, before);
  });

  it("closes what it opened when the topology is missing or the wiring fails, and rethrows", async () => {
    const missing = startServiceApp(options({ topology: { objectStores: ["no-such-bucket"] } }), () => ({}));
    await assert.rejects(missing, /no-such-bucket/);
    assert.equal(created.at(-1)!.isInitialized, false);

    const closed: string[] = [];
    let messagingClosed = false;
    const failing = startServiceApp(options(), ({ messaging, onClose }) => {
      onClose("endpoint", () => closed.push("endpoint"));
      onClose("spy", () => void (messagingClosed = messaging.nc.isClosed()));
      throw new Error("wiring broke");
    });
    await assert.rejects(failing, /wiring broke/);
    assert.deepEqual(closed, ["endpoint"]);
    assert.equal(messagingClosed, false, "service steps run before NATS drains");
    assert.equal(created.at(-1)!.isInitialized, false);
  });

  const config: SubgraphServiceConfig = {
    PRELABEL_MODE: "self-hosted",
    LOG_LEVEL: "silent",
    HOST: "127.0.0.1",
    PORT: 0,
    SHUTDOWN_GRACE_MS: 5_000,
  };

  it("migrate: migrates once and returns, serving nothing (and reading nothing only serving needs)", async () => {
    const before = migrations;
    const cloudWithoutKey: SubgraphServiceConfig = { ...config, PRELABEL_MODE: "cloud" };
    const start = () => assert.fail("not started");
    const running = await runSubgraphService({ name: "runner-test", config: cloudWithoutKey, command: "migrate", database, start });
    assert.equal(running, undefined);
    assert.equal(migrations, before + 1);
    assert.equal(created.at(-1)!.isInitialized, false);
  });

  it("serve: serves the app's schema and readiness; shutdown stops the server, then closes the app", async () => {
    let closedApp = false;
    const running = await runSubgraphService({
      name: "runner-test",
      config,
      command: "serve",
      database,
      start: async ({ metrics }) => {
        const app = await startServiceApp(options({ metrics }), ({ onClose }) => (onClose("app", () => (closedApp = true)), { schema }));
        return app;
      },
    });
    assert.ok(running);
    const body = JSON.stringify({ query: "{ ok }" });
    const res = await fetch(running.url, { method: "POST", headers: { "content-type": "application/json" }, body });
    assert.deepEqual(await res.json(), { data: { ok: "ok" } });
    assert.equal((await fetch(running.url.replace(/\/graphql$/, "/readyz"))).status, 200);
    await running.shutdown();
    assert.equal(closedApp, true);
    await assert.rejects(fetch(running.url), "the port is closed");
  });

  it("serve: cloud mode without IDENTITY_PUBLIC_KEY fails before anything starts", async () => {
    const cloudWithoutKey: SubgraphServiceConfig = { ...config, PRELABEL_MODE: "cloud" };
    const start = () => assert.fail("not started");
    const serving = runSubgraphService({ name: "runner-test", config: cloudWithoutKey, command: "serve", database, start });
    await assert.rejects(serving, /IDENTITY_PUBLIC_KEY/);
  });
});
