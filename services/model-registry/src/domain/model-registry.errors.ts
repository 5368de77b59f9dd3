import { AppError, ErrorCode } from "@prelabel/service-kit";
import { ModelRegistryErrorCode } from "./model-registry-error-codes.js";
import { redactServerPaths } from "./server-path.redaction.js";

/** A model spec breaks a rule (duplicate labels, threshold out of range, …); lists every problem at once. */
export class InvalidModelSpecError extends AppError {
  constructor(
    readonly modelId: string,
    readonly problems: string[],
  ) {
    super(ErrorCode.BadUserInput, `Model "${modelId}" is invalid: ${problems.join("; ")}`, { modelId, problems });
  }
}

export class ModelNotFoundError extends AppError {
  constructor(readonly modelId: string) {
    super(ErrorCode.NotFound, `No model "${modelId}"`, { modelId });
  }
}

/**
 * An uploaded file is not an ONNX model onnxruntime loads, or does not fit its declared layout; lists every problem.
 * Problems reach clients, so server paths in them (onnxruntime names the files it opened) are redacted here.
 */
export class InvalidModelError extends AppError {
  readonly problems: string[];
  constructor(problems: string[]) {
    const safe = problems.map(redactServerPaths);
    super(ModelRegistryErrorCode.InvalidModel, `The model file is not valid: ${safe.join("; ")}`, { problems: safe });
    this.problems = safe;
  }
}

export class ModelTooLargeError extends AppError {
  constructor(
    readonly fileName: string,
    readonly maxBytes: number,
  ) {
    super(ErrorCode.PayloadTooLarge, `Model file "${fileName}" exceeds the ${maxBytes} byte limit (MODEL_UPLOAD_MAX_BYTES)`, {
      file: fileName,
      maxBytes,
    });
  }
}

/**
 * Catalog models ship with Prelabel and come back at the next start; discovered Nuclio functions follow their
 * dashboard. Uploaded, hub and hand-registered Nuclio models can be deleted.
 */
export class ModelNotDeletableError extends AppError {
  constructor(
    readonly modelId: string,
    readonly source: string,
  ) {
    const message =
      source === "NUCLIO"
        ? `Model "${modelId}" was discovered on the Nuclio dashboard and cannot be deleted here; remove the function from the dashboard`
        : `Model "${modelId}" comes from the ${source.toLowerCase()} and cannot be deleted; only uploaded, hub and hand-registered Nuclio models can`;
    super(ModelRegistryErrorCode.ModelNotDeletable, message, { modelId, source });
  }
}
