import "reflect-metadata";
import { buildFederatedSchema } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import type { IdentityService } from "./application/identity.service.js";
import { IdentityResolver } from "./graphql/identity.resolver.js";

/** The identity subgraph schema; never listens. */
export function buildIdentitySchema(deps: { identity: IdentityService }): Promise<GraphQLSchema> {
  const resolver = new IdentityResolver(deps.identity);
  return buildFederatedSchema({
    resolvers: [IdentityResolver],
    // The same DateTime scalar as the other subgraphs.
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    container: {
      get: (someClass) => {
        if (someClass !== IdentityResolver)
          throw new Error(`No resolver instance for ${(someClass as { name?: string }).name ?? "a class"}`);
        return resolver;
      },
    },
  });
}
