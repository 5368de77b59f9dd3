import { HubErrorCode, type HubError } from "../hub.errors.js";
import { errorFromStatus, readErrorBody, type StatusFailure } from "../hub-status.mapper.js";
import type { HubResponse } from "../net/hub-http.transport.js";
import { redactSecrets } from "../secret.redactor.js";

// Roboflow's error answers as HubErrors. Pure: the client decides when an answer is a failure.

/** The metadata API (`api.roboflow.com`): 403 there is a key without access to a project. */
export function roboflowApiError(res: HubResponse, subject: string, apiKey: string): HubError {
  const failure = roboflowFailure(res, subject, apiKey);
  switch (res.status) {
    case 401:
      return errorFromStatus(failure, HubErrorCode.Unauthorized, "Roboflow rejected the API key");
    case 403:
      return errorFromStatus(failure, HubErrorCode.Forbidden, `The API key has no access to ${subject}`);
    case 404:
      return errorFromStatus(failure, HubErrorCode.NotFound, `Roboflow has no ${subject}`);
    default:
      return errorFromStatus(failure);
  }
}

/** Hosted inference: it answers 403 for a bad key (and for a key without access to the model). */
export function roboflowInferenceError(res: HubResponse, subject: string, apiKey: string): HubError {
  const failure = roboflowFailure(res, subject, apiKey);
  switch (res.status) {
    case 401:
    case 403:
      return errorFromStatus(failure, HubErrorCode.Unauthorized, `Roboflow rejected the API key for ${subject}`);
    case 404:
      return errorFromStatus(failure, HubErrorCode.NotFound, `Roboflow has no ${subject}`);
    default:
      return errorFromStatus(failure);
  }
}

/** A hub may echo the key in its message; it never leaves here. */
function roboflowFailure(res: HubResponse, subject: string, apiKey: string): StatusFailure {
  const body = readErrorBody(res.body, res.headers["content-type"]);
  const message = body.message === undefined ? undefined : redactSecrets(body.message, [apiKey]);
  return { hub: "roboflow", status: res.status, headers: res.headers, body: { ...body, message }, subject };
}
