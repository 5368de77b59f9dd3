import "reflect-metadata";
import { readFileSync, writeFileSync } from "node:fs";
import { printSubgraphSdl } from "@prelabel/service-kit";
import { HuggingFaceOnnxImportService } from "../domain/hf-onnx-import.service.js";
import { HubModelService } from "../domain/hub-model.service.js";
import { ModelRegistry } from "../domain/model-registry.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { ModelUploadService } from "../domain/model-upload.service.js";
import { buildModelRegistrySchema } from "../subgraph.js";

/** Printing needs only the schema's shape: resolvers are never called. */
const unavailable = () => Promise.reject(new Error("no database or NATS while printing the schema"));
const noRepository: ModelRepository = { list: unavailable, findById: unavailable, upsert: unavailable, withArtifactsLocked: unavailable };

export async function printModelRegistrySdl(): Promise<string> {
  const uploads = new ModelUploadService({
    repository: noRepository,
    inspector: { inspect: unavailable },
    artifacts: { has: unavailable, put: unavailable, delete: unavailable },
    newIdSuffix: () => "",
  });
  const hubModels = new HubModelService({ mode: "self-hosted", repository: { ...noRepository, updateHubCredential: unavailable }, newIdSuffix: () => "" });
  const onnxImports = new HuggingFaceOnnxImportService({ mode: "self-hosted", uploads, maxBytes: 1 });
  return printSubgraphSdl(await buildModelRegistrySchema({ registry: new ModelRegistry(noRepository), uploads, hubModels, onnxImports, maxUploadBytes: 1 }));
}

/**
 * `print-schema --out schema.graphql` writes the SDL composition reads;
 * `--check schema.graphql` fails when the committed file differs; no flag prints to stdout.
 */
async function run(args: string[]): Promise<void> {
  const sdl = await printModelRegistrySdl();
  const [flag, file] = args;
  if (flag === "--out" && file) {
    writeFileSync(file, sdl);
  } else if (flag === "--check" && file) {
    let committed = "";
    try {
      committed = readFileSync(file, "utf8");
    } catch {
      // missing counts as drift
    }
    if (committed !== sdl) {
      console.error(`${file} is out of date: run \`npm run print-schema -w @prelabel/model-registry\` and commit it.`);
      process.exit(1);
    }
  } else {
    process.stdout.write(sdl);
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
