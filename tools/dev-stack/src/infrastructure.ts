import { spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, statSync } from "node:fs";
import { connect as netConnect } from "node:net";
import { delimiter, join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { Client } from "pg";
import { pinSessionPerBatch } from "./pglite-session.scheduler.js";

export interface Infrastructure {
  databaseUrl: string;
  natsUrl: string;
  describe: string[];
  stop(): Promise<void>;
}

/** A server this process started. */
export interface StartedServer {
  url: string;
  /** Stops the server and resolves once it has; calling it again returns the same promise. */
  stop(): Promise<void>;
}

export interface StartedNatsServer extends StartedServer {
  pid: number;
}

export interface EmbeddedPostgresOptions {
  /** The data directory: created when missing, reopened with its data when present. */
  dir: string;
  host?: string;
  /** 0 picks a free port (read it from the returned url). */
  port: number;
  /**
   * PGlite is one backend session; pglite-socket multiplexes up to this many connections onto it
   * (its default is 1) and closes the rest. Set it to at least the sum of every client's pool size.
   */
  maxConnections: number;
}

export interface NatsServerOptions {
  /** The nats-server executable (see findExecutable). */
  binary: string;
  /** JetStream's store directory; created when missing. */
  storeDir: string;
  host?: string;
  port: number;
  readyTimeoutMs?: number;
}

const LOCAL_PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const EMBEDDED_POSTGRES_PORT = 54329;
const EMBEDDED_NATS_PORT = 42229;
/** Four services' pools (DATABASE_POOL_SIZE, 5 by default) plus migration runners, with headroom. */
const EMBEDDED_MAX_CONNECTIONS = 40;
/** Debian's nats-server package installs here, which is often not on a non-root user's PATH. */
const SBIN_DIRS = ["/usr/local/sbin", "/usr/sbin"];

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

/** The first executable file called `name` on PATH, then in the sbin directories. */
export function findExecutable(name: string, path = ""): string | undefined {
  for (const dir of [...path.split(delimiter).filter(Boolean), ...SBIN_DIRS]) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * PGlite (PostgreSQL in WebAssembly, in this process) on a data directory, served over TCP by
 * pglite-socket so every service connects with its ordinary `pg` pool.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<StartedServer> {
  const host = options.host ?? "127.0.0.1";
  // Checked before the directory is opened: a second PGlite on a directory in use would corrupt it.
  if (options.port !== 0 && (await reachable(host, options.port))) {
    throw new Error(
      `Cannot start the embedded PostgreSQL: ${host}:${options.port} is already in use (another dev stack?). Stop it or set DATABASE_URL.`,
    );
  }
  const { PGlite } = await import("@electric-sql/pglite");
  const { PGLiteSocketServer } = await import("@electric-sql/pglite-socket");
  // PGlite.create does not create missing directories.
  mkdirSync(options.dir, { recursive: true });
  const db = await PGlite.create(options.dir).catch((err: unknown) => {
    throw new Error(`Cannot open the embedded PostgreSQL in ${options.dir} (delete the directory to start afresh)`, { cause: err });
  });
  const server = new PGLiteSocketServer({ db, host, port: options.port, maxConnections: options.maxConnections });
  // Several connections on one session: keep each extended-protocol batch together (see the scheduler's comment).
  pinSessionPerBatch(server as unknown as { queryQueue?: unknown });
  try {
    await server.start();
  } catch (err) {
    await db.close();
    throw new Error(`Cannot serve the embedded PostgreSQL on ${host}:${options.port}`, { cause: err });
  }
  let stopped: Promise<void> | undefined;
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    stop: () =>
      (stopped ??= (async () => {
        await server.stop();
        await db.close();
      })()),
  };
}

/**
 * `nats-server -js` as a child process, stopped with this process at the latest. Resolves once it
 * accepts connections; rejects with the server's own output when it exits or stalls first.
 */
export async function startNatsServer(options: NatsServerOptions): Promise<StartedNatsServer> {
  const host = options.host ?? "127.0.0.1";
  if (await reachable(host, options.port)) {
    throw new Error(
      `Cannot start nats-server: ${host}:${options.port} is already in use (a nats-server left by an earlier run?). Stop it or set NATS_URL.`,
    );
  }
  mkdirSync(options.storeDir, { recursive: true });
  const child = spawn(options.binary, ["-a", host, "-p", String(options.port), "-js", "-sd", options.storeDir], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let output = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output = (output + chunk).slice(-4_000)));
  let exit: string | undefined;
  const exited = new Promise<void>((resolve) => {
    const done = (why: string) => {
      exit ??= why;
      resolve();
    };
    child.once("exit", (code, signal) => done(signal ? `signal ${signal}` : `exit code ${code}`));
    child.once("error", (err) => done(err.message));
  });
  const killWithUs = () => child.kill("SIGKILL");
  process.once("exit", killWithUs);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener("exit", killWithUs);
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    })());

  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  while (!(await reachable(host, options.port))) {
    const problem =
      exit !== undefined
        ? `exited before accepting connections (${exit})`
        : Date.now() > deadline
          ? `did not accept connections on ${host}:${options.port} within ${timeoutMs} ms`
          : undefined;
    if (problem) {
      await stop();
      // Its last lines say why (e.g. "[FTL] Error listening on port").
      const last = output.trim().split("\n").slice(-3).join("\n");
      throw new Error(`${options.binary} ${problem}${last ? `:\n${last}` : ""}`);
    }
    await delay(100);
  }
  return { url: `nats://${host}:${options.port}`, pid: child.pid!, stop };
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

interface Provided {
  url: string;
  describe: string;
  stop?: () => Promise<void>;
}

async function providePostgres(dataDir: string, url: string | undefined): Promise<Provided> {
  if (url) return { url, describe: "PostgreSQL: DATABASE_URL" };
  if (await reachable("127.0.0.1", 5432)) {
    return {
      url: await ensureDatabase(LOCAL_PG_ADMIN_URL, "prelabel"),
      describe: "PostgreSQL: local server on 127.0.0.1:5432, database prelabel",
    };
  }
  const dir = join(dataDir, "pglite");
  const embedded = await startEmbeddedPostgres({ dir, port: EMBEDDED_POSTGRES_PORT, maxConnections: EMBEDDED_MAX_CONNECTIONS });
  return { ...embedded, describe: `PostgreSQL: embedded PGlite in ${dir} on 127.0.0.1:${EMBEDDED_POSTGRES_PORT}` };
}

async function provideNats(dataDir: string, url: string | undefined, path: string | undefined): Promise<Provided> {
  if (url) return { url, describe: "NATS: NATS_URL" };
  if (await reachable("127.0.0.1", 4222)) return { url: "nats://127.0.0.1:4222", describe: "NATS: local server on 127.0.0.1:4222" };
  const binary = findExecutable("nats-server", path);
  if (!binary) {
    throw new Error(
      "NATS is not reachable on 127.0.0.1:4222 and no nats-server is on PATH or in /usr/sbin. Install it (Debian: apt-get install nats-server) or set NATS_URL.",
    );
  }
  const storeDir = join(dataDir, "nats");
  const started = await startNatsServer({ binary, storeDir, port: EMBEDDED_NATS_PORT });
  return { ...started, describe: `NATS: ${binary} -js on 127.0.0.1:${EMBEDDED_NATS_PORT}, store ${storeDir}` };
}

/**
 * The local PostgreSQL and NATS when reachable; otherwise an embedded PostgreSQL (PGlite behind
 * pglite-socket) and a `nats-server -js` from PATH, or a message naming what to install.
 */
export async function provideInfrastructure(
  dataDir: string,
  env: { DATABASE_URL?: string; NATS_URL?: string; PATH?: string },
): Promise<Infrastructure> {
  const postgres = await providePostgres(dataDir, env.DATABASE_URL);
  const nats = await provideNats(dataDir, env.NATS_URL, env.PATH).catch(async (err: unknown) => {
    await postgres.stop?.();
    throw err;
  });
  return {
    databaseUrl: postgres.url,
    natsUrl: nats.url,
    describe: [postgres.describe, nats.describe],
    stop: async () => {
      await Promise.allSettled([nats.stop?.(), postgres.stop?.()]);
    },
  };
}
