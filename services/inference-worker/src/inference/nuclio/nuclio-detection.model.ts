import { isNuclioError, NuclioErrorCode, type NuclioDetection, type NuclioInvoker, type NuclioInvokeTarget } from "@prelabel/nuclio";
import { FrameFailureCode } from "@prelabel/proto";
import type { DecodedImage } from "../decoded-image.js";
import type { Detection, DetectionModel, DetectOptions } from "../detection-model.js";
import { hubImageBytes } from "../hub/hub-image.encoder.js";
import { FrameFailure } from "../inference.errors.js";
import { nuclioDetectionsToDetections } from "./nuclio-detection.mapper.js";
import type { NuclioCallLimits, NuclioModelSpec } from "./nuclio-model.types.js";

export interface NuclioDetectionModelDeps {
  readonly modelId: string;
  readonly spec: NuclioModelSpec;
  readonly invoker: NuclioInvoker;
  readonly limits: NuclioCallLimits;
  /** The function is gone from its dashboard: the caller forgets the descriptor, so the next frame asks the registry. */
  onRemoved?(): void;
  /** Each call's outcome: "ok", "cancelled", its FUNCTION_* frame-failure code, or "error" (metrics). */
  onCall?(outcome: string): void;
}

/** libs/nuclio's error codes → the frame-failure code a frame ends with. */
const frameCodes: Record<NuclioErrorCode, FrameFailureCode> = {
  [NuclioErrorCode.FunctionError]: FrameFailureCode.FUNCTION_ERROR,
  [NuclioErrorCode.FunctionTimeout]: FrameFailureCode.FUNCTION_TIMEOUT,
  [NuclioErrorCode.FunctionBadResponse]: FrameFailureCode.FUNCTION_BAD_RESPONSE,
  [NuclioErrorCode.FunctionUnavailable]: FrameFailureCode.FUNCTION_UNAVAILABLE,
  [NuclioErrorCode.FunctionRemoved]: FrameFailureCode.FUNCTION_REMOVED,
  // The function cannot be reached from this worker: unavailable, with a reason saying the address was refused.
  [NuclioErrorCode.UrlRefused]: FrameFailureCode.FUNCTION_UNAVAILABLE,
  // Not raised by invocations; mapped so no code is left unhandled.
  [NuclioErrorCode.DashboardUnavailable]: FrameFailureCode.FUNCTION_UNAVAILABLE,
  [NuclioErrorCode.InvalidFunctionConfig]: FrameFailureCode.MODEL_UNAVAILABLE,
};

/**
 * A Nuclio function (CVAT's detector protocol) behind the worker's DetectionModel. Network only, so it runs in the
 * worker's main process like a hub model: the frame (stored bytes when they show the decoded pixels in a format a
 * Python/PIL function reads, else a JPEG) and the job's threshold go to the NuclioInvoker (retries, timeouts,
 * per-function concurrency and the breaker live there); the items come back as Detections in frame pixels,
 * below-threshold ones dropped. Failures after the invoker's retries end as a FrameFailure with the FUNCTION_* code;
 * a cancelled job's call is aborted and rejects with an AbortError.
 */
export class NuclioDetectionModel implements DetectionModel {
  readonly labels: readonly string[];

  constructor(private readonly deps: NuclioDetectionModelDeps) {
    this.labels = [...deps.spec.labelTypes.keys()];
  }

  get target(): NuclioInvokeTarget {
    const { spec } = this.deps;
    return spec.invokeMethod === "dashboard"
      ? {
          method: "dashboard",
          dashboardUrl: spec.invokeUrl,
          functionName: spec.functionName,
          project: spec.project,
          namespace: spec.namespace,
        }
      : { method: "direct", url: spec.invokeUrl, functionName: spec.functionName };
  }

  /** The descriptor may tighten the worker's limits (a function's eventTimeout, its maxWorkers), never loosen them. */
  get callLimits(): { timeoutMs: number; maxConcurrency: number } {
    const { spec, limits } = this.deps;
    return {
      timeoutMs: spec.timeoutMs ? Math.min(spec.timeoutMs, limits.timeoutMs) : limits.timeoutMs,
      maxConcurrency: spec.maxConcurrency
        ? Math.min(spec.maxConcurrency, limits.maxConcurrencyPerFunction)
        : limits.maxConcurrencyPerFunction,
    };
  }

  async detect(image: DecodedImage, options: DetectOptions): Promise<Detection[]> {
    const { spec, modelId } = this.deps;
    const { signal } = options;
    if (signal?.aborted) throw abortError(signal.reason);
    const bytes = await hubImageBytes(image, options.encoded);
    let items: NuclioDetection[];
    try {
      items = await this.deps.invoker.detect(
        this.target,
        { image: bytes, threshold: wireThreshold(options.threshold) },
        { tenantId: spec.tenantId, ...this.callLimits, labelTypes: spec.labelTypes, ...(signal ? { signal } : {}) },
      );
    } catch (err) {
      // Cancelled: whatever the invoker made of the abort, the consumer acks the frame without an outcome.
      if (signal?.aborted) {
        this.deps.onCall?.("cancelled");
        throw abortError(err);
      }
      if (!isNuclioError(err)) {
        this.deps.onCall?.("error");
        throw err;
      }
      this.deps.onCall?.(frameCodes[err.code]);
      if (err.code === NuclioErrorCode.FunctionRemoved) this.deps.onRemoved?.();
      const what = `Nuclio function ${spec.functionName} (model ${modelId})`;
      const reason =
        err.code === NuclioErrorCode.UrlRefused
          ? `${what}: the worker refused its address (NUCLIO_ALLOWED_HOSTS, NUCLIO_DASHBOARD_URL): ${err.message}`
          : `${what}: ${err.message}`;
      // A function asking to wait longer than the invoker waits (Retry-After): the frame is requeued for then.
      const requeueAfterMs = err.code === NuclioErrorCode.FunctionUnavailable ? err.details.retryAfterMs : undefined;
      // Not chained: the invoker's cause may hold a body excerpt; the message is the safe part.
      throw new FrameFailure(frameCodes[err.code], reason, requeueAfterMs);
    }
    this.deps.onCall?.("ok");
    return nuclioDetectionsToDetections(items, {
      width: image.width,
      height: image.height,
      threshold: options.threshold,
      returnMasks: options.returnMasks,
    });
  }
}

function abortError(cause: unknown): Error {
  const err = new Error("the job was cancelled while its Nuclio call ran", { cause });
  err.name = "AbortError";
  return err;
}

/**
 * The threshold as the job set it: it crossed NATS as a float32 (0.3 arrives as 0.30000001192092896), and a
 * function should see the 0.3 the user typed. Seven significant digits are what a float32 holds.
 */
export function wireThreshold(threshold: number): number {
  return Number(threshold.toPrecision(7));
}
