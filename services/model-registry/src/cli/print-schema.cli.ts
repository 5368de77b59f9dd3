import "reflect-metadata";
import { printSubgraphSdl, runSchemaPrinter } from "@prelabel/service-kit";
import { HuggingFaceOnnxImportService } from "../application/hf-onnx-import.service.js";
import { HubModelService } from "../application/hub-model.service.js";
import { ModelRegistryService } from "../application/model-registry.service.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { ModelUploadService } from "../application/model-upload.service.js";
import { NuclioFunctionService } from "../application/nuclio-function.service.js";
import { buildModelRegistrySchema } from "../subgraph.js";

/** Printing needs only the schema's shape: resolvers are never called. */
const unavailable = () => Promise.reject(new Error("no database or NATS while printing the schema"));
const noRepository: ModelRepository = {
  list: unavailable,
  findById: unavailable,
  findReference: unavailable,
  upsert: unavailable,
  withArtifactsLocked: unavailable,
};

export async function printModelRegistrySdl(): Promise<string> {
  const uploads = new ModelUploadService({
    repository: noRepository,
    inspector: { inspect: unavailable },
    trials: { trial: unavailable },
    artifacts: { has: unavailable, put: unavailable, delete: unavailable },
    newIdSuffix: () => "",
  });
  const hubModels = new HubModelService({
    mode: "self-hosted",
    repository: { ...noRepository, updateHubCredential: unavailable },
    newIdSuffix: () => "",
  });
  const onnxImports = new HuggingFaceOnnxImportService({ mode: "self-hosted", uploads, maxBytes: 1 });
  return printSubgraphSdl(
    await buildModelRegistrySchema({
      registry: new ModelRegistryService(noRepository),
      uploads,
      hubModels,
      onnxImports,
      nuclioFunctions: new NuclioFunctionService({
        repository: noRepository,
        store: { applyDiscovered: unavailable, countHandRegistered: unavailable },
        policy: { check: unavailable },
        maxFunctionsPerTenant: 0,
        newIdSuffix: () => "",
      }),
      nuclioSync: null,
      maxUploadBytes: 1,
    }),
  );
}

if (require.main === module) {
  runSchemaPrinter(printModelRegistrySdl, "@prelabel/model-registry", process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
