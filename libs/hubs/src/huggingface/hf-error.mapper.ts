import { HubError, HubErrorCode } from "../hub.errors.js";
import { badShape, errorFromStatus, readErrorBody, type StatusFailure } from "../hub-status.mapper.js";
import type { HubResponse } from "../net/hub-http.transport.js";

// Hugging Face's failures as HubErrors: the Hub API's X-Error-Code types, the Inference API's statuses and
// the errors @huggingface/inference throws. Pure: the client decides when an answer is a failure.

/** An error answer as the generic status mapper reads it. */
export function hfFailure(res: HubResponse, subject: string): StatusFailure {
  const body = readErrorBody(res.body, res.headers["content-type"]);
  return { hub: "huggingface", status: res.status, headers: res.headers, body, subject };
}

/** The Hub API's error types (X-Error-Code) in plain words. */
export function hfHubApiError(res: HubResponse, repoId: string, subject: string): HubError {
  const failure = hfFailure(res, subject);
  switch (res.headers["x-error-code"]) {
    case "RepoNotFound":
      return errorFromStatus(
        failure,
        HubErrorCode.NotFound,
        `Hugging Face has no model ${repoId}, or it is private and the token (if any) cannot see it`,
      );
    case "GatedRepo":
      return errorFromStatus(
        failure,
        HubErrorCode.Forbidden,
        `${repoId} is gated: its files need a token of an account that has been granted access on its page`,
      );
    case "RevisionNotFound":
      return errorFromStatus(failure, HubErrorCode.NotFound, `${repoId} has no such revision`);
    case "EntryNotFound":
      return errorFromStatus(failure, HubErrorCode.NotFound, `Hugging Face has no ${subject}`);
  }
  if (/disabled/i.test(failure.body.message ?? "") && (res.status === 403 || res.status === 451)) {
    return errorFromStatus(failure, HubErrorCode.Forbidden, `${repoId} has been disabled on Hugging Face`);
  }
  if (res.status === 401) return errorFromStatus(failure, HubErrorCode.Unauthorized, "Hugging Face rejected the token");
  return errorFromStatus(failure);
}

export function hfInferenceError(failure: StatusFailure): HubError {
  switch (failure.status) {
    case 401:
      return errorFromStatus(failure, HubErrorCode.Unauthorized, "Hugging Face rejected the token");
    case 403:
      return errorFromStatus(failure, HubErrorCode.Forbidden, `The token has no access to ${failure.subject} (private or gated)`);
    case 404:
      return errorFromStatus(
        failure,
        HubErrorCode.NotFound,
        `Hugging Face does not serve ${failure.subject} (unknown, or not deployed on hf-inference)`,
      );
    default:
      return errorFromStatus(failure);
  }
}

interface ClientHttpError {
  name: string;
  message: string;
  httpResponse?: { status?: unknown; body?: unknown };
}

/** @huggingface/inference's errors as HubErrors; the headers it drops (Retry-After) come from the observed answer. */
export function hfClientError(err: unknown, last: HubResponse | undefined, subject: string): unknown {
  if (err instanceof HubError) return err;
  const e = err as ClientHttpError;
  if ((e?.name === "ProviderApiError" || e?.name === "HubApiError") && typeof e.httpResponse?.status === "number") {
    const status = e.httpResponse.status;
    if (status >= 200 && status < 300) {
      // The Hub answered, but without an hf-inference mapping for the model.
      return new HubError(HubErrorCode.NotDeployable, `${subject} is not deployed on the hf-inference provider`, { hub: "huggingface" });
    }
    const headers = last && last.status === status ? last.headers : {};
    const body = readErrorBody(e.httpResponse.body, headers["content-type"]);
    return hfInferenceError({ hub: "huggingface", status, headers, body, subject });
  }
  if (e?.name === "InputError" || e?.name === "RoutingError") {
    return new HubError(HubErrorCode.NotDeployable, `Hugging Face cannot run ${subject} this way: ${e.message}`, { hub: "huggingface" });
  }
  if (e?.name === "ProviderOutputError" || err instanceof SyntaxError || err instanceof TypeError) {
    // TypeError: the client reads `box.xmin` before checking the item has a box.
    return badShape("huggingface", subject, err instanceof SyntaxError ? "malformed JSON" : "not the shape this task returns");
  }
  return err;
}
