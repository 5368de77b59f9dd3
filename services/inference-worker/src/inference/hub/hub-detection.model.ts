import { HubErrorCode, hubPublicCodes, isHubError, type HubInferenceRequest, type HubInferenceResult } from "@prelabel/hubs";

import type { DecodedImage } from "../decoded-image.js";
import type { Detection, DetectionModel, DetectOptions } from "../detection-model.js";
import { FrameFailure, ModelError, ModelErrorCode } from "../inference.errors.js";
import { hubImageBytes } from "./hub-image.encoder.js";
import type { HubModelSpec } from "./hub-model.types.js";
import { hubPredictionsToDetections } from "./hub-prediction.mapper.js";

/** The one call of a hub this model needs (HuggingFaceHub / RoboflowHub `infer`, with their retries and limits). */
export interface HubInferencePort {
  infer(ctx: { tenant: string; signal?: AbortSignal }, request: HubInferenceRequest): Promise<HubInferenceResult>;
}

export interface HubDetectionModelDeps {
  readonly modelId: string;
  readonly spec: HubModelSpec;
  readonly hub: HubInferencePort;
  /** The opened credential; kept in memory only, never logged or published. */
  readonly credential?: string;
  /** The hub rejected the credential: the caller forgets this model so the next frame re-reads it (a rotated key). */
  onCredentialRejected?(): void;
}

/** When a 429 comes without a usable wait: how long a frame stays queued before it is tried again. */
export const DEFAULT_RATE_LIMIT_REQUEUE_MS = 5_000;

/**
 * A hosted Hugging Face or Roboflow model behind the worker's DetectionModel: the frame goes to the hub
 * (stored bytes when they show the decoded pixels, else a JPEG), and the hub's predictions come back as
 * Detections in frame pixels. Hub failures end as FrameFailure with the hub error's public code (libs/hubs' hubPublicCodes), after the
 * hub layer's own retries; a rate limit asks for a requeue instead.
 */
export class HubDetectionModel implements DetectionModel {
  readonly labels: readonly string[];
  /** One paid call per tile: annotation-job refuses tiling for hub models, and the worker never tiles them. */
  readonly tileable = false;
  // An ES private field: not enumerable, so no serializer or inspector prints it.
  readonly #credential: string | undefined;
  private readonly deps: Omit<HubDetectionModelDeps, "credential">;

  constructor({ credential, ...deps }: HubDetectionModelDeps) {
    this.deps = deps;
    this.labels = deps.spec.labels;
    this.#credential = credential;
  }

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    const { spec } = this.deps;
    const bytes = await hubImageBytes(image, options.encoded);
    let result: HubInferenceResult;
    try {
      result = await this.deps.hub.infer(
        { tenant: spec.tenantId || "default", ...(options.signal ? { signal: options.signal } : {}) },
        {
          model: { ref: spec.modelRef, task: spec.task, ...(spec.endpointUrl ? { endpointUrl: spec.endpointUrl } : {}) },
          image: bytes,
          ...(this.#credential ? { credential: this.#credential } : {}),
          threshold: options.threshold,
          ...(spec.task === "zero-shot-object-detection" ? { candidateLabels: [...new Set(options.candidateLabels ?? [])] } : {}),
        },
      );
    } catch (err) {
      if (!isHubError(err)) throw err;
      if (err.code === HubErrorCode.Unauthorized) this.deps.onCredentialRejected?.();
      const requeue = err.code === HubErrorCode.RateLimited ? (err.details.retryAfterMs ?? DEFAULT_RATE_LIMIT_REQUEUE_MS) : undefined;
      // HubError messages are redacted, but its cause (the raw client error) may echo a key back: not chained,
      // so no log serializer can print it.
      throw new FrameFailure(hubPublicCodes[err.code], `${spec.provider} model ${spec.modelRef}: ${err.message}`, requeue);
    }
    if (result.width !== image.width || result.height !== image.height) {
      throw new ModelError(
        ModelErrorCode.MODEL_OUTPUT_INVALID,
        `the hub answered for a ${result.width}x${result.height} image, the frame is ${image.width}x${image.height}`,
      );
    }
    return hubPredictionsToDetections(result.predictions, {
      width: image.width,
      height: image.height,
      threshold: options.threshold,
      returnMasks: options.returnMasks,
    });
  }
}
