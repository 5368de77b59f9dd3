import { spawnReady, stopProcesses, type RunningProcess } from "./deployable.launcher.js";
import { REPO_ROOT, type ComponentName } from "./deployables.js";

export { REPO_ROOT, type ComponentName };

export interface StackOptions {
  databaseUrl: string;
  natsUrl: string;
  natsNamespace?: string;
  /** Worker replicas to start (each is its own process, as in Kubernetes). */
  workers?: number;
  /** Extra environment for every process (e.g. IMPORT_ROOT). */
  env?: Record<string, string>;
  /** Extra environment for the gateway alone (e.g. IDENTITY_PRIVATE_KEY, which no other process may hold). */
  gatewayEnv?: Record<string, string>;
  /**
   * Extra environment per component, over `env` (the dev stack's allow-listed variables). The launcher's own
   * variables win over both: HOST, PORT, WORKER_ID and the gateway's subgraph URLs.
   */
  componentEnv?: Partial<Record<ComponentName, Record<string, string>>>;
  /** Node options per component, before its entry point (benches: `--cpu-prof --cpu-prof-dir=<dir>`). */
  componentNodeArgs?: Partial<Record<ComponentName, readonly string[]>>;
  /** Where each process's output goes; defaults to a temp folder. */
  logDir: string;
  /** Fixed ports (the dev stack); omitted → free ports (tests). */
  ports?: Partial<Record<Exclude<ComponentName, "inference-worker">, number>>;
  log?: (line: string) => void;
}

/** How a process stopped on SIGTERM (as Kubernetes stops a pod), and what replaced it. */
export interface Restarted {
  /** Exit code after SIGTERM; null when it had to be SIGKILLed. */
  exitCode: number | null;
  /** From SIGTERM to exit. */
  stoppedInMs: number;
  replacement: RunningProcess;
}

export interface RunningStack {
  gatewayUrl: string;
  processes: RunningProcess[];
  /** Starts another worker replica and waits until it is ready. */
  startWorker(): Promise<RunningProcess>;
  /**
   * A rolling restart of one process: SIGTERM, wait for it to exit (SIGKILL after `killAfterMs`), then start the same
   * component again with the same environment (a subgraph on the same port; a worker as a new replica).
   */
  restart(proc: RunningProcess, options?: { killAfterMs?: number }): Promise<Restarted>;
  /** Stops everything with SIGTERM (SIGKILL after a grace period). */
  stop(): Promise<void>;
}

/** Starts the whole system as separate processes, in dependency order, each waited on until ready. */
export async function startStack(options: StackOptions): Promise<RunningStack> {
  const processes: RunningProcess[] = [];
  const common: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    NATS_URL: options.natsUrl,
    DATABASE_URL: options.databaseUrl,
    LOG_LEVEL: "info",
    ...(options.natsNamespace ? { NATS_NAMESPACE: options.natsNamespace } : {}),
    ...options.env,
  };
  const componentEnv = { ...options.componentEnv, gateway: { ...options.componentEnv?.gateway, ...options.gatewayEnv } };
  let workerCount = 0;
  const launched = new Map<RunningProcess, { component: ComponentName; env: Record<string, string> }>();

  /** Without `port`, a free one (spawned again on another if it is taken meanwhile: see spawnReady). */
  const launch = async (component: ComponentName, env: Record<string, string>, port?: number): Promise<RunningProcess> => {
    const name = component === "inference-worker" ? `inference-worker-${++workerCount}` : component;
    const attempts: RunningProcess[] = [];
    const proc = await spawnReady(
      component,
      {
        name,
        port,
        logDir: options.logDir,
        env: { ...common, ...componentEnv[component], ...env },
        nodeArgs: options.componentNodeArgs?.[component],
      },
      (spawned) => {
        attempts.push(spawned);
        processes.push(spawned);
        options.log?.(`started ${name} (pid ${spawned.child.pid}, port ${spawned.port})`);
      },
    );
    // An attempt that lost its port has exited: the stack lists only the process that runs.
    for (const lost of attempts) if (lost !== proc) processes.splice(processes.indexOf(lost), 1);
    launched.set(proc, { component, env });
    return proc;
  };

  try {
    // The subgraphs' actual ports go to the gateway, which starts after them.
    const [task, model, job, identity] = await Promise.all([
      launch("task", {}, options.ports?.task),
      launch("model-registry", {}, options.ports?.["model-registry"]),
      launch("annotation-job", {}, options.ports?.["annotation-job"]),
      launch("identity", {}, options.ports?.identity),
    ]);
    const startWorker = async () => launch("inference-worker", { WORKER_ID: `worker-${workerCount + 1}` });
    for (let i = 0; i < (options.workers ?? 1); i++) await startWorker();
    const gateway = await launch(
      "gateway",
      {
        TASK_URL: `http://127.0.0.1:${task.port}/graphql`,
        MODEL_REGISTRY_URL: `http://127.0.0.1:${model.port}/graphql`,
        ANNOTATION_JOB_URL: `http://127.0.0.1:${job.port}/graphql`,
        IDENTITY_URL: `http://127.0.0.1:${identity.port}/graphql`,
      },
      options.ports?.gateway,
    );
    const gatewayPort = gateway.port;
    return {
      gatewayUrl: `http://127.0.0.1:${gatewayPort}/graphql`,
      processes,
      startWorker,
      restart: async (proc, { killAfterMs = 30_000 } = {}) => {
        const how = launched.get(proc);
        if (!how) throw new Error(`${proc.name} was not started by this stack`);
        const started = Date.now();
        proc.child.kill("SIGTERM");
        const timer = setTimeout(() => proc.child.kill("SIGKILL"), killAfterMs);
        const exitCode = await proc.exited;
        clearTimeout(timer);
        const stoppedInMs = Date.now() - started;
        processes.splice(processes.indexOf(proc), 1);
        launched.delete(proc);
        const replacement =
          how.component === "inference-worker"
            ? await launch("inference-worker", { ...how.env, WORKER_ID: `worker-${workerCount + 1}` })
            : await launch(how.component, how.env, proc.port);
        return { exitCode, stoppedInMs, replacement };
      },
      stop: () => stopProcesses(processes),
    };
  } catch (err) {
    await stopProcesses(processes);
    throw err;
  }
}
