import { existsSync } from "node:fs";
import { join } from "node:path";
import type { DetectionModel } from "./detection-model.js";
import { ModelError, ModelErrorCode } from "./inference.errors.js";
import type { LoadedModel, ModelCatalogEntry, ModelDescriptor, ModelLoadContext } from "./model-catalog-entry.js";
import { createOrtSession } from "./model-runtime.js";
import type { ModelSessionFactory } from "./model-session.js";
import { textDetectionEntry } from "./text-detection.entry.js";
import { faceDetectionEntry } from "./face/face-detection.entry.js";
import { cocoDetectionEntry } from "./coco/coco-detection.entry.js";
import { personPoseEntry } from "./pose/person-pose.entry.js";
import { handDetectionEntry } from "./hand/hand-detection.entry.js";

/** Every model the worker ships with, by catalog id. */
export const builtInModelEntries: readonly ModelCatalogEntry[] = [
  textDetectionEntry,
  faceDetectionEntry,
  cocoDetectionEntry,
  personPoseEntry,
  handDetectionEntry,
];

export interface ModelCatalogOptions {
  readonly intraOpNumThreads: number;
  readonly allowSpinning?: boolean;
  /** Defaults to onnxruntime-node; substitute to run without native inference. */
  readonly createSession?: ModelSessionFactory;
  /** Where named artifacts are found; defaults to this package's converted models (models/build, made by `npm run build`). */
  readonly artifactPath?: (name: string) => Promise<string>;
}

/** The converted catalog models built next to this package (see models/recipe.json). */
export const BUILT_MODELS_DIR = join(__dirname, "..", "..", "..", "models", "build");

async function builtArtifactPath(name: string): Promise<string> {
  const path = join(BUILT_MODELS_DIR, `${name}.onnx`);
  if (!existsSync(path)) throw new Error(`model artifact ${name} not found at ${path}: run \`npm run build\``);
  return path;
}

/** A catalog with every built-in model registered; nothing is loaded until first use. */
export function createModelCatalog(options: ModelCatalogOptions): ModelCatalog {
  const catalog = new ModelCatalog({
    createSession: options.createSession ?? createOrtSession,
    sessionOptions: {
      intraOpNumThreads: options.intraOpNumThreads,
      ...(options.allowSpinning === undefined ? {} : { allowSpinning: options.allowSpinning }),
    },
    artifactPath: options.artifactPath ?? builtArtifactPath,
  });
  for (const entry of builtInModelEntries) catalog.register(entry);
  return catalog;
}

/**
 * Model id → lazily loaded model. The first `get` loads; concurrent and later calls share the same
 * load, so one session serves every job. A failed load is forgotten, so the next `get` retries.
 */
export class ModelCatalog {
  private readonly entries = new Map<string, ModelCatalogEntry>();
  private readonly loads = new Map<string, Promise<LoadedModel>>();
  private readonly ready = new Set<string>();

  constructor(private readonly context: ModelLoadContext) {}

  register(entry: ModelCatalogEntry): this {
    const { id, labels } = entry.descriptor;
    if (this.entries.has(id)) throw new Error(`model ${id} is already registered`);
    const names = labels.map((label) => label.name);
    if (new Set(names).size !== names.length) throw new Error(`model ${id} has duplicate label names`);
    this.entries.set(id, entry);
    return this;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  descriptors(): ModelDescriptor[] {
    return [...this.entries.values()].map((entry) => entry.descriptor);
  }

  descriptor(id: string): ModelDescriptor {
    return this.entry(id).descriptor;
  }

  /** Whether the model is loaded and ready (for readiness probes); false while loading or after a failure. */
  isLoaded(id: string): boolean {
    return this.ready.has(id);
  }

  async get(id: string): Promise<DetectionModel> {
    const entry = this.entry(id);
    let load = this.loads.get(id);
    if (!load) {
      // Both handlers check identity: a dispose() may have dropped this attempt and a newer get() started another.
      const attempt: Promise<LoadedModel> = entry.load(this.context).then(
        (loaded) => {
          if (this.loads.get(id) === attempt) this.ready.add(id);
          return loaded;
        },
        (error: unknown) => {
          if (this.loads.get(id) === attempt) this.loads.delete(id);
          throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `model ${id} failed to load`, { cause: error });
        },
      );
      this.loads.set(id, attempt);
      load = attempt;
    }
    return (await load).model;
  }

  /** Releases every loaded session; the catalog can load again afterwards. */
  async dispose(): Promise<void> {
    const loads = [...this.loads.values()];
    this.loads.clear();
    this.ready.clear();
    const settled = await Promise.allSettled(loads);
    await Promise.all(settled.flatMap((result) => (result.status === "fulfilled" ? [result.value.release()] : [])));
  }

  private entry(id: string): ModelCatalogEntry {
    const entry = this.entries.get(id);
    if (!entry) throw new ModelError(ModelErrorCode.UNKNOWN_MODEL, `no model ${id} in the catalog`);
    return entry;
  }
}
