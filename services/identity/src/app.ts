import "reflect-metadata";
import type { Registry } from "prom-client";
import type { Subscription } from "@nats-io/transport-node";
import { Messaging } from "@prelabel/messaging";
import type { Logger } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { IdentityService } from "./domain/identity.service.js";
import { serveAuthenticateApiKey } from "./messaging/authenticate-api-key.endpoint.js";
import { createDataSource, runMigrations, type DatabaseOptions } from "./persistence/data-source.js";
import { TypeormIdentityRepository } from "./persistence/typeorm-identity.repository.js";
import { buildIdentitySchema } from "./subgraph.js";

export interface IdentityAppOptions {
  database: DatabaseOptions;
  nats: { url: string; namespace?: string };
  logger: Logger;
  /** DB_MIGRATE_ON_START: false when a separate `migrate` step owns the migrations. Default true. */
  migrateOnStart?: boolean;
  /** Where the NATS counters go (the registry the subgraph server serves on /metrics); none when omitted. */
  metrics?: Registry;
}

export interface IdentityApp {
  schema: GraphQLSchema;
  identity: IdentityService;
  dataSource: DataSource;
  messaging: Messaging;
  ready(): Promise<boolean>;
  close(): Promise<void>;
}

/** Everything but the HTTP listener: migrate, answer authenticate-api-key, build the schema. */
export async function startIdentity(options: IdentityAppOptions): Promise<IdentityApp> {
  const { logger } = options;
  const dataSource = createDataSource(options.database);
  await dataSource.initialize();
  let messaging: Messaging | undefined;
  let endpoint: Subscription | undefined;
  try {
    if (options.migrateOnStart ?? true) {
      const ran = await runMigrations(dataSource);
      logger.info({ migrations: ran }, ran.length ? "migrations applied" : "no pending migrations");
    }
    const identity = new IdentityService(new TypeormIdentityRepository(dataSource));
    messaging = await Messaging.connect({ url: options.nats.url, namespace: options.nats.namespace, name: "identity", ...(options.metrics ? { metrics: options.metrics } : {}) });
    endpoint = serveAuthenticateApiKey(messaging, identity, logger);
    const schema = await buildIdentitySchema({ identity });
    const connected = messaging;
    const subscription = endpoint;
    return {
      schema,
      identity,
      dataSource,
      messaging: connected,
      ready: async () => {
        if (connected.nc.isClosed()) return false;
        await dataSource.query("SELECT 1");
        return true;
      },
      close: async () => {
        subscription.unsubscribe();
        await connected.close();
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
  } catch (err) {
    endpoint?.unsubscribe();
    await messaging?.close().catch(() => undefined);
    await dataSource.destroy().catch(() => undefined);
    throw err;
  }
}
