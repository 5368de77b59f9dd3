import { hubPublicCodes, type HubError } from "@prelabel/hubs";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { ModelRegistryErrorCode } from "./model-registry-error-codes.js";

/** Hugging Face and Roboflow models exist only in cloud mode (PRELABEL_MODE=cloud). */
export class CloudOnlyError extends AppError {
  constructor(readonly operation: string) {
    super(ModelRegistryErrorCode.CloudOnly, `${operation} is available in cloud mode only (this deployment is self-hosted)`, { operation });
  }
}

/** addHuggingFaceModel / addRoboflowModel input that breaks a rule; lists every problem at once. */
export class InvalidHubModelInputError extends AppError {
  constructor(readonly problems: string[]) {
    super(ErrorCode.BadUserInput, `Invalid hub model: ${problems.join("; ")}`, { problems });
  }
}

/** updateHubCredential on a model that is not a hub model. */
export class NotAHubModelError extends AppError {
  constructor(readonly modelId: string) {
    super(
      ErrorCode.BadUserInput,
      `Model "${modelId}" is not a Hugging Face or Roboflow model run by its hub (imported ONNX exports keep no credential)`,
      { modelId },
    );
  }
}

/**
 * A HubError as an AppError with its public code. libs/hubs already redacts `hf_…`, `Bearer …` and
 * `api_key=`; the caller's own secret is scrubbed again here, because a Roboflow key has no fixed shape.
 */
export function toHubAppError(err: HubError, secret?: string): AppError {
  const scrub = (text: string) => (secret && secret.length >= 4 ? text.split(secret).join("[redacted]") : text);
  const d = err.details;
  return new AppError(
    hubPublicCodes[err.code],
    scrub(err.message),
    {
      hubCode: err.code,
      ...(d.hub ? { hub: d.hub } : {}),
      ...(d.status !== undefined ? { status: d.status } : {}),
      ...(d.retryAfterMs !== undefined ? { retryAfterMs: d.retryAfterMs } : {}),
    },
    // The cause is kept for the service log only; formatGraphQLError never sends it.
    { cause: err },
  );
}
