import type { Messaging } from "@prelabel/messaging";
import { ModelDirectoryClient } from "../../src/clients/model-directory.client.js";
import { createModelCatalog, createOrtSession, ModelResolver, type ModelResolverDeps } from "../../src/inference/index.js";

/**
 * A ModelResolver wired as app.ts wires it, for a test: models described over `messaging` (a stand-in registry),
 * built catalog files not checked against a manifest, one ORT thread; `deps` adds the rest (artifacts, hubs, runners).
 */
export function testModelResolver(
  messaging: Messaging,
  deps: Pick<ModelResolverDeps, "fetchArtifact"> & Partial<ModelResolverDeps>,
): ModelResolver {
  return new ModelResolver({
    catalog: createModelCatalog({ intraOpNumThreads: 1 }),
    directory: new ModelDirectoryClient(messaging),
    expectArtifacts: () => undefined,
    uploadContext: { createSession: createOrtSession, sessionOptions: { intraOpNumThreads: 1 } },
    ...deps,
  });
}
