import "reflect-metadata";
import { buildFederatedSchema } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import type { ModelRegistry } from "./domain/model-registry.js";
import { resolveModelReference } from "./graphql/model/model.reference.js";
import { ModelResolver } from "./graphql/model/model.resolver.js";

export interface ModelRegistrySubgraphDeps {
  registry: ModelRegistry;
}

/** The model-registry subgraph schema; never listens (main.ts serves it, tests call graphql() on it). */
export function buildModelRegistrySchema(deps: ModelRegistrySubgraphDeps): Promise<GraphQLSchema> {
  const resolvers = new Map<unknown, unknown>([[ModelResolver, new ModelResolver(deps.registry)]]);
  return buildFederatedSchema({
    resolvers: [ModelResolver],
    container: {
      get: (someClass) => {
        const instance = resolvers.get(someClass);
        if (!instance) throw new Error(`No resolver instance for ${(someClass as { name?: string }).name ?? "a class"}`);
        return instance;
      },
    },
    referenceResolvers: { Model: (reference) => resolveModelReference(deps.registry)(reference) },
  });
}
