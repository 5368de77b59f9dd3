import { request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import { request as httpsRequest } from "node:https";
import { ErrorCode, type Logger } from "@prelabel/service-kit";
import { sendJson, type HttpPlugin } from "./http-plugin.js";

export interface ExportDownloadsOptions {
  /** The task subgraph's URL (`…/graphql`); downloads go to the same origin's `/exports/<token>`. */
  taskUrl: string | undefined;
  log: Logger;
}

export const EXPORTS_PREFIX = "/exports/";

/** Response headers passed back to the client (hop-by-hop ones are the server's own business). */
const PASSED_HEADERS = ["content-type", "content-disposition", "content-length", "cache-control", "x-content-type-options"];

/**
 * `GET /exports/<token>`: an annotation download, proxied to the task service as it streams (no buffering: the
 * client's pace is the export's). The token is the credential, checked by the task service, so this step answers
 * before caller authentication and sends no identity; the task service's status and JSON error (403, 410, 429) pass
 * through. A client that goes away aborts the upstream request, which cancels the export. The task service
 * unreachable: 502 with a JSON error.
 */
export function useExportDownloads({ taskUrl, log }: ExportDownloadsOptions): HttpPlugin {
  const origin = taskUrl ? new URL(taskUrl).origin : undefined;
  return {
    onRequest(req, res) {
      const path = (req.url ?? "/").split("?")[0];
      if (!path.startsWith(EXPORTS_PREFIX)) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        sendJson(res, 405, { error: { code: ErrorCode.BadUserInput, message: "Downloads are GET requests" } });
        return true;
      }
      const token = path.slice(EXPORTS_PREFIX.length);
      if (!origin || !/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) {
        sendJson(res, 403, {
          error: { code: "INVALID_EXPORT_TOKEN", message: "This download link is not valid; ask exportAnnotations for a new one" },
        });
        return true;
      }
      return proxy(`${origin}${EXPORTS_PREFIX}${token}`, req, res, log);
    },
  };
}

function proxy(target: string, req: IncomingMessage, res: ServerResponse, log: Logger): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(target);
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const upstream = send(url, { method: req.method, headers: { accept: req.headers.accept ?? "*/*" } }, (answer) => {
      const headers: Record<string, string | string[]> = {};
      for (const name of PASSED_HEADERS) {
        const value = answer.headers[name];
        if (value !== undefined) headers[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, headers);
      answer.pipe(res);
      answer.once("error", () => res.destroy());
      // The upstream cut mid-stream (the export failed): the client must see a truncated download, not a complete one.
      answer.once("aborted", () => res.destroy());
      answer.once("end", () => resolve(true));
    });
    // The client gone before the end: stop the upstream request (the task service cancels the export).
    res.once("close", () => {
      if (!res.writableFinished) upstream.destroy();
      resolve(true);
    });
    upstream.once("error", (err) => {
      if (res.headersSent) {
        res.destroy();
      } else {
        log.warn({ err }, "annotation download: the task service did not answer");
        sendJson(res, 502, { error: { code: ErrorCode.ServiceUnavailable, message: "The task service did not answer; try again" } });
      }
      resolve(true);
    });
    upstream.end();
  });
}
