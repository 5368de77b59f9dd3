import { HubErrorCode } from "./hub.errors.js";

/**
 * The codes a client sees for a hub failure: GraphQL errors of model-registry and frame failures of the worker
 * alike (docs/errors.md). Several hub errors share one where a client could do nothing different (a bad hub answer
 * is as much "try later" as an outage); a too-large payload and a bad request take the shared GraphQL codes.
 */
export const HubPublicCode = {
  ModelNotFound: "HUB_MODEL_NOT_FOUND",
  Unauthorized: "HUB_UNAUTHORIZED",
  Forbidden: "HUB_FORBIDDEN",
  PaymentRequired: "HUB_PAYMENT_REQUIRED",
  UnsupportedTask: "HUB_UNSUPPORTED_TASK",
  NotDeployable: "HUB_NOT_DEPLOYABLE",
  RateLimited: "HUB_RATE_LIMITED",
  Unavailable: "HUB_UNAVAILABLE",
  UrlRefused: "HUB_URL_REFUSED",
  PayloadTooLarge: "PAYLOAD_TOO_LARGE",
  BadUserInput: "BAD_USER_INPUT",
} as const;
export type HubPublicCode = (typeof HubPublicCode)[keyof typeof HubPublicCode];

/** The one place a libs/hubs failure becomes a public code. */
export const hubPublicCodes: Readonly<Record<HubErrorCode, HubPublicCode>> = {
  [HubErrorCode.NotFound]: HubPublicCode.ModelNotFound,
  [HubErrorCode.Unauthorized]: HubPublicCode.Unauthorized,
  [HubErrorCode.Forbidden]: HubPublicCode.Forbidden,
  [HubErrorCode.PaymentRequired]: HubPublicCode.PaymentRequired,
  [HubErrorCode.PayloadTooLarge]: HubPublicCode.PayloadTooLarge,
  [HubErrorCode.RateLimited]: HubPublicCode.RateLimited,
  [HubErrorCode.Unavailable]: HubPublicCode.Unavailable,
  [HubErrorCode.BadResponse]: HubPublicCode.Unavailable,
  [HubErrorCode.BadRequest]: HubPublicCode.BadUserInput,
  [HubErrorCode.UnsupportedTask]: HubPublicCode.UnsupportedTask,
  [HubErrorCode.NotDeployable]: HubPublicCode.NotDeployable,
  [HubErrorCode.UrlRefused]: HubPublicCode.UrlRefused,
  [HubErrorCode.UrlInvalid]: HubPublicCode.BadUserInput,
};
