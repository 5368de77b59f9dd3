import type { DetectionModel } from "./detection-model.js";
import type { ModelSessionFactory, ModelSessionOptions } from "./model-session.js";

/** The contract a model offers to the rest of Prelabel (CVAT's function spec, minus serving details). */
export interface ModelDescriptor {
  readonly id: string;
  /** CVAT LambdaType vocabulary; only detectors exist so far. */
  readonly kind: "detector";
  readonly name: string;
  readonly version: string;
  readonly labels: readonly ModelLabel[];
  /**
   * The longest one frame's inference may take (ms, decoding excluded): measured ms/frame with generous headroom
   * for a loaded machine (docs/models). Over it the frame fails INFERENCE_TIMEOUT. Default: DEFAULT_FRAME_BUDGET_MS.
   */
  readonly frameBudgetMs?: number;
}

/** The budget of a model that states none (an uploaded row from before budgets, a test entry). */
export const DEFAULT_FRAME_BUDGET_MS = 10_000;

export interface ModelLabel {
  readonly id: number;
  readonly name: string;
  readonly shapes: readonly ("rectangle" | "polygon" | "mask" | "points")[];
}

export interface ModelLoadContext {
  readonly createSession: ModelSessionFactory;
  readonly sessionOptions: ModelSessionOptions;
  /**
   * Local path of the named model artifact (e.g. "blazeface" → its converted .onnx), checked against the
   * digest the registry lists for it, so a worker never runs weights other than the ones described.
   */
  artifactPath(name: string): Promise<string>;
}

export interface LoadedModel {
  readonly model: DetectionModel;
  release(): Promise<void>;
}

/** One registrable model: how it describes itself, and how to load it (called at most once per catalog). */
export interface ModelCatalogEntry {
  readonly descriptor: ModelDescriptor;
  load(context: ModelLoadContext): Promise<LoadedModel>;
}
