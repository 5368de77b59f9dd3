import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { setImmediate as nextTurn } from "node:timers/promises";
import { promisify } from "node:util";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { applyTopology, loadTopology, NatsNamespace } from "@prelabel/messaging";
import { Streams } from "@prelabel/proto";
import { freePort, REPO_ROOT } from "@prelabel/testing";
import { Client, DatabaseError, Pool, type PoolClient } from "pg";
import { findExecutable, startEmbeddedPostgres, startNatsServer, type StartedServer } from "../src/infrastructure.js";

const run = promisify(execFile);

/** Each service's schema and the tables its migrations must create. */
const SERVICES = [
  { name: "model-registry", schema: "model_registry", tables: ["migrations", "model"] },
  {
    name: "task",
    schema: "task",
    tables: ["migrations", "task", "label", "frame", "annotation", "staged_result", "applied_job", "discarded_job"],
  },
  { name: "annotation-job", schema: "annotation_job", tables: ["migrations", "auto_annotation_job", "frame_outcome"] },
];

/** Three pools of five, as three services would hold, plus this file's own client and headroom. */
const POOLS = 3;
const POOL_SIZE = 5;
const MAX_CONNECTIONS = POOLS * POOL_SIZE + 5;

/** Runs a service's `npm run migrate` script (as its package.json spells it) against `databaseUrl`. */
async function migrate(service: string, databaseUrl: string): Promise<void> {
  const dir = join(REPO_ROOT, "services", service);
  const script: string | undefined = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts?.migrate;
  assert.ok(script, `services/${service} has no migrate script`);
  const [command, ...args] = script.split(/\s+/);
  assert.equal(command, "node", `services/${service}: migrate script "${script}" does not start with node`);
  assert.ok(existsSync(join(dir, args[0])), `services/${service} is not built (npx tsc -b services/${service})`);
  const env = { PATH: process.env.PATH ?? "", DATABASE_URL: databaseUrl, DB_MIGRATE_ON_START: "false", LOG_LEVEL: "warn" };
  try {
    await run(process.execPath, args, { cwd: dir, env, timeout: 20_000 });
  } catch (err) {
    const { stdout, stderr } = err as { stdout?: string; stderr?: string };
    assert.fail(`services/${service} "${script}" failed: ${String(err)}\n${stdout ?? ""}${stderr ?? ""}`);
  }
}

const migrateAll = (url: string) => Promise.all(SERVICES.map((s) => migrate(s.name, url)));

async function migrationCount(client: Client): Promise<number> {
  let total = 0;
  for (const s of SERVICES) total += (await client.query(`SELECT count(*)::int AS n FROM ${s.schema}.migrations`)).rows[0].n;
  return total;
}

/** The error a statement fails with (assert.rejects would not hand it back). */
async function failure(promise: Promise<unknown>): Promise<DatabaseError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof DatabaseError, `expected a database error, got ${String(err)}`);
    return err;
  }
  assert.fail("the statement succeeded");
}

async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const result = await work();
    await client.query("COMMIT");
    return result;
  } catch (err) {
    await client.query("ROLLBACK");
    throw err;
  }
}

describe("embedded PostgreSQL (PGlite behind pglite-socket)", () => {
  const dir = mkdtempSync(join(tmpdir(), "prelabel-pglite-"));
  let postgres: StartedServer;
  let client: Client;

  before(async () => {
    postgres = await startEmbeddedPostgres({ dir: join(dir, "data"), port: 0, maxConnections: MAX_CONNECTIONS });
    // All at once, as the dev stack starts the services.
    await migrateAll(postgres.url);
    client = new Client({ connectionString: postgres.url });
    await client.connect();
    await client.query("CREATE SCHEMA probe");
  });

  after(async () => {
    await client?.end();
    await postgres?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs every service's migrate script and creates its tables", async () => {
    for (const s of SERVICES) {
      const { rows } = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [s.schema]);
      const tables = new Set(rows.map((r) => r.table_name));
      assert.deepEqual(
        s.tables.filter((t) => !tables.has(t)),
        [],
        `${s.schema} is missing tables`,
      );
    }
    assert.ok((await migrationCount(client)) >= SERVICES.length);
  });

  it("generates uuid keys with gen_random_uuid() (core, no extension)", async () => {
    await client.query(`CREATE TABLE probe.item (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL)`);
    const { rows } = await client.query(`INSERT INTO probe.item (name) VALUES ('a'), ('b') RETURNING id`);
    assert.equal(rows.length, 2);
    for (const { id } of rows) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("reports a partial unique index violation as 23505 naming the index", async () => {
    await client.query(
      `CREATE TABLE probe.job (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), task_id text NOT NULL, status text NOT NULL)`,
    );
    await client.query(`CREATE UNIQUE INDEX job_one_active_per_task ON probe.job (task_id) WHERE status IN ('QUEUED', 'RUNNING')`);
    await client.query(`INSERT INTO probe.job (task_id, status) VALUES ('t1', 'QUEUED')`);
    const err = await failure(client.query(`INSERT INTO probe.job (task_id, status) VALUES ('t1', 'RUNNING')`));
    assert.equal(err.code, "23505");
    assert.equal(err.constraint, "job_one_active_per_task");
    await client.query(`INSERT INTO probe.job (task_id, status) VALUES ('t1', 'COMPLETED'), ('t2', 'RUNNING')`);
  });

  it("inserts ON CONFLICT DO NOTHING … RETURNING and upserts ON CONFLICT DO UPDATE … WHERE IS DISTINCT FROM", async () => {
    await client.query(`CREATE TABLE probe.staged (job_id text, frame integer, shapes jsonb NOT NULL, PRIMARY KEY (job_id, frame))`);
    const stage = `INSERT INTO probe.staged (job_id, frame, shapes) VALUES ($1, $2, $3::jsonb) ON CONFLICT (job_id, frame) DO NOTHING RETURNING frame`;
    assert.deepEqual((await client.query(stage, ["j", 0, "[]"])).rows, [{ frame: 0 }]);
    assert.deepEqual((await client.query(stage, ["j", 0, "[]"])).rows, []);

    await client.query(
      `CREATE TABLE probe.model (id text PRIMARY KEY, name text NOT NULL, labels jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())`,
    );
    const upsert = `INSERT INTO probe.model AS m (id, name, labels) VALUES ($1, $2, $3::jsonb)
      ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, labels = EXCLUDED.labels, updated_at = now()
      WHERE (m.name, m.labels) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.labels)`;
    const labels = JSON.stringify([{ name: "text" }]);
    assert.equal((await client.query(upsert, ["m", "Model", labels])).rowCount, 1);
    assert.equal((await client.query(upsert, ["m", "Model", labels])).rowCount, 0, "unchanged content writes nothing");
    assert.equal((await client.query(upsert, ["m", "Renamed", labels])).rowCount, 1);
  });

  it("handles jsonb parameters, operators and checks, arrays, FILTER and hashtext", async () => {
    await client.query(
      `CREATE TABLE probe.doc (id serial PRIMARY KEY, labels jsonb NOT NULL CHECK (jsonb_typeof(labels) = 'array'), points real[] NOT NULL DEFAULT '{}')`,
    );
    await client.query(`INSERT INTO probe.doc (labels, points) VALUES ($1::jsonb, $2), ('[]'::jsonb, '{}')`, [
      JSON.stringify([{ name: "text", attributes: [{ name: "lang" }] }]),
      [1.5, 2.25],
    ]);
    const { rows } = await client.query(
      `SELECT labels -> 0 ->> 'name' AS name, labels @> '[{"name": "text"}]' AS has_text, points FROM probe.doc WHERE id = ANY($1::int[]) ORDER BY id`,
      [[1]],
    );
    assert.deepEqual(rows, [{ name: "text", has_text: true, points: [1.5, 2.25] }]);
    assert.equal((await failure(client.query(`INSERT INTO probe.doc (labels) VALUES ('{}'::jsonb)`))).code, "23514");
    const counts = await client.query(
      `SELECT count(*) FILTER (WHERE jsonb_array_length(labels) > 0)::int AS labelled, hashtext('job') = hashtext('job') AS stable FROM probe.doc`,
    );
    assert.deepEqual(counts.rows, [{ labelled: 1, stable: true }]);
  });

  it(`serialises transactions from ${POOLS} pools of ${POOL_SIZE} connections (FOR UPDATE, advisory xact locks, rollback)`, async () => {
    await client.query(`CREATE TABLE probe.counter (id text PRIMARY KEY, n integer NOT NULL)`);
    await client.query(`INSERT INTO probe.counter VALUES ('c', 0)`);
    const pools = Array.from({ length: POOLS }, () => new Pool({ connectionString: postgres.url, max: POOL_SIZE }));
    try {
      // Every connection held at once, so the transactions below really run side by side.
      const clients = (await Promise.all(pools.map((p) => Promise.all(Array.from({ length: POOL_SIZE }, () => p.connect()))))).flat();
      assert.equal(clients.length, POOLS * POOL_SIZE);
      const rounds = 4;
      let committed = 0;
      await Promise.all(
        clients.map(async (c, worker) => {
          for (let round = 0; round < rounds; round++) {
            const rollBack = (worker + round) % 3 === 0;
            await inTransaction(c, async () => {
              await c.query(`SELECT pg_advisory_xact_lock_shared($1::int, hashtext($2))`, [7, "job"]);
              await c.query(`SELECT pg_advisory_xact_lock($1::int, hashtext($2))`, [8, "job"]);
              const { rows } = await c.query(`SELECT n FROM probe.counter WHERE id = 'c' FOR UPDATE`);
              await nextTurn(); // invite the other connections in between the read and the write
              await c.query(`UPDATE probe.counter SET n = $1 WHERE id = 'c'`, [rows[0].n + 1]);
              await c.query(`SELECT 1 FROM probe.counter WHERE id = 'c' FOR NO KEY UPDATE`);
              await c.query(`SELECT 1 FROM probe.counter WHERE id = 'c' FOR KEY SHARE`);
              if (rollBack) throw new Error("roll back");
            }).then(
              () => committed++,
              (err: Error) => assert.equal(err.message, "roll back"),
            );
          }
          c.release();
        }),
      );
      assert.ok(committed > 0 && committed < POOLS * POOL_SIZE * rounds);
      assert.deepEqual((await client.query(`SELECT n FROM probe.counter WHERE id = 'c'`)).rows, [{ n: committed }]);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("answers concurrent parameterised queries on many connections with their own parameters", async () => {
    const pools = Array.from({ length: POOLS }, () => new Pool({ connectionString: postgres.url, max: POOL_SIZE }));
    try {
      const answers = await Promise.all(
        Array.from({ length: 300 }, async (_, i) => {
          const pool = pools[i % POOLS];
          const { rows } =
            i % 2 ? await pool.query(`SELECT $1::int AS v`, [i]) : await pool.query(`SELECT $1::text AS v, $2::int AS w`, [String(i), -i]);
          return Number(rows[0].v);
        }),
      );
      assert.deepEqual(
        answers,
        Array.from({ length: 300 }, (_, i) => i),
      );
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });

  it("takes and releases session advisory locks, which do not exclude other connections (one backend session)", async () => {
    const other = new Client({ connectionString: postgres.url });
    await other.connect();
    try {
      await client.query(`SELECT pg_advisory_lock($1)`, [42]);
      // PostgreSQL would answer false here. The services' migration locks rely on this exclusion,
      // so on PGlite only one replica of a service may migrate at a time (the dev stack runs one).
      assert.deepEqual((await other.query(`SELECT pg_try_advisory_lock($1) AS got`, [42])).rows, [{ got: true }]);
      assert.deepEqual((await other.query(`SELECT pg_advisory_unlock($1) AS released`, [42])).rows, [{ released: true }]);
      assert.deepEqual((await client.query(`SELECT pg_advisory_unlock($1) AS released`, [42])).rows, [{ released: true }]);
    } finally {
      await other.end();
    }
  });

  it("refuses a port already in use before opening the data directory", async () => {
    const port = Number(new URL(postgres.url).port);
    await assert.rejects(startEmbeddedPostgres({ dir: join(dir, "other"), port, maxConnections: 1 }), /already in use/);
    assert.equal(existsSync(join(dir, "other")), false);
  });

  it("reopens its data directory after a stop with the data kept and nothing left to migrate", async () => {
    const before = await migrationCount(client);
    await client.end();
    await postgres.stop();
    postgres = await startEmbeddedPostgres({ dir: join(dir, "data"), port: 0, maxConnections: MAX_CONNECTIONS });
    client = new Client({ connectionString: postgres.url });
    await client.connect();
    await migrateAll(postgres.url);
    assert.equal(await migrationCount(client), before);
    assert.deepEqual((await client.query(`SELECT name FROM probe.model`)).rows, [{ name: "Renamed" }]);
  });
});

const natsServer = findExecutable("nats-server", process.env.PATH);

describe("nats-server from PATH", { skip: natsServer ? false : "no nats-server on PATH or in /usr/sbin" }, () => {
  const dir = mkdtempSync(join(tmpdir(), "prelabel-nats-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("starts with JetStream on a free port, takes the topology and a publish, and stops", async () => {
    const started = await startNatsServer({ binary: natsServer!, storeDir: join(dir, "store"), port: await freePort() });
    try {
      const nc = await connect({ servers: started.url, name: "dev-stack-test" });
      try {
        const ns = new NatsNamespace("");
        const topology = loadTopology();
        const jsm = await jetstreamManager(nc);
        await applyTopology(nc, jsm, ns, topology);
        for (const s of topology.streams) assert.equal((await jsm.streams.info(ns.stream(s.name))).config.name, ns.stream(s.name));
        const ack = await jetstream(nc).publish(ns.subject("cmd.task.probe.v1"), "{}", { msgID: "probe-1" });
        assert.equal(ack.stream, ns.stream(Streams.taskCommands));
        assert.equal((await jetstream(nc).publish(ns.subject("cmd.task.probe.v1"), "{}", { msgID: "probe-1" })).duplicate, true);
      } finally {
        await nc.close();
      }
      await assert.rejects(
        startNatsServer({ binary: natsServer!, storeDir: join(dir, "other"), port: Number(new URL(started.url).port) }),
        /already in use/,
      );
    } finally {
      await started.stop();
    }
    assert.throws(() => process.kill(started.pid, 0), { code: "ESRCH" }, "nats-server still runs after stop()");
  });

  it("reports a server that exits before accepting connections, with its output", async () => {
    await assert.rejects(
      startNatsServer({ binary: natsServer!, storeDir: join(dir, "bad"), port: await freePort(), host: "192.0.2.1" }),
      /exited before accepting connections/,
    );
  });
});
