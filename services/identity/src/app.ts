import "reflect-metadata";
import { startServiceApp, type ServiceAppHandle, type ServiceAppOptions } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { IdentityService } from "./application/identity.service.js";
import { serveAuthenticateApiKey } from "./messaging/endpoints/authenticate-api-key.endpoint.js";
import { identityDatabase, type DatabaseOptions } from "./persistence/data-source.js";
import { TypeormIdentityRepository } from "./persistence/typeorm-identity.repository.js";
import { buildIdentitySchema } from "./subgraph.js";

/** The runner's connection options (service-kit's ServiceAppOptions) and this service's database. */
export interface IdentityAppOptions extends Pick<ServiceAppOptions, "logger" | "nats" | "migrateOnStart" | "metrics"> {
  database: DatabaseOptions;
}

export interface IdentityApp extends ServiceAppHandle {
  schema: GraphQLSchema;
  identity: IdentityService;
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
