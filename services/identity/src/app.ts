import "reflect-metadata";
import type { Registry } from "prom-client";
import type { Messaging } from "@prelabel/messaging";
import { startServiceApp, type Logger } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { DataSource } from "typeorm";
import { IdentityService } from "./application/identity.service.js";
import { serveAuthenticateApiKey } from "./messaging/endpoints/authenticate-api-key.endpoint.js";
import { identityDatabase, type DatabaseOptions } from "./persistence/data-source.js";
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
export function startIdentity(options: IdentityAppOptions): Promise<IdentityApp> {
  const { logger } = options;
  return startServiceApp(
    { ...options, name: "identity", database: identityDatabase(options.database) },
    async ({ dataSource, messaging, onClose }) => {
      const identity = new IdentityService(new TypeormIdentityRepository(dataSource));
      const endpoint = serveAuthenticateApiKey(messaging, identity, logger);
      onClose("authenticate-api-key", () => endpoint.unsubscribe());
      return { schema: await buildIdentitySchema({ identity }), identity };
    },
  );
}
