import { redactSecrets } from "./secret.redactor.js";

/** Stable codes callers may switch on; messages are for people and may change. */
export const HubErrorCode = {
  NotFound: "HUB_NOT_FOUND",
  Unauthorized: "HUB_UNAUTHORIZED",
  Forbidden: "HUB_FORBIDDEN",
  PaymentRequired: "HUB_PAYMENT_REQUIRED",
  PayloadTooLarge: "HUB_PAYLOAD_TOO_LARGE",
  RateLimited: "HUB_RATE_LIMITED",
  Unavailable: "HUB_UNAVAILABLE",
  BadResponse: "HUB_BAD_RESPONSE",
  BadRequest: "HUB_BAD_REQUEST",
  UnsupportedTask: "HUB_UNSUPPORTED_TASK",
  NotDeployable: "HUB_NOT_DEPLOYABLE",
  UrlRefused: "HUB_URL_REFUSED",
  UrlInvalid: "HUB_URL_INVALID",
} as const;
export type HubErrorCode = (typeof HubErrorCode)[keyof typeof HubErrorCode];

export type HubName = "huggingface" | "roboflow";

/**
 * What the retry policy needs to know about a failure that may pass: the status and its hints, or a
 * connection error, or an attempt that timed out.
 */
export type TransientFailure =
  | {
      readonly reason: "status";
      readonly status: number;
      /** Raw `Retry-After` header: delta-seconds or an HTTP date. */
      readonly retryAfter?: string;
      /** Seconds until the HF Hub rate-limit window resets (`RateLimit: …;t=55`). */
      readonly rateLimitResetS?: number;
      /** HF's `estimated_time` (seconds) in a 503 "model is loading" body. */
      readonly estimatedTimeS?: number;
    }
  | { readonly reason: "network" }
  | { readonly reason: "timeout" };

export interface HubErrorDetails {
  readonly hub?: HubName;
  /** HTTP status the hub answered, when there was one. */
  readonly status?: number;
  /** The hub's own error type (`X-Error-Code` on the HF Hub, `error_type` on Roboflow). */
  readonly hubErrorCode?: string;
  /** The hub's message, secrets redacted and truncated. */
  readonly hubMessage?: string;
  /** Attempts made before giving up (retryable failures only). */
  readonly attempts?: number;
  /** When the hub asked for a wait longer than we are willing to block: requeue after this long. */
  readonly retryAfterMs?: number;
  /** Set when the answer was refused for being larger than this many bytes (the request's own limit). */
  readonly responseLimitBytes?: number;
}

/** One failure of a hub call, with a stable code; the message never carries a token or API key. */
export class HubError extends Error {
  override readonly name = "HubError";
  readonly details: HubErrorDetails;

  constructor(
    readonly code: HubErrorCode,
    message: string,
    details: HubErrorDetails = {},
    /** Set when the retry policy may try again; absent means final. */
    readonly transient?: TransientFailure,
    options?: ErrorOptions,
  ) {
    super(redactSecrets(message), options);
    this.details = details.hubMessage === undefined ? details : { ...details, hubMessage: clip(redactSecrets(details.hubMessage)) };
  }

  /** The same failure, final, with how many attempts were made (and an optional requeue hint). */
  exhausted(attempts: number, retryAfterMs?: number): HubError {
    const suffix = attempts > 1 ? ` (gave up after ${attempts} attempts)` : "";
    return new HubError(
      this.code,
      this.message + suffix,
      { ...this.details, attempts, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) },
      undefined,
      { cause: this.cause },
    );
  }
}

export function isHubError(value: unknown, code?: HubErrorCode): value is HubError {
  return value instanceof HubError && (code === undefined || value.code === code);
}

function clip(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** An abort reason from `AbortSignal.timeout` (or our clocks' equivalent). */
export function isTimeoutReason(reason: unknown): boolean {
  return typeof reason === "object" && reason !== null && (reason as { name?: unknown }).name === "TimeoutError";
}
