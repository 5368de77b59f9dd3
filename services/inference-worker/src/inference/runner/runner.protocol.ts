import type { Detection } from "../detection-model.js";
import type { FrameStages } from "../frame-stages.js";
import type { FrameDecodeErrorCode, PublicFrameFailureCode } from "../inference.errors.js";
import type { ModelArtifact } from "../model-artifact.js";
import type { OnnxDetectorSpec } from "../onnx-detector/onnx-detector.types.js";
import type { TilingSpec } from "../tiling/tile-grid.js";

/** Which model a runner loads (and keeps) for a frame: a built-in pipeline, or an uploaded ONNX detector. */
export type RunnerModelPlan =
  | {
      readonly kind: "catalog";
      readonly entry: string;
      readonly modelId: string;
      /** What the registry lists for the model: the runner checks built files against it before loading. */
      readonly artifacts: readonly ModelArtifact[];
    }
  | {
      readonly kind: "onnx-detector";
      readonly modelId: string;
      /** The verified local copy (the worker's artifact cache). */
      readonly path: string;
      readonly spec: OnnxDetectorSpec;
    };

/** How a runner process is set up (passed as its only argument, JSON). */
export interface RunnerSettings {
  readonly intraOpNumThreads: number;
  /** onnxruntime's intra-op threads spin-wait for work after a run (faster when they own their cores). */
  readonly allowSpinning?: boolean;
  readonly maxFramePixels: number;
  /** Check built catalog files against the registry's digests (production); tests without a registry manifest turn it off. */
  readonly verifyBuiltArtifacts: boolean;
}

export interface RunnerFrameOptions {
  readonly threshold: number;
  readonly returnMasks: boolean;
  readonly candidateLabels?: readonly string[];
  /** Small objects: the whole frame and its tiles, merged (detectTiled); within the same frame budget. */
  readonly tiling?: TilingSpec;
}

export type ToRunner =
  | {
      readonly type: "infer";
      readonly id: number;
      readonly plan: RunnerModelPlan;
      readonly frame: Uint8Array;
      readonly options: RunnerFrameOptions;
    }
  /** Load these catalog models now, so a replaced runner's first frames do not pay for it. */
  | { readonly type: "warm"; readonly plans: readonly RunnerModelPlan[] };

/** Why a frame did not come back: where it failed decides what the worker does (retry, fail the frame, which code). */
export type RunnerFailure =
  | { readonly stage: "load"; readonly message: string }
  | { readonly stage: "decode"; readonly code: FrameDecodeErrorCode; readonly message: string }
  | { readonly stage: "inference"; readonly message: string; readonly code?: PublicFrameFailureCode };

export type FromRunner =
  | { readonly type: "ready" }
  /**
   * Loaded and decoded: the model's time budget starts now, `passes` times over (a tiled frame runs the model on the
   * whole frame and on each tile; absent: 1).
   */
  | { readonly type: "started"; readonly id: number; readonly passes?: number }
  | {
      readonly type: "done";
      readonly id: number;
      readonly detections: Detection[];
      readonly decodeMs: number;
      /** The model's whole time on the frame (detect), as the outcome reports it. */
      readonly inferenceMs: number;
      /** That time split around onnxruntime's session.run. */
      readonly stages: FrameStages;
    }
  | { readonly type: "failed"; readonly id: number; readonly failure: RunnerFailure };
