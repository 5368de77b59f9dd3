import { createReadStream, existsSync, statSync, type Stats } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { pipeline } from "node:stream/promises";
import type { Logger } from "@prelabel/service-kit";
import type { HttpPlugin } from "./http-plugin.js";

export interface ConsoleFilesOptions {
  /** The built console (console/dist: index.html and assets/); undefined or without index.html: the step is off. */
  dir: string | undefined;
  log: Logger;
}

/** Paths the console never answers: the API, GraphiQL and the probes stay the gateway's. */
const GATEWAY_PATHS = ["/graphql", "/healthz", "/readyz", "/metrics"];

/** Vite's hashed bundle: a changed file gets a new name, so these may be cached for good. */
const ASSETS_PREFIX = "/assets/";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".wasm": "application/wasm",
};

/** `Host` as sent by browsers (name or [IPv6], optional port): anything else is not echoed into the policy. */
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The console's Content-Security-Policy: everything from this origin, nothing inline, no plugins, no framing. The
 * subscription socket is this host's ws:/wss: (older browsers do not count them as 'self'); frames drawn from blobs
 * and data URLs. React sets `style` through the CSSOM, which style-src does not restrict, so no 'unsafe-inline'.
 */
export function consoleContentSecurityPolicy(host: string | undefined): string {
  const sockets = host && HOST_PATTERN.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src 'self'${sockets}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** A URL path that names a file under the console's directory, or why it does not. */
type Resolved = { file: string } | { refused: true };

/**
 * `/assets/x.js` → `<dir>/assets/x.js`. Percent-decoded first, then refused if any segment is `..` (or `.`), holds a
 * backslash or NUL, or decodes badly: `/assets/../../package.json` and its encoded variants never leave the directory.
 * The result is checked to be inside the directory as well.
 */
export function resolveConsolePath(dir: string, urlPath: string): Resolved {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { refused: true };
  }
  const segments = decoded.split("/").slice(1);
  if (segments.some((s) => s === ".." || s === "." || s.includes("\\") || s.includes("\0"))) return { refused: true };
  const root = resolve(dir);
  const file = resolve(root, ...segments.filter(Boolean));
  if (file !== root && !file.startsWith(root + sep)) return { refused: true };
  return { file };
}

const isFile = (path: string): Stats | undefined => {
  try {
    const stats = statSync(path);
    return stats.isFile() ? stats : undefined;
  } catch {
    return undefined;
  }
};

/**
 * The web console at `/`, from the built bundle: its files as they are (`/assets/*` cached for a year, the rest
 * revalidated), and index.html for any other GET that asks for a page, so client routes (`/tasks/42`) survive a
 * reload. /graphql (GraphiQL included), the probes and /metrics are never touched. Answered before authentication:
 * the files carry no data (like GraphiQL's page); the API behind them still needs a key in cloud mode.
 * Without a built console, GET / says so in one line and everything else goes on as before.
 */
export function useConsoleFiles({ dir, log }: ConsoleFilesOptions): HttpPlugin {
  const index = dir ? join(dir, "index.html") : undefined;
  if (!dir || !index || !existsSync(index)) {
    log.info({ dir: dir ?? null }, "no built console: / is off (npm run build builds it; CONSOLE_DIR points at it)");
    return {
      onRequest(req, res) {
        if (pathOf(req) !== "/" || !isRead(req)) return false;
        sendText(res, 404, "The web console is not built here: run `npm run build` (or set CONSOLE_DIR); the API is at /graphql.\n");
        return true;
      },
    };
  }
  log.info({ dir }, "serving the web console at /");
  return {
    async onRequest(req, res) {
      if (!isRead(req)) return false;
      const path = pathOf(req);
      if (GATEWAY_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return false;
      const resolved = resolveConsolePath(dir, path);
      if ("refused" in resolved) {
        sendText(res, 400, "Bad path.\n");
        return true;
      }
      const stats = path === "/" ? undefined : isFile(resolved.file);
      if (stats) {
        const immutable = path.startsWith(ASSETS_PREFIX);
        await sendFile(req, res, resolved.file, stats, immutable ? "public, max-age=31536000, immutable" : "no-cache");
        return true;
      }
      if (path.startsWith(ASSETS_PREFIX)) {
        sendText(res, 404, "Not found.\n");
        return true;
      }
      // `/` and client routes (a page request): the app, which routes itself; anything else goes on (the runtime's 404).
      if (path !== "/" && !(req.headers.accept ?? "").includes("text/html")) return false;
      const page = isFile(index);
      if (!page) return false;
      await sendFile(req, res, index, page, "no-cache");
      return true;
    },
  };
}

const pathOf = (req: IncomingMessage): string => (req.url ?? "/").split("?")[0];
const isRead = (req: IncomingMessage): boolean => req.method === "GET" || req.method === "HEAD";

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, stats: Stats, cacheControl: string): Promise<void> {
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": stats.size,
    "cache-control": cacheControl,
    "content-security-policy": consoleContentSecurityPolicy(req.headers.host),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res);
}
