import "reflect-metadata";
import { buildFederatedSchema } from "@prelabel/service-kit";
import type { GraphQLSchema } from "graphql";
import { GraphQLDateTime } from "graphql-scalars";
import type { ModelRegistryService } from "./application/model-registry.service.js";
import type { HuggingFaceOnnxImportService } from "./application/hf-onnx-import.service.js";
import type { HubModelService } from "./application/hub-model.service.js";
import type { ModelUploadService } from "./application/model-upload.service.js";
import type { NuclioFunctionService } from "./application/nuclio-function.service.js";
import type { NuclioSyncService } from "./application/nuclio-sync.service.js";
import { HubModelResolver } from "./graphql/model/hub-model.resolver.js";
import { resolveModelReference } from "./graphql/model/model.reference.js";
import { ModelResolver } from "./graphql/model/model.resolver.js";
import { ModelUploadResolver } from "./graphql/model/model-upload.resolver.js";
import { NuclioFunctionResolver } from "./graphql/model/nuclio-function.resolver.js";

export interface ModelRegistrySubgraphDeps {
  registry: ModelRegistryService;
  uploads: ModelUploadService;
  hubModels: HubModelService;
  /** importHuggingFaceOnnxModel (CLOUD_ONLY in self-hosted mode). */
  onnxImports: HuggingFaceOnnxImportService;
  /** addNuclioFunction. */
  nuclioFunctions: NuclioFunctionService;
  /** The dashboard sync; null when NUCLIO_DASHBOARD_URL is unset. */
  nuclioSync: NuclioSyncService | null;
  /** MODEL_UPLOAD_MAX_BYTES. */
  maxUploadBytes: number;
  /** Where uploads are spooled before they are checked; the OS temp dir when unset. */
  spoolDir?: string;
}

/** The model-registry subgraph schema; never listens (main.ts serves it, tests call graphql() on it). */
export function buildModelRegistrySchema(deps: ModelRegistrySubgraphDeps): Promise<GraphQLSchema> {
  const resolvers = new Map<unknown, unknown>([
    [ModelResolver, new ModelResolver(deps.registry)],
    [ModelUploadResolver, new ModelUploadResolver({ uploads: deps.uploads, maxUploadBytes: deps.maxUploadBytes, spoolDir: deps.spoolDir })],
    [HubModelResolver, new HubModelResolver(deps.hubModels, deps.onnxImports)],
    [NuclioFunctionResolver, new NuclioFunctionResolver({ functions: deps.nuclioFunctions, sync: deps.nuclioSync })],
  ]);
  return buildFederatedSchema({
    resolvers: [ModelResolver, ModelUploadResolver, HubModelResolver, NuclioFunctionResolver],
    // The same DateTime scalar as the task subgraph.
    scalarsMap: [{ type: Date, scalar: GraphQLDateTime }],
    container: {
      get: (someClass) => {
        const instance = resolvers.get(someClass);
        if (!instance) throw new Error(`No resolver instance for ${(someClass as { name?: string }).name ?? "a class"}`);
        return instance;
      },
    },
    referenceResolvers: { Model: (reference, context) => resolveModelReference(deps.registry)(reference, context) },
  });
}
