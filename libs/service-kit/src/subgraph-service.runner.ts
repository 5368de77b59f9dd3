import type { BaseContext } from "@apollo/server";
import { Messaging, type ConsumerRef, type TopologyRequirement } from "@prelabel/messaging";
import { createMetricsRegistry, initTracing, type Registry } from "@prelabel/observability";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { subgraphAuth, tracingOptions } from "./config.js";
import { createLogger, type Logger } from "./logger.js";
import { installShutdown, type ShutdownStep } from "./shutdown.js";
import { startSubgraphServer, type HttpRoute, type SubgraphServerOptions } from "./subgraph-server.js";

/** A service's PostgreSQL as its persistence/data-source.ts defines it. */
export interface ServiceDatabase {
  /** A new DataSource, not yet initialised. */
  create(): DataSource;
  /** Runs the pending migrations (under the service's advisory lock); returns the names of those that ran. */
  migrate(dataSource: DataSource): Promise<string[]>;
}

export interface ServiceAppOptions {
  /** The service's name, shown by the NATS server as the connection's name. */
  name: string;
  logger: Logger;
  database: ServiceDatabase;
  /** DB_MIGRATE_ON_START: false where a separate `migrate` step owns the migrations. Default true. */
  migrateOnStart?: boolean;
  nats: { url: string; namespace?: string | undefined };
  /** Where the NATS counters and consumer lag go (the registry served on /metrics); none when omitted. */
  metrics?: Registry;
  /** What the service needs in JetStream (`ServiceTopology.<service>`): checked at start, naming anything missing. */
  topology?: TopologyRequirement;
  /** Durable consumers whose lag is gauged on `metrics`. */
  consumerLag?: readonly ConsumerRef[];
}

/** What `startServiceApp` hands the service's wiring. */
export interface ServiceConnections {
  readonly dataSource: DataSource;
  readonly messaging: Messaging;
  /**
   * A step for close(), and for the cleanup when wiring fails: the service's steps run last registered first
   * (stop what was started last first), then NATS drains, then the pool closes.
   */
  onClose(this: void, name: string, run: () => unknown): void;
}

/** What every started service app has besides its own parts. */
export interface ServiceAppHandle {
  readonly dataSource: DataSource;
  readonly messaging: Messaging;
  /** Readiness: the NATS connection is open and PostgreSQL answers. */
  ready(this: void): Promise<boolean>;
  /** Runs the close steps once (a failing step is logged, the next still runs); later calls wait for the same run. */
  close(this: void): Promise<void>;
}

/**
 * Opens PostgreSQL (migrating unless told not to) and NATS (checking the topology), then lets `wire` build the
 * service on them: its use cases, endpoints and consumers, and the schema. If anything fails on the way, what was
 * opened is closed again before the error is rethrown. main.ts and the integration tests start a service alike.
 */
export async function startServiceApp<T extends object>(
  options: ServiceAppOptions,
  wire: (connections: ServiceConnections) => Promise<T> | T,
): Promise<T & ServiceAppHandle> {
  const { logger, metrics } = options;
  const opened: ShutdownStep[] = [];
  const closeOpened = async () => {
    for (const step of [...opened].reverse()) {
      await step.run().catch((err: unknown) => logger.warn({ err, step: step.name }, "close step failed"));
    }
  };
  const onClose = (name: string, run: () => unknown) => void opened.push({ name, run: async () => void (await run()) });
  try {
    const dataSource = await options.database.create().initialize();
    onClose("database", () => dataSource.isInitialized && dataSource.destroy());
    if (options.migrateOnStart ?? true) await migrate(options.database, dataSource, logger);
    const messaging = await Messaging.connect({ ...options.nats, name: options.name, ...(metrics ? { metrics } : {}) });
    onClose("nats", () => messaging.close());
    if (options.topology) await messaging.verify(options.topology);
    if (metrics && options.consumerLag?.length) messaging.registerConsumerLag(metrics, options.consumerLag);

    const wired = await wire({ dataSource, messaging, onClose });
    let closing: Promise<void> | undefined;
    return {
      ...wired,
      dataSource,
      messaging,
      ready: async () => {
        if (messaging.nc.isClosed() || !dataSource.isInitialized) return false;
        await dataSource.query("SELECT 1");
        return true;
      },
      close: () => (closing ??= closeOpened()),
    };
  } catch (err) {
    await closeOpened();
    throw err;
  }
}

/** The parsed environment a subgraph's main.ts passes (service-kit's commonEnv, httpEnv and identityEnv). */
export type SubgraphServiceConfig = Parameters<typeof tracingOptions>[0] &
  Parameters<typeof subgraphAuth>[0] & {
    readonly LOG_LEVEL: string;
    readonly HOST: string;
    readonly PORT: number;
    readonly SHUTDOWN_GRACE_MS: number;
  };

/** What runSubgraphService serves: a started app (usually through startServiceApp). */
export interface SubgraphApp {
  readonly schema: GraphQLSchema;
  /** Plain HTTP routes the app serves beside /graphql (subgraph-server.ts's HttpRoute). */
  readonly routes?: readonly HttpRoute[];
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

export interface SubgraphServiceRun {
  /** The deployable's name: the logger's, tracing's default service name, the subgraph server's. */
  name: string;
  config: SubgraphServiceConfig;
  /** "migrate": apply the pending migrations and return, serving nothing (`npm run migrate`, an init container). */
  command: "serve" | "migrate";
  database: ServiceDatabase;
  /** Starts the app (app.ts) with this process's logger and its one metrics registry. */
  start(runtime: { logger: Logger; metrics: Registry }): Promise<SubgraphApp>;
  /** The subgraph server's multipart limits and the service's own error codes. */
  server?: Pick<SubgraphServerOptions<BaseContext>, "uploads" | "errorCodes">;
}

export interface RunningSubgraphService {
  url: string;
  /** What SIGTERM/SIGINT run (without exiting): the HTTP server, then the app, then the traces. */
  shutdown(): Promise<void>;
}

/**
 * A subgraph process from its parsed config: `migrate` migrates and returns; `serve` starts tracing, the app and
 * the subgraph server, and installs the ordered shutdown (stop intake, then the app's consumers, NATS and pool).
 * In cloud mode every operation needs the gateway's signed x-prelabel-identity (IDENTITY_PUBLIC_KEY).
 */
export async function runSubgraphService(run: SubgraphServiceRun): Promise<RunningSubgraphService | undefined> {
  const { config, name } = run;
  const logger = createLogger(name, config.LOG_LEVEL);
  if (run.command === "migrate") {
    const dataSource = await run.database.create().initialize();
    try {
      await migrate(run.database, dataSource, logger);
    } finally {
      await dataSource.destroy();
    }
    return undefined;
  }

  const auth = subgraphAuth(config);
  const tracing = initTracing(tracingOptions(config, name));
  // One registry for the GraphQL metrics, the NATS counters and whatever the app measures, served on /metrics.
  const metrics = createMetricsRegistry();
  const app = await run.start({ logger, metrics });
  const server = await startSubgraphServer({
    ...run.server,
    name,
    schema: app.schema,
    host: config.HOST,
    port: config.PORT,
    logger,
    context: () => ({}),
    auth,
    ready: () => app.ready(),
    metrics,
    routes: app.routes,
  }).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  const shutdown = installShutdown(
    logger,
    [
      { name: "http", run: () => server.close() },
      { name: "app, nats and database", run: () => app.close() },
      { name: "traces", run: () => tracing.shutdown() },
    ],
    config.SHUTDOWN_GRACE_MS,
  );
  return { url: server.url, shutdown };
}

/** The parsed variables every subgraph maps to its app's connections (service-kit's databaseEnv and commonEnv). */
export interface ConnectionConfig {
  readonly DATABASE_URL: string;
  readonly DATABASE_POOL_SIZE: number;
  readonly NATS_URL: string;
  readonly NATS_NAMESPACE?: string | undefined;
  readonly DB_MIGRATE_ON_START: boolean;
}

/** Parsed config → the database, NATS and migrate-on-start options a subgraph's app starts with. */
export function connectionOptions(config: ConnectionConfig): {
  database: { url: string; poolSize: number };
  nats: { url: string; namespace: string | undefined };
  migrateOnStart: boolean;
} {
  return {
    database: { url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE },
    nats: { url: config.NATS_URL, namespace: config.NATS_NAMESPACE },
    migrateOnStart: config.DB_MIGRATE_ON_START,
  };
}

/** A subgraph's command line: `main.js migrate` migrates and exits; anything else serves. */
export function subgraphCommand(argv: readonly string[]): SubgraphServiceRun["command"] {
  return argv[0] === "migrate" ? "migrate" : "serve";
}

async function migrate(database: ServiceDatabase, dataSource: DataSource, logger: Logger): Promise<void> {
  const ran = await database.migrate(dataSource);
  logger.info({ migrations: ran }, ran.length ? "migrations applied" : "no pending migrations");
}
