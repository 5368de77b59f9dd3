import { AppError, ErrorCode } from "@prelabel/service-kit";
import { ModelRegistryErrorCode } from "./model-registry-error-codes.js";

/** addNuclioFunction input that breaks a rule (url, name, threshold, one of functionYaml/spec); lists every problem. */
export class InvalidNuclioInputError extends AppError {
  constructor(readonly problems: string[]) {
    super(ErrorCode.BadUserInput, `Invalid Nuclio function: ${problems.join("; ")}`, { problems });
  }
}

/** The function.yaml or label spec does not parse, or no job could run what it declares; lists every problem. */
export class InvalidFunctionConfigError extends AppError {
  constructor(readonly problems: string[]) {
    super(ModelRegistryErrorCode.InvalidFunctionConfig, `The function config is not valid: ${problems.join("; ")}`, { problems });
  }
}

/** The address policy refused the function's URL; `reason` is the policy's safe message. */
export class NuclioUrlRefusedError extends AppError {
  constructor(reason: string, options?: ErrorOptions) {
    super(ModelRegistryErrorCode.NuclioUrlRefused, reason, {}, options);
  }
}

/** Registering an interactor, tracker or reid function by hand: listed when discovered, never run. */
export class NuclioFunctionUnsupportedError extends AppError {
  constructor(
    readonly functionName: string,
    readonly reason: string,
  ) {
    super(ModelRegistryErrorCode.NuclioFunctionUnsupported, `Nuclio function "${functionName}" cannot be run: ${reason}`, {
      functionName,
      reason,
    });
  }
}

/** Hand-registered functions per tenant are capped (NUCLIO_MAX_FUNCTIONS_PER_TENANT). */
export class NuclioFunctionLimitError extends AppError {
  constructor(readonly limit: number) {
    super(
      ModelRegistryErrorCode.NuclioFunctionLimit,
      `At most ${limit} Nuclio functions can be registered by hand per tenant; delete one first`,
      { limit },
    );
  }
}
