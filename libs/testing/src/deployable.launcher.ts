import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { deployable, REPO_ROOT, type ComponentName } from "./deployables.js";

export interface RunningProcess {
  name: string;
  port: number;
  child: ChildProcess;
  exited: Promise<number | null>;
}

export interface DeployableLaunch {
  /** The process's whole environment (nothing is inherited); HOST and PORT are added. */
  env: Record<string, string>;
  /** Its stdout and stderr are appended to `<logDir>/<name>.log`. */
  logDir: string;
  /** A free one when omitted. */
  port?: number;
  /** Process and log file name; the component's by default. */
  name?: string;
  /** Node options before the entry point (e.g. `--cpu-prof`, which NODE_OPTIONS does not allow). */
  nodeArgs?: readonly string[];
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => res(port));
    });
  });
}

function mainOf(component: ComponentName): string {
  const dir = join(REPO_ROOT, deployable(component).dir);
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { main: string };
  return join(dir, pkg.main);
}

/**
 * Spawns a deployable's build output (`node <its package.json main>`) listening on 127.0.0.1:`port`, as it runs in
 * production: its own process, configured by its environment. Returns at once; waitReady waits for it.
 */
export function spawnDeployable(component: ComponentName, launch: DeployableLaunch & { port: number }): RunningProcess {
  const name = launch.name ?? component;
  mkdirSync(launch.logDir, { recursive: true });
  const out = createWriteStream(join(launch.logDir, `${name}.log`), { flags: "a" });
  const child = spawn(process.execPath, [...(launch.nodeArgs ?? []), mainOf(component)], {
    env: { ...launch.env, HOST: "127.0.0.1", PORT: String(launch.port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { name, port: launch.port, child, exited };
}

/**
 * Polls the process's /readyz until it answers 200. The gateway's own stays ready while a subgraph is down: tests want
 * every subgraph up (strict). Two minutes: on two cores shared with Chromium and another suite's stack, a service's
 * start (migrations, schema build) has taken over a minute; a process that dies fails at once anyway.
 */
export async function waitReady(proc: RunningProcess, component: ComponentName, timeoutMs = 120_000): Promise<void> {
  const url = `http://127.0.0.1:${proc.port}/readyz${component === "gateway" ? "?strict" : ""}`;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void proc.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${proc.name} exited before becoming ready (see its log)`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${proc.name} was not ready at ${url} within ${timeoutMs} ms`);
}

/**
 * One deployable as its own process, ready: for tests that put a real service behind what they test without
 * importing it. Stopped again when it does not get ready.
 */
export async function startDeployable(component: ComponentName, launch: DeployableLaunch): Promise<RunningProcess> {
  let proc: RunningProcess | undefined;
  try {
    return await spawnReady(component, launch, (p) => (proc = p));
  } catch (err) {
    if (proc) await stopProcesses([proc]);
    throw new Error(`${(err as Error).message}; logs in ${launch.logDir}`, { cause: err });
  }
}

/** How often a deployable given a free port may find it taken by the time it listens (another run's process got it). */
const PORT_ATTEMPTS = 5;

/**
 * Spawns the deployable and waits until it is ready. Without a fixed port it gets a free one; freePort() can only
 * release the port it found, so another suite's process may bind it before this one does: a process that exits with
 * EADDRINUSE on that port is spawned again on a new one. `onSpawn` sees every process spawned (for clean-up).
 */
export async function spawnReady(
  component: ComponentName,
  launch: DeployableLaunch,
  onSpawn: (proc: RunningProcess) => void = () => undefined,
): Promise<RunningProcess> {
  for (let attempt = 1; ; attempt++) {
    const port = launch.port ?? (await freePort());
    const proc = spawnDeployable(component, { ...launch, port });
    onSpawn(proc);
    try {
      await waitReady(proc, component);
      return proc;
    } catch (err) {
      const retry = launch.port === undefined && attempt < PORT_ATTEMPTS && (await proc.exited.then(() => lostPort(launch, proc)));
      if (!retry) throw err;
    }
  }
}

/** Whether the process's log says its port was taken. */
function lostPort(launch: DeployableLaunch, proc: RunningProcess): boolean {
  try {
    const log = readFileSync(join(launch.logDir, `${proc.name}.log`), "utf8");
    return log.includes(`EADDRINUSE: address already in use 127.0.0.1:${proc.port}`);
  } catch {
    return false;
  }
}

/** SIGTERM to every process still running (the last started first), SIGKILL after a grace period; resolves once all have exited. */
export async function stopProcesses(processes: readonly RunningProcess[]): Promise<void> {
  await Promise.all(
    [...processes].reverse().map(async (p) => {
      if (p.child.exitCode !== null || p.child.signalCode !== null) return;
      p.child.kill("SIGTERM");
      const timer = setTimeout(() => p.child.kill("SIGKILL"), 15_000);
      await p.exited;
      clearTimeout(timer);
    }),
  );
}
