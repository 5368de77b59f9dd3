import { existsSync } from "node:fs";
import { join } from "node:path";
import { ModelError, ModelErrorCode } from "../inference/inference.errors.js";
import type { ModelArtifact } from "../inference/model-artifact.js";
import { sha256OfFile } from "./file-digest.js";

/**
 * The catalog's `artifactPath`: a built artifact is handed out only when a registry descriptor lists it by
 * name and its bytes have the listed sha256, so a worker never runs weights other than the ones described.
 * Each file is hashed once per process. Descriptors register their artifacts with `expect` before loading.
 */
export class BuiltArtifactVerifier {
  private readonly expected = new Map<string, { artifact: ModelArtifact; modelId: string }>();
  private readonly digests = new Map<string, Promise<{ sha256: string; sizeBytes: number }>>();

  /** `locate` finds a built file by artifact name (default: models/build/<name>.onnx of this package). */
  constructor(private readonly locate: (name: string) => Promise<string>) {}

  /** Records what the registry lists for a model; two models listing different bytes under one name is refused. */
  expect(modelId: string, artifacts: readonly ModelArtifact[]): void {
    for (const artifact of artifacts) {
      const known = this.expected.get(artifact.name);
      if (known && known.artifact.sha256 !== artifact.sha256) {
        throw new ModelError(
          ModelErrorCode.MODEL_LOAD_FAILED,
          `artifact "${artifact.name}": model ${modelId} lists sha256 ${artifact.sha256}, but model ${known.modelId} lists ${known.artifact.sha256}`,
        );
      }
      if (!known) this.expected.set(artifact.name, { artifact, modelId });
    }
  }

  readonly artifactPath = async (name: string): Promise<string> => {
    const known = this.expected.get(name);
    if (!known) {
      throw new ModelError(
        ModelErrorCode.MODEL_LOAD_FAILED,
        `artifact "${name}" is not listed by any model the registry described to this worker, so its bytes cannot be checked; list it in the catalog manifest`,
      );
    }
    const path = await this.locate(name);
    let digest = this.digests.get(path);
    if (!digest) {
      digest = sha256OfFile(path);
      this.digests.set(path, digest);
      digest.catch(() => this.digests.delete(path));
    }
    const actual = await digest;
    if (actual.sha256 !== known.artifact.sha256) {
      throw new ModelError(
        ModelErrorCode.MODEL_LOAD_FAILED,
        `artifact "${name}" at ${path} has sha256 ${actual.sha256}, but the registry lists ${known.artifact.sha256} (model ${known.modelId}): ` +
          "the worker's built models and the registry's catalog manifest disagree",
      );
    }
    return path;
  };
}

/** models/build/<name>.onnx inside `dir` (the package's converted catalog models). */
export const builtArtifactLocator =
  (dir: string) =>
  async (name: string): Promise<string> => {
    const path = join(dir, `${name}.onnx`);
    if (!existsSync(path))
      throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model artifact ${name} not found at ${path}: run \`npm run build\``);
    return path;
  };
