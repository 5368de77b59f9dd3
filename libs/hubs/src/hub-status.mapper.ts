import { HubError, HubErrorCode, type HubName, type TransientFailure } from "./hub.errors.js";
import { parseRateLimitReset } from "./retry/retry.policy.js";

/** What an error answer said, read leniently: hubs put the message in `error`, `error.message`, `message` or `detail`. */
export interface ErrorBody {
  readonly message?: string;
  readonly type?: string;
  readonly estimatedTimeS?: number;
}

export function readErrorBody(body: unknown, contentType?: string): ErrorBody {
  let parsed: unknown = body;
  if (Buffer.isBuffer(body) || typeof body === "string") {
    const text = body.toString();
    try {
      parsed = JSON.parse(text);
    } catch {
      // The HF router sends text/plain "Not Found"; keep short plain text as the message.
      const plain = text.trim();
      return plain && plain.length < 500 && !/^\s*</.test(plain) && (!contentType || contentType.startsWith("text/plain"))
        ? { message: plain }
        : {};
    }
  }
  if (typeof parsed !== "object" || parsed === null) return {};
  const o = parsed as Record<string, unknown>;
  const nested = typeof o.error === "object" && o.error !== null ? (o.error as Record<string, unknown>) : undefined;
  const message = [o.error, nested?.message, o.message, o.detail].find((m): m is string => typeof m === "string");
  const type = [o.error_type, nested?.type, typeof o.error === "string" && typeof o.message === "string" ? o.error : undefined].find(
    (t): t is string => typeof t === "string",
  );
  const estimated = typeof o.estimated_time === "number" && Number.isFinite(o.estimated_time) ? o.estimated_time : undefined;
  return { message, type, estimatedTimeS: estimated };
}

export interface StatusFailure {
  readonly hub: HubName;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: ErrorBody;
  /** What was asked for, for the message: "model facebook/detr-resnet-50". */
  readonly subject: string;
}

const hubTitle: Record<HubName, string> = { huggingface: "Hugging Face", roboflow: "Roboflow" };

/** The generic meaning of a hub's HTTP status; hub clients refine a few cases (gated repos, Roboflow's 403). */
export function errorFromStatus(failure: StatusFailure, code?: HubErrorCode, message?: string): HubError {
  const { hub, status, headers, body, subject } = failure;
  const title = hubTitle[hub];
  const details = {
    hub,
    status,
    hubErrorCode: headers["x-error-code"] ?? body.type,
    hubMessage: headers["x-error-message"] ?? body.message,
  };
  const transient: TransientFailure | undefined =
    status === 429 || status === 503 || status === 504
      ? {
          reason: "status",
          status,
          retryAfter: headers["retry-after"],
          rateLimitResetS: parseRateLimitReset(headers["ratelimit"]),
          estimatedTimeS: body.estimatedTimeS,
        }
      : undefined;
  const [defaultCode, defaultMessage] = describe(status, title, subject);
  return new HubError(code ?? defaultCode, message ?? defaultMessage, details, transient);
}

function describe(status: number, title: string, subject: string): [HubErrorCode, string] {
  switch (status) {
    case 400:
    case 422:
      return [HubErrorCode.BadRequest, `${title} rejected the request for ${subject}`];
    case 401:
      return [HubErrorCode.Unauthorized, `${title} rejected the credentials for ${subject}`];
    case 402:
      return [HubErrorCode.PaymentRequired, `${title} requires payment for ${subject}: the account is out of credits`];
    case 403:
      return [HubErrorCode.Forbidden, `${title} refused access to ${subject}`];
    case 404:
      return [HubErrorCode.NotFound, `${title} has no ${subject}`];
    case 413:
      return [HubErrorCode.PayloadTooLarge, `${title} found the image too large for ${subject}`];
    case 423:
      return [HubErrorCode.PaymentRequired, `${title} has paused API usage for this account (${subject})`];
    case 429:
      return [HubErrorCode.RateLimited, `${title} is rate limiting calls for ${subject}`];
    case 503:
      return [HubErrorCode.Unavailable, `${title} is not ready to serve ${subject}`];
    case 504:
      return [HubErrorCode.Unavailable, `${title} timed out serving ${subject}`];
    default:
      if (status >= 500) return [HubErrorCode.Unavailable, `${title} failed serving ${subject} (HTTP ${status})`];
      return [HubErrorCode.BadResponse, `${title} answered HTTP ${status} for ${subject}`];
  }
}

/** JSON from a 2xx answer, or HUB_BAD_RESPONSE. */
export function parseJsonBody(hub: HubName, body: Buffer, subject: string): unknown {
  try {
    return JSON.parse(body.toString("utf8"));
  } catch {
    throw new HubError(HubErrorCode.BadResponse, `${hubTitle[hub]} sent malformed JSON for ${subject}`, { hub });
  }
}

export function badShape(hub: HubName, subject: string, what: string): HubError {
  return new HubError(HubErrorCode.BadResponse, `${hubTitle[hub]} sent an unexpected answer for ${subject}: ${what}`, { hub });
}
