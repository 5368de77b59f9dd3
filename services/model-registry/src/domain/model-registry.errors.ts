import { AppError, ErrorCode } from "@prelabel/service-kit";

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
