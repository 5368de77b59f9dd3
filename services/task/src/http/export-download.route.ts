import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import { AppError, ErrorCode, type HttpRoute, type Logger } from "@prelabel/service-kit";
import type { AnnotationDownload, AnnotationExportService } from "../application/annotation-export.service.js";
import { TaskErrorCode } from "../domain/task-error-codes.js";

/** The HTTP status of each error a download can answer before its first byte. */
const STATUS: Record<string, number> = {
  [TaskErrorCode.InvalidExportToken]: 403,
  [TaskErrorCode.ExportTokenExpired]: 410,
  [TaskErrorCode.TooManyExports]: 429,
  [ErrorCode.NotFound]: 404,
};

/** The error body every refusal has: `{ error: { code, message } }`, never a stack. */
function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
  });
  res.end(body);
}

/**
 * `GET /exports/<token>`: the annotation export a token of exportAnnotations grants, streamed as it is written (no
 * Content-Length; chunked). The token is the only credential (no identity header): a token this service did not sign
 * is 403 INVALID_EXPORT_TOKEN, an expired one 410 EXPORT_TOKEN_EXPIRED, a task gone (or not the token's tenant's) 404
 * NOT_FOUND, too many downloads of the tenant 429 TOO_MANY_EXPORTS. A client that goes away cancels the export.
 * An export failing after its first byte ends the connection abruptly (the client sees a truncated download).
 */
export function exportDownloadRoute(exports: AnnotationExportService, logger: Logger): HttpRoute {
  return {
    method: "GET",
    path: "/exports/:token",
    async handle(req: IncomingMessage, res: ServerResponse) {
      // base64url: nothing to decode; anything else fails the signature check.
      const token = (req.url ?? "").split("?")[0].replace(/^\/exports\//, "");
      let download: AnnotationDownload;
      try {
        download = await exports.open(exports.redeem(token));
      } catch (err) {
        const status = err instanceof AppError ? STATUS[(err as AppError).code] : undefined;
        if (status) return sendError(res, status, (err as AppError).code, (err as AppError).message);
        throw err;
      }
      const { body, fileName, contentType } = download;
      res.writeHead(200, {
        "content-type": contentType,
        "content-disposition": `attachment; filename="${fileName}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      if (req.method === "HEAD") {
        body.destroy();
        res.end();
        return;
      }
      try {
        // pipeline destroys the body when the response closes early: the export stops reading and its slot is freed.
        await pipeline(body, res);
      } catch (err) {
        if (res.writableFinished) return;
        if (!req.destroyed && !res.destroyed) logger.warn({ err, fileName }, "annotation export failed while streaming");
        res.destroy();
      }
    },
  };
}
