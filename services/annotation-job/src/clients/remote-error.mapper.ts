import { RemoteServiceError } from "@prelabel/messaging";
import { AppError, ErrorCode } from "@prelabel/service-kit";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";

/** Codes a describe endpoint may answer that mean the same thing to our clients. */
const PASS_THROUGH = new Set<string>([ErrorCode.NotFound, AnnotationJobErrorCode.InvalidFrameRange, AnnotationJobErrorCode.TaskEmpty]);

/**
 * Turns a failed request into an AppError: NOT_FOUND (and the task's own range/empty codes) keep
 * their code; a timeout, no responders or any other remote failure is SERVICE_UNAVAILABLE.
 */
export function toAppError(err: unknown, what: string, notFoundMessage: string): AppError {
  // instanceof narrows to AppError<any>: any code a service raised is a string.
  if (err instanceof AppError) return err as AppError;
  if (err instanceof RemoteServiceError) {
    if (err.code === ErrorCode.NotFound) return new AppError(ErrorCode.NotFound, notFoundMessage, undefined, { cause: err });
    if (PASS_THROUGH.has(err.code)) return new AppError(err.code, err.message, undefined, { cause: err });
    const reason = err.code === ErrorCode.ServiceUnavailable ? "did not answer" : `failed (${err.code})`;
    return new AppError(ErrorCode.ServiceUnavailable, `The ${what} ${reason}; try again shortly.`, undefined, { cause: err });
  }
  return new AppError(ErrorCode.ServiceUnavailable, `The ${what} could not be reached; try again shortly.`, undefined, { cause: err });
}
