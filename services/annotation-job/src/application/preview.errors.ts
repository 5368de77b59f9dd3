import { AppError } from "@prelabel/service-kit";
import { AnnotationJobErrorCode } from "../domain/annotation-job-error-codes.js";
import type { TenantLimitError } from "../domain/job.errors.js";

/** TENANT_FRAME_QUOTA for a preview (the only tenant limit a preview's frames are held to), saying what to do. */
export function previewFrameQuota(err: TenantLimitError): AppError {
  const l = err.limit;
  if (l.kind !== "framesPerHour") return new AppError(AnnotationJobErrorCode.TenantFrameQuota, err.message, {}, { cause: err });
  const message =
    `Previewing ${l.requested} frames would exceed your organisation's ${l.limit} frames per hour (${l.used} used in the last hour)` +
    (l.retryAfterSeconds !== null ? `; try again in ${l.retryAfterSeconds} s or with fewer frames.` : ".");
  return new AppError(
    AnnotationJobErrorCode.TenantFrameQuota,
    message,
    { limit: l.limit, used: l.used, requested: l.requested, retryAfterSeconds: l.retryAfterSeconds },
    { cause: err },
  );
}

/** PREVIEW_LIMIT: the tenant already runs PREVIEW_MAX_CONCURRENT_PER_TENANT previews. */
export function previewLimit(limit: number, running: number): AppError {
  return new AppError(
    AnnotationJobErrorCode.PreviewLimit,
    `Your organisation already runs ${running} preview(s), the most it may run at once (${limit}); wait for one to finish.`,
    { limit, running },
  );
}
