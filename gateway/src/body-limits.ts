import type { IncomingMessage } from "node:http";
import { declaredBodyTooLarge, ErrorCode, requestTooLargeMessage } from "@prelabel/service-kit";

const MiB = 1024 * 1024;

/** The largest model upload the registry accepts by default (its MODEL_UPLOAD_MAX_BYTES). */
export const DEFAULT_MODEL_UPLOAD_BYTES = 256 * MiB;
/** Room for the operation, the map and the multipart framing next to the file(s). */
export const MULTIPART_OVERHEAD_BYTES = MiB;
/** Default MAX_UPLOAD_BYTES: one maximal model upload (256 MiB) and its operation go through. */
export const DEFAULT_MAX_UPLOAD_BYTES = DEFAULT_MODEL_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES;
/** Non-multipart bodies (JSON operations), as the subgraphs. */
export const DEFAULT_MAX_JSON_BYTES = 2 * MiB;

export interface BodyLimits {
  /** Largest multipart (upload) request, in bytes. */
  maxUploadBytes: number;
  /** Largest other body (JSON), in bytes. */
  maxJsonBytes: number;
}

export interface BodyRejection {
  status: number;
  code: string;
  message: string;
}

const isMultipart = (contentType: string | null | undefined) => (contentType ?? "").toLowerCase().startsWith("multipart/");

/** The limit of a body with this content type: multipart up to maxUploadBytes, anything else up to maxJsonBytes. */
export const bodyLimitOf = (contentType: string | null | undefined, limits: BodyLimits) =>
  isMultipart(contentType) ? limits.maxUploadBytes : limits.maxJsonBytes;

/** How a refusal names that limit. */
export const bodyLimitName = (contentType: string | null | undefined) => (isMultipart(contentType) ? "upload" : "request");

/**
 * A declared body (Content-Length) over its limit, decided from the headers alone so a refused body is never read:
 * multipart up to maxUploadBytes, anything else up to maxJsonBytes. Bodies without Content-Length (chunked) are
 * counted while they are read instead (plugins/body-limits.plugin.ts).
 */
export function checkBodySize(req: IncomingMessage, maxUploadBytes: number, maxJsonBytes: number): BodyRejection | undefined {
  const contentType = req.headers["content-type"];
  const limit = bodyLimitOf(contentType, { maxUploadBytes, maxJsonBytes });
  const size = declaredBodyTooLarge(req, limit);
  if (size === undefined) return undefined;
  return { status: 413, code: ErrorCode.PayloadTooLarge, message: requestTooLargeMessage(bodyLimitName(contentType), limit, size) };
}
