import { createHmac, timingSafeEqual } from "node:crypto";
import { AnnotationSource } from "./label-types.js";
import { AnnotationFormat } from "./interchange/interchange.js";

/** Which shapes an export takes: all when a field is null. */
export interface ExportFilter {
  source: AnnotationSource | null;
  /** Shapes with a score below it are left out; shapes without a score (a person's) are kept. */
  minScore: number | null;
  /** Only the shapes this job committed. */
  jobId: string | null;
}

/** What a download token grants: one export of one task of one tenant, until `expiresAt`. */
export interface ExportGrant {
  tenantId: string;
  taskId: string;
  format: AnnotationFormat;
  filter: ExportFilter;
  includeFrames: boolean;
  /** Milliseconds since the epoch. */
  expiresAt: number;
}

/** Why a token was refused: not one this service signed (or altered), or past its expiry. */
export type TokenRefusal = "invalid" | "expired";

const VERSION = 1;

const b64 = (buf: Buffer | string) => Buffer.from(buf).toString("base64url");

/**
 * `<payload>.<signature>`, both base64url: the payload is JSON `{ v: 1, tn: tenant, tk: task, f: format, s: source,
 * m: minScore, j: jobId, i: includeFrames, exp: expiry in ms }`; the signature is HMAC-SHA256 over the payload's
 * base64url text with the service's EXPORT_TOKEN_SECRET. The token is the download's only credential.
 */
export function signExportToken(grant: ExportGrant, secret: string): string {
  const payload = b64(
    JSON.stringify({
      v: VERSION,
      tn: grant.tenantId,
      tk: grant.taskId,
      f: grant.format,
      s: grant.filter.source,
      m: grant.filter.minScore,
      j: grant.filter.jobId,
      i: grant.includeFrames,
      exp: grant.expiresAt,
    }),
  );
  return `${payload}.${signature(payload, secret)}`;
}

function signature(payload: string, secret: string): string {
  return createHmac("sha256", secret).update(payload).digest("base64url");
}

/** The grant a token carries, or why not: the signature is checked (in constant time) before anything is read. */
export function verifyExportToken(token: string, secret: string, now: number): ExportGrant | { refused: TokenRefusal } {
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { refused: "invalid" };
  const [payload, sig] = parts;
  const expected = Buffer.from(signature(payload, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { refused: "invalid" };
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    return { refused: "invalid" };
  }
  const formats = Object.values(AnnotationFormat) as string[];
  const sources = Object.values(AnnotationSource) as string[];
  if (
    claims.v !== VERSION ||
    typeof claims.tn !== "string" ||
    typeof claims.tk !== "string" ||
    typeof claims.f !== "string" ||
    !formats.includes(claims.f) ||
    !(claims.s === null || (typeof claims.s === "string" && sources.includes(claims.s))) ||
    !(claims.m === null || typeof claims.m === "number") ||
    !(claims.j === null || typeof claims.j === "string") ||
    typeof claims.i !== "boolean" ||
    typeof claims.exp !== "number"
  )
    return { refused: "invalid" };
  if (now >= claims.exp) return { refused: "expired" };
  return {
    tenantId: claims.tn,
    taskId: claims.tk,
    format: claims.f as AnnotationFormat,
    filter: { source: claims.s as AnnotationSource | null, minScore: claims.m, jobId: claims.j },
    includeFrames: claims.i,
    expiresAt: claims.exp,
  };
}
