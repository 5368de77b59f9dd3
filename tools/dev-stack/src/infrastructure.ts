import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { join } from "node:path";
import { Client } from "pg";

export interface Infrastructure {
  databaseUrl: string;
  natsUrl: string;
  describe: string[];
  stop(): Promise<void>;
}

export function reachable(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = netConnect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!exists.rowCount) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The local PostgreSQL and NATS when reachable; otherwise an embedded PostgreSQL (PGlite behind
 * pglite-socket) and a `nats-server -js` from PATH, or a message naming what to install.
 */
export async function provideInfrastructure(dataDir: string, env: { DATABASE_URL?: string; NATS_URL?: string }): Promise<Infrastructure> {
  const stops: (() => Promise<void>)[] = [];
  const describe: string[] = [];
  let databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    if (await reachable("127.0.0.1", 5432)) {
      databaseUrl = await ensureDatabase("postgres://postgres@127.0.0.1:5432/postgres", "prelabel");
      describe.push("PostgreSQL: local server on 127.0.0.1:5432, database prelabel");
    } else {
      const { PGlite } = await import("@electric-sql/pglite");
      const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
      const dir = join(dataDir, "pglite");
      mkdirSync(dir, { recursive: true });
      const db = await PGlite.create(dir);
      // Pools of four services share one embedded server: leave headroom above their sum.
      const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 54329, maxConnections: 40 });
      await server.start();
      stops.push(async () => {
        await server.stop();
        await db.close();
      });
      databaseUrl = "postgres://postgres@127.0.0.1:54329/postgres";
      describe.push(`PostgreSQL: embedded PGlite in ${dir} on 127.0.0.1:54329`);
    }
  } else describe.push("PostgreSQL: DATABASE_URL");

  let natsUrl = env.NATS_URL;
  if (!natsUrl) {
    if (await reachable("127.0.0.1", 4222)) {
      natsUrl = "nats://127.0.0.1:4222";
      describe.push("NATS: local server on 127.0.0.1:4222");
    } else {
      const found = spawnSync("sh", ["-c", "command -v nats-server"], { encoding: "utf8" }).stdout.trim();
      if (!found) {
        throw new Error(
          "NATS is not reachable on 127.0.0.1:4222 and no nats-server is on PATH. Install it (Debian: apt-get install nats-server) or set NATS_URL.",
        );
      }
      const store = join(dataDir, "nats");
      mkdirSync(store, { recursive: true });
      const child: ChildProcess = spawn(found, ["-a", "127.0.0.1", "-p", "42229", "-js", "-sd", store], { stdio: "ignore" });
      stops.push(async () => {
        child.kill("SIGTERM");
      });
      for (let i = 0; i < 50 && !(await reachable("127.0.0.1", 42229)); i++) await new Promise((r) => setTimeout(r, 100));
      natsUrl = "nats://127.0.0.1:42229";
      describe.push(`NATS: ${found} -js on 127.0.0.1:42229, store ${store}`);
    }
  } else describe.push("NATS: NATS_URL");

  return {
    databaseUrl,
    natsUrl,
    describe,
    stop: async () => {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}
