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
const GATEWAY_PATHS = ["/graphql", "/healthz", "/readyz", "/metrics", "/exports"];

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

/**
 * Types sent compressed when the build left a `.br`/`.gz` sibling (console/build/precompress.plugin.ts writes them for
 * the same extensions); images and fonts are compressed already.
 */
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".json", ".map", ".txt", ".svg", ".wasm"]);

/** Precompressed siblings, in the order preferred when the client weighs them equally (brotli is smaller). */
const ENCODINGS = [
  { name: "br", suffix: ".br" },
  { name: "gzip", suffix: ".gz" },
] as const;
type Encoding = (typeof ENCODINGS)[number]["name"];

/**
 * The encodings an `Accept-Encoding` header allows, best first (RFC 9110 §12.5.3): q-values respected, `q=0` refuses,
 * `*` stands for every encoding not named, `x-gzip` is gzip. Ties keep our preference (br before gzip). Empty: send
 * the file as it is (identity is always acceptable to us: a client refusing it gets it anyway rather than a 406).
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [token, ...params] = part.trim().split(";");
    const name = token.trim().toLowerCase();
    if (!name) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split("=").map((x) => x.trim());
      if (key.toLowerCase() === "q") q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(value ?? "") ? Number(value) : 0;
    }
    const key = name === "x-gzip" ? "gzip" : name;
    // A name repeated: its highest weight counts.
    weights.set(key, Math.max(q, weights.get(key) ?? 0));
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get("*") ?? 0;
  return ENCODINGS.map((e) => e.name)
    .filter((name) => weightOf(name) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a));
}

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
 * The web console at `/`, from the built bundle: its files as they are, or their precompressed `.br`/`.gz` siblings
 * when the browser accepts one (`/assets/*` cached for a year, the rest revalidated), and index.html for any other GET
 * that asks for a page, so client routes (`/tasks/42`) survive a reload. /graphql (GraphiQL included), the probes and /metrics are never touched. Answered before authentication:
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
      // The .br/.gz siblings are another form of their original, never a resource of their own.
      if (ENCODINGS.some((e) => path.toLowerCase().endsWith(e.suffix))) {
        if (path.startsWith(ASSETS_PREFIX)) {
          sendText(res, 404, "Not found.\n");
          return true;
        }
        return false;
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

/**
 * The representation to send: the first precompressed sibling the client accepts that exists and is not older than
 * the original (a stale one from an earlier build is skipped), else the original. The original was found first, so a
 * sibling left without its original is never served.
 */
function representationOf(
  req: IncomingMessage,
  file: string,
  stats: Stats,
): { path: string; size: number; encoding?: Encoding; varies: boolean } {
  if (!COMPRESSIBLE.has(extname(file).toLowerCase())) return { path: file, size: stats.size, varies: false };
  for (const name of acceptedEncodings(headerOf(req.headers["accept-encoding"]))) {
    const sibling = `${file}${ENCODINGS.find((e) => e.name === name)!.suffix}`;
    const siblingStats = isFile(sibling);
    if (siblingStats && siblingStats.mtimeMs >= stats.mtimeMs)
      return { path: sibling, size: siblingStats.size, encoding: name, varies: true };
  }
  return { path: file, size: stats.size, varies: true };
}

const headerOf = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value.join(",") : value);

async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, stats: Stats, cacheControl: string): Promise<void> {
  const sent = representationOf(req, file, stats);
  res.writeHead(200, {
    "content-type": CONTENT_TYPES[extname(file).toLowerCase()] ?? "application/octet-stream",
    "content-length": sent.size,
    ...(sent.encoding ? { "content-encoding": sent.encoding } : {}),
    // Every compressible file may come in another form to another client: caches must key on the header.
    ...(sent.varies ? { vary: "Accept-Encoding" } : {}),
    "cache-control": cacheControl,
    "content-security-policy": consoleContentSecurityPolicy(req.headers.host),
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
  });
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  await pipeline(createReadStream(sent.path), res);
}
