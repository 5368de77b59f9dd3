import type { HubPublicCode } from "@prelabel/hubs";
import { FrameFailureCode } from "@prelabel/proto";

/**
 * The frame-failure codes (proto's FrameFailureCode, one list for worker, annotation-job and docs/errors.md) of a
 * frame we refuse to decode; the frame fails with the code as it is, never by parsing messages.
 */
export const FrameDecodeErrorCode = {
  EMPTY_IMAGE: FrameFailureCode.EMPTY_IMAGE,
  NOT_AN_IMAGE: FrameFailureCode.NOT_AN_IMAGE,
  CORRUPT_IMAGE: FrameFailureCode.CORRUPT_IMAGE,
  IMAGE_TOO_LARGE: FrameFailureCode.IMAGE_TOO_LARGE,
} as const satisfies Partial<typeof FrameFailureCode>;
export type FrameDecodeErrorCode = (typeof FrameDecodeErrorCode)[keyof typeof FrameDecodeErrorCode];

const frameDecodeErrorCodes: ReadonlySet<unknown> = new Set(Object.values(FrameDecodeErrorCode));
/** A bad frame's code (on a FrameDecodeError, or an error carrying one): the frame fails with it, without retrying. */
export const isFrameDecodeErrorCode = (code: unknown): code is FrameDecodeErrorCode => frameDecodeErrorCodes.has(code);

/** What a failed frame's `code` holds: a frame-failure code, or a hosted model's hub code (libs/hubs' HubPublicCode). */
export type PublicFrameFailureCode = FrameFailureCode | HubPublicCode;

/** The frame bytes cannot become a DecodedImage. The message may change; `code` does not. */
export class FrameDecodeError extends Error {
  override readonly name = "FrameDecodeError";
  constructor(
    readonly code: FrameDecodeErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export const ModelErrorCode = {
  UNKNOWN_MODEL: "UNKNOWN_MODEL",
  MODEL_LOAD_FAILED: "MODEL_LOAD_FAILED",
  MODEL_OUTPUT_INVALID: "MODEL_OUTPUT_INVALID",
} as const;
export type ModelErrorCode = (typeof ModelErrorCode)[keyof typeof ModelErrorCode];

/** A model cannot be found, loaded, or returned something its post-processing cannot read. */
export class ModelError extends Error {
  override readonly name = "ModelError";
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * A frame's inference failed for a reason that redelivering the frame will not fix (hub models: the hub
 * call already ran its retries). The frame fails with `code`, a stable code users and docs/errors.md see;
 * with `requeueAfterMs` the frame may instead be put back and tried again after that long (rate limits).
 * The message never carries a credential.
 */
export class FrameFailure extends Error {
  override readonly name = "FrameFailure";
  constructor(
    readonly code: PublicFrameFailureCode,
    message: string,
    readonly requeueAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
