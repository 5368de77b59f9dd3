import { HubErrorCode } from "@prelabel/hubs";
import { ErrorCode } from "./errors.js";

/**
 * The one place a libs/hubs failure becomes a public code, for GraphQL errors (registry) and frame failures
 * (worker) alike. Several hub codes share a public one where a client could do nothing different (a bad hub
 * answer is as much "try later" as an outage).
 */
export const hubErrorCodes: Readonly<Record<HubErrorCode, ErrorCode>> = {
  [HubErrorCode.NotFound]: ErrorCode.HubModelNotFound,
  [HubErrorCode.Unauthorized]: ErrorCode.HubUnauthorized,
  [HubErrorCode.Forbidden]: ErrorCode.HubForbidden,
  [HubErrorCode.PaymentRequired]: ErrorCode.HubPaymentRequired,
  [HubErrorCode.PayloadTooLarge]: ErrorCode.PayloadTooLarge,
  [HubErrorCode.RateLimited]: ErrorCode.HubRateLimited,
  [HubErrorCode.Unavailable]: ErrorCode.HubUnavailable,
  [HubErrorCode.BadResponse]: ErrorCode.HubUnavailable,
  [HubErrorCode.BadRequest]: ErrorCode.BadUserInput,
  [HubErrorCode.UnsupportedTask]: ErrorCode.HubUnsupportedTask,
  [HubErrorCode.NotDeployable]: ErrorCode.HubNotDeployable,
  [HubErrorCode.UrlRefused]: ErrorCode.HubUrlRefused,
  [HubErrorCode.UrlInvalid]: ErrorCode.BadUserInput,
};
