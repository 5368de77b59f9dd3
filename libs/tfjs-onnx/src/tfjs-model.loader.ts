import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { TfjsModelJson, TfjsModelSource } from "./tfjs-model.types.js";
import { TfjsOnnxError, TfjsOnnxErrorCode } from "./tfjs-onnx.errors.js";

/** The files a model consists of: model.json first, then every shard in manifest order. */
export function modelFiles(modelJsonPath: string, modelJson: TfjsModelJson): string[] {
  const dir = dirname(modelJsonPath);
  return [resolve(modelJsonPath), ...modelJson.weightsManifest.flatMap((group) => group.paths.map((p) => resolve(dir, p)))];
}

/** Reads a graph model from disk: model.json plus its weight shards (each group's paths concatenated, groups in order). */
export async function loadTfjsModel(modelJsonPath: string): Promise<TfjsModelSource> {
  let modelJson: TfjsModelJson;
  try {
    modelJson = JSON.parse(await readFile(modelJsonPath, "utf8")) as TfjsModelJson;
  } catch (err) {
    throw new TfjsOnnxError(TfjsOnnxErrorCode.InvalidModel, `cannot read ${modelJsonPath}: ${(err as Error).message}`, { cause: err });
  }
  // Checked as unknown: Array.isArray on the typed field would leave it `any[]` below.
  const manifest: unknown = modelJson?.weightsManifest;
  if (!modelJson?.modelTopology?.node || !Array.isArray(manifest)) {
    throw new TfjsOnnxError(
      TfjsOnnxErrorCode.InvalidModel,
      `${modelJsonPath} is not a TF.js graph model (no modelTopology.node or weightsManifest)`,
    );
  }
  const shards = await Promise.all(
    modelFiles(modelJsonPath, modelJson)
      .slice(1)
      .map((path) => readFile(path)),
  );
  return {
    modelJson,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: new Uint8Array(Buffer.concat(shards)),
  };
}
