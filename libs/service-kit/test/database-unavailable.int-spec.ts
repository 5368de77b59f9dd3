import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createTestDatabase, freePort, startTcpProxy, TEST_PG_ADMIN_URL, type TcpProxy, type TestDatabase } from "@prelabel/testing";
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString } from "graphql";
import { Client } from "pg";
import { DataSource } from "typeorm";
import { formatGraphQLError, UNAVAILABLE_MESSAGE } from "../src/errors.js";
import { createLogger } from "../src/logger.js";
import { startSubgraphServer, type RunningServer } from "../src/subgraph-server.js";

/**
 * PostgreSQL that cannot be reached answers SERVICE_UNAVAILABLE through every subgraph's server (they all format
 * errors with formatGraphQLError), never INTERNAL_SERVER_ERROR, and never with the driver's words. The shared server
 * is never stopped: "down" is a proxy cut, terminated backends of a test database, a closed port, a full pool.
 */

const PG = new URL(TEST_PG_ADMIN_URL);
const LEAKS = /127\.0\.0\.1|ECONNREFUSED|terminat|timeout|pg_sleep|SELECT|administrator|relation/i;

function dataSourceAt(url: string, extra: { poolSize?: number; connectTimeoutMS?: number } = {}): DataSource {
  return new DataSource({ type: "postgres", url, poolSize: extra.poolSize ?? 2, connectTimeoutMS: extra.connectTimeoutMS ?? 5_000 });
}

/** `now` and `sleep` read the database; `broken` is a plain SQL error (a bug, so INTERNAL_SERVER_ERROR). */
function databaseSchema(db: () => DataSource): GraphQLSchema {
  const fields = {
    now: { type: GraphQLString, resolve: async () => (await db().query<{ now: string }[]>(`SELECT now()::text AS now`))[0].now },
    sleep: { type: GraphQLString, resolve: async () => (await db().query(`SELECT pg_sleep(60)::text AS slept`))[0].slept as string },
    broken: { type: GraphQLString, resolve: async () => (await db().query(`SELECT * FROM no_such_table`))[0] as string },
  };
  return new GraphQLSchema({ query: new GraphQLObjectType({ name: "Query", fields }) });
}

async function post(
  server: RunningServer,
  query: string,
): Promise<{ data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] }> {
  const res = await fetch(server.url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
  return (await res.json()) as never;
}

function assertUnavailable(body: Awaited<ReturnType<typeof post>>): void {
  assert.equal(body.errors?.length, 1, JSON.stringify(body));
  assert.deepEqual(body.errors[0].extensions, { code: "SERVICE_UNAVAILABLE" });
  assert.equal(body.errors[0].message, UNAVAILABLE_MESSAGE);
  assert.doesNotMatch(JSON.stringify(body), LEAKS);
}

describe("a subgraph whose PostgreSQL cannot be reached", () => {
  let db: TestDatabase;
  let current: DataSource;
  let server: RunningServer;
  const opened: DataSource[] = [];
  const use = async (ds: DataSource) => {
    opened.push(ds);
    if (!ds.isInitialized) await ds.initialize();
    current = ds;
  };

  before(async () => {
    db = await createTestDatabase();
    server = await startSubgraphServer({
      name: "db-test",
      schema: databaseSchema(() => current),
      host: "127.0.0.1",
      port: 0,
      logger: createLogger("db-test", "silent"),
      context: () => ({}),
      ready: async () => true,
    });
  });

  after(async () => {
    await server?.close();
    for (const ds of opened) if (ds.isInitialized) await ds.destroy().catch(() => undefined);
    await db?.drop();
  });

  it("answers SERVICE_UNAVAILABLE when the server goes away: open connections dropped, new ones refused", async () => {
    const proxy: TcpProxy = await startTcpProxy({ host: PG.hostname, port: Number(PG.port || 5432) });
    const url = new URL(db.url);
    url.host = `127.0.0.1:${proxy.port}`;
    await use(dataSourceAt(url.toString()));
    const up = await post(server, `{ now }`);
    assert.equal(up.errors, undefined, JSON.stringify(up));
    // A plain SQL error is still a bug, hidden behind INTERNAL_SERVER_ERROR.
    const broken = await post(server, `{ broken }`);
    assert.deepEqual(
      broken.errors?.map((e) => [e.extensions?.code, e.message]),
      [["INTERNAL_SERVER_ERROR", "Internal server error"]],
    );

    // In flight when the connection drops: "Connection terminated unexpectedly".
    const sleeping = post(server, `{ sleep }`);
    await waitForSleep(db.name);
    await proxy.cut();
    assertUnavailable(await sleeping);
    // Afterwards every connect is refused.
    assertUnavailable(await post(server, `{ now }`));
  });

  it("answers SERVICE_UNAVAILABLE when an administrator terminates the backend (57P01)", async () => {
    await use(dataSourceAt(db.url));
    const sleeping = post(server, `{ sleep }`);
    await waitForSleep(db.name);
    const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
    await admin.connect();
    try {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [db.name]);
    } finally {
      await admin.end();
    }
    assertUnavailable(await sleeping);
  });

  it("answers SERVICE_UNAVAILABLE when the pool has no connection to give within its timeout", async () => {
    const ds = dataSourceAt(db.url, { poolSize: 1, connectTimeoutMS: 300 });
    await use(ds);
    const holder = ds.createQueryRunner();
    await holder.connect();
    try {
      assertUnavailable(await post(server, `{ now }`));
    } finally {
      await holder.release();
    }
    assert.equal((await post(server, `{ now }`)).errors, undefined, "the pool serves again once a connection is free");
  });

  it("maps a data source that cannot connect at all (a closed port) to SERVICE_UNAVAILABLE", async () => {
    const url = new URL(db.url);
    url.host = `127.0.0.1:${await freePort()}`;
    const refused = await dataSourceAt(url.toString())
      .initialize()
      .then(
        () => assert.fail("nothing listens there"),
        (err: unknown) => err,
      );
    const wrapped = new GraphQLError("x", { originalError: refused as Error, path: ["now"] });
    const out = formatGraphQLError(wrapped.toJSON(), wrapped);
    assert.deepEqual([out.extensions, out.message], [{ code: "SERVICE_UNAVAILABLE" }, UNAVAILABLE_MESSAGE]);
  });
});

/** Until the test database has a backend running the resolver's pg_sleep (seen from an admin connection). */
async function waitForSleep(database: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  try {
    for (;;) {
      const found = await admin.query(
        `SELECT 1 FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`,
        [database],
      );
      if (found.rowCount) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    await admin.end();
  }
}
