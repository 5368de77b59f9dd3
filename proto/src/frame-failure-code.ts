/**
 * Stable codes of `annotation.v1.FrameFailed.code` (and so of `AutoAnnotationJob.failures[].code`): one frame that
 * could not be annotated, while its job goes on. Hosted-model frames may also fail with the public hub codes
 * (libs/hubs' `hubPublicCodes`) after the worker's retries. docs/errors.md is checked against this list.
 */
export const FrameFailureCode = {
  /** The frame's bytes are empty. */
  EMPTY_IMAGE: "EMPTY_IMAGE",
  /** The bytes are no image format we decode (or a refused one: SVG, PDF). */
  NOT_AN_IMAGE: "NOT_AN_IMAGE",
  /** An image header whose data does not decode. */
  CORRUPT_IMAGE: "CORRUPT_IMAGE",
  /** More pixels than the worker decodes (a decompression bomb). */
  IMAGE_TOO_LARGE: "IMAGE_TOO_LARGE",
  /** The frame's stored bytes could not be read. */
  FRAME_MISSING: "FRAME_MISSING",
  /** A hub (Hugging Face, Roboflow) model's frame on a self-hosted deployment, or a worker without hub configuration. */
  CLOUD_ONLY: "CLOUD_ONLY",
  /** The model could not be described, fetched, verified or loaded. */
  MODEL_UNAVAILABLE: "MODEL_UNAVAILABLE",
  /** The model ran and failed, or returned outputs that do not fit its layout. */
  INFERENCE_ERROR: "INFERENCE_ERROR",
  /** The model did not finish the frame within its frame budget (its runner was killed), or its breaker is open. */
  INFERENCE_TIMEOUT: "INFERENCE_TIMEOUT",
  /** A Nuclio function answered with an error (HTTP 4xx/5xx other than the retried ones, or after its retries). */
  FUNCTION_ERROR: "FUNCTION_ERROR",
  /** A Nuclio function did not answer within its timeout, after its retries. */
  FUNCTION_TIMEOUT: "FUNCTION_TIMEOUT",
  /** A Nuclio function answered with something that is not CVAT's detector response (not JSON, wrong shape, NaN coordinates). */
  FUNCTION_BAD_RESPONSE: "FUNCTION_BAD_RESPONSE",
  /** A Nuclio function could not be reached (connection refused or reset after retries), or its circuit breaker is open. */
  FUNCTION_UNAVAILABLE: "FUNCTION_UNAVAILABLE",
  /** The Nuclio function was removed from its dashboard (or no longer exists) while its job ran. */
  FUNCTION_REMOVED: "FUNCTION_REMOVED",
  /**
   * Request/reply only (inference.v1.infer-frame: previews, evaluations): the worker that took the request already runs
   * as many of them as it may (INFER_FRAME_CONCURRENCY); the caller may ask again. Never a job's frame failure.
   */
  WORKER_BUSY: "WORKER_BUSY",
  /** Set by annotation-job: the work queue delivered the frame its maximum number of times and every worker crashed on it. */
  FRAME_UNPROCESSABLE: "FRAME_UNPROCESSABLE",
} as const;
export type FrameFailureCode = (typeof FrameFailureCode)[keyof typeof FrameFailureCode];
