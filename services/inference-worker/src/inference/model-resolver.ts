import type { DetectionModel } from "./detection-model.js";
import { ModelError, ModelErrorCode } from "./inference.errors.js";
import {
  CATALOG_RUNTIME_PREFIX,
  ONNX_DETECTOR_RUNTIME,
  UPLOADED_MODEL_ARTIFACT,
  type ModelArtifact,
  type RegistryModel,
} from "./model-artifact.js";
import type { ModelCatalogEntry, ModelLoadContext } from "./model-catalog-entry.js";
import { ModelCatalog } from "./model-catalog.js";
import { OnnxDetectorModel } from "./onnx-detector/onnx-detector.model.js";

/** What a frame names: the model id and the runtime annotation-job recorded. */
export interface ModelRef {
  readonly id: string;
  readonly runtime: string;
}

/** The registry's describe-model, behind a port; null when the registry has no such model. */
export interface ModelDirectory {
  describe(modelId: string): Promise<RegistryModel | null>;
}

export interface ModelResolverDeps {
  /** The built-in pipelines ("catalog:<entry>"), whose artifactPath checks files against `expectArtifacts`. */
  readonly catalog: ModelCatalog;
  readonly directory: ModelDirectory;
  /** Tells the catalog's artifact check what the registry lists for a model, before that model loads. */
  expectArtifacts(modelId: string, artifacts: readonly ModelArtifact[]): void;
  /** A verified local copy of an uploaded model's file (downloaded and cached by digest). */
  fetchArtifact(artifact: ModelArtifact): Promise<string>;
  /** Sessions for uploaded models: the catalog's session factory and options. */
  readonly uploadContext: Pick<ModelLoadContext, "createSession" | "sessionOptions">;
}

/**
 * Model id → runnable model, through the registry's descriptor: on first use of an id the worker asks the
 * registry (describe-model) and keeps the answer (uploaded models never change; catalog descriptors change
 * only with a deployment). "catalog:<entry>" runs the built-in entry; "onnx-detector" downloads the
 * uploaded file by digest and runs an OnnxDetectorModel. Loads are lazy, shared and retried after failure.
 */
export class ModelResolver {
  private readonly descriptors = new Map<string, Promise<RegistryModel | null>>();
  private readonly uploads: ModelCatalog;

  constructor(private readonly deps: ModelResolverDeps) {
    this.uploads = new ModelCatalog({
      ...deps.uploadContext,
      // Uploaded entries fetch their own file by digest; nothing asks for a named built artifact here.
      artifactPath: async (name) => {
        throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `uploaded models have no built artifact ${name}`);
      },
    });
  }

  /** The model a frame names, or undefined when the registry no longer has it or this worker cannot run its runtime. */
  async resolve(ref: ModelRef): Promise<DetectionModel | undefined> {
    const model = await this.describe(ref.id);
    if (!model) return undefined;
    if (model.runtime.startsWith(CATALOG_RUNTIME_PREFIX)) {
      const entry = model.runtime.slice(CATALOG_RUNTIME_PREFIX.length);
      if (!this.deps.catalog.has(entry)) return undefined;
      this.deps.expectArtifacts(model.id, model.artifacts);
      return this.deps.catalog.get(entry);
    }
    if (model.runtime === ONNX_DETECTOR_RUNTIME) return this.uploaded(model);
    return undefined;
  }

  /** Loads every built-in entry whose registry model has the entry's id, so the first frames do not pay for it. */
  async preloadCatalog(onError: (id: string, err: unknown) => void): Promise<void> {
    for (const d of this.deps.catalog.descriptors()) {
      try {
        await this.resolve({ id: d.id, runtime: `${CATALOG_RUNTIME_PREFIX}${d.id}` });
      } catch (err) {
        onError(d.id, err);
      }
    }
  }

  async dispose(): Promise<void> {
    await Promise.all([this.deps.catalog.dispose(), this.uploads.dispose()]);
  }

  private describe(id: string): Promise<RegistryModel | null> {
    let described = this.descriptors.get(id);
    if (!described) {
      described = this.deps.directory.describe(id);
      this.descriptors.set(id, described);
      // Only answers are kept: a registry that did not answer, or did not know the id yet, is asked again.
      described.then(
        (model) => void (model || this.descriptors.delete(id)),
        () => this.descriptors.delete(id),
      );
    }
    return described;
  }

  private uploaded(model: RegistryModel): Promise<DetectionModel> {
    if (!this.uploads.has(model.id)) this.uploads.register(this.uploadedEntry(model));
    return this.uploads.get(model.id);
  }

  private uploadedEntry(model: RegistryModel): ModelCatalogEntry {
    const spec = model.onnxDetector;
    const artifact = model.artifacts.find((a) => a.name === UPLOADED_MODEL_ARTIFACT);
    const names = spec ? [...new Set(spec.classNames.filter((n) => n !== ""))] : [];
    return {
      descriptor: {
        id: model.id,
        kind: "detector",
        name: model.id,
        version: artifact?.sha256 ?? "",
        labels: names.map((name, id) => ({ id, name, shapes: ["rectangle"] as const })),
      },
      load: async (context) => {
        if (!spec) throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} has runtime ${ONNX_DETECTOR_RUNTIME} but no detector spec`);
        if (!artifact) throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${model.id} lists no "${UPLOADED_MODEL_ARTIFACT}" artifact`);
        const path = await this.deps.fetchArtifact(artifact);
        const session = await context.createSession(path, context.sessionOptions);
        try {
          return { model: new OnnxDetectorModel(session, spec), release: () => session.release() };
        } catch (err) {
          await session.release();
          throw err;
        }
      },
    };
  }
}
