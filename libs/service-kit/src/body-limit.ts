import type { IncomingMessage, ServerResponse } from "node:http";
import { ErrorCode } from "./errors.js";

const MiB = 1024 * 1024;

/** "3.5 MiB" or "812 bytes", for messages that name a limit. */
export const formatBytes = (n: number): string => (n >= MiB ? `${+(n / MiB).toFixed(1)} MiB` : `${n} bytes`);

/** The message every PAYLOAD_TOO_LARGE refusal of a whole request carries (gateway and subgraphs alike). */
export const requestTooLargeMessage = (what: string, limit: number, size?: number): string =>
  `${size === undefined ? "Request body" : `Request body of ${formatBytes(size)}`} exceeds the ${what} limit of ${formatBytes(limit)}`;

/** After a refusal, the rest of a body is read and thrown away up to this much, then the connection is cut. */
export const DEFAULT_MAX_DRAIN_BYTES = 64 * MiB;
/** ... or for this long, whichever comes first. */
export const DEFAULT_MAX_DRAIN_MS = 10_000;

/**
 * Declared size over the limit → the refusal, decided from the headers alone (nothing read yet).
 * A malformed Content-Length cannot reach here: node's HTTP parser answers 400 itself.
 */
export function declaredBodyTooLarge(req: IncomingMessage, limit: number): number | undefined {
  const declared = req.headers["content-length"];
  if (declared === undefined) return undefined;
  const length = Number(declared);
  return !Number.isFinite(length) || length > limit ? length : undefined;
}

export interface DrainOptions {
  maxDrainBytes?: number;
  maxDrainMs?: number;
}

/**
 * Answers a request whose body is refused (413) without keeping its bytes: the answer goes out at once, and what
 * the client still sends is read and discarded (as nginx's lingering close) so it can finish writing and read the
 * answer instead of meeting a reset; past maxDrainBytes or maxDrainMs the socket is cut. Works before anything was read (Content-Length over the limit) and mid-body (a chunked body past it).
 */
export function refuseBody(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, options: DrainOptions = {}): void {
  drainBody(req, options);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const text = JSON.stringify(body);
  // No `connection: close`: closing while the client still sends can reset the connection before it reads the
  // answer ("fetch failed"). The rest of the body is drained instead, and the connection can be reused after it.
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Reads what is left of a refused body and throws it away, so the client can finish sending and read the answer;
 * past maxDrainBytes or maxDrainMs the connection is cut instead.
 */
export function drainBody(req: IncomingMessage, options: DrainOptions = {}): void {
  const maxBytes = options.maxDrainBytes ?? DEFAULT_MAX_DRAIN_BYTES;
  const cut = () => req.socket?.destroy();
  const timer = setTimeout(cut, options.maxDrainMs ?? DEFAULT_MAX_DRAIN_MS);
  timer.unref();
  let drained = 0;
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > maxBytes) cut();
  });
  req.on("error", () => undefined);
  req.once("close", () => clearTimeout(timer));
  req.once("end", () => clearTimeout(timer));
  req.resume();
}

/** The GraphQL-shaped answer of a refused body. */
export const payloadTooLargeBody = (message: string) => ({ errors: [{ message, extensions: { code: ErrorCode.PayloadTooLarge } }] });
