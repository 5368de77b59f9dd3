import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { GuardedTarget } from "@prelabel/hubs";

/** How a request that got no HTTP answer ended; the clients map these to their codes. */
export class TransportFailure extends Error {
  override readonly name = "TransportFailure";
  constructor(
    readonly reason: "network" | "aborted" | "too-large",
    message: string,
    /** The socket error's code (ECONNREFUSED, ECONNRESET, …) when there was one. */
    readonly errorCode?: string,
  ) {
    super(message);
  }
}

export interface TransportResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export interface TransportRequest {
  readonly method: "GET" | "POST";
  /** Checked by the address policy: connections go to its addresses only. */
  readonly target: GuardedTarget;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly signal: AbortSignal;
  readonly maxResponseBytes: number;
}

/**
 * One HTTP exchange on node's http(s) with the checked addresses pinned (`lookup`), no proxy (node's http uses none),
 * no redirects followed, keep-alive sockets, and a cap on the answer's size. Never throws an HTTP status: every answer
 * is returned; no answer is a TransportFailure.
 */
export class NuclioHttpTransport {
  private readonly httpAgent = new HttpAgent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true, maxSockets: 256 });

  send(request: TransportRequest): Promise<TransportResponse> {
    const { target, signal } = request;
    if (signal.aborted) return Promise.reject(new TransportFailure("aborted", "aborted before sending"));
    const https = target.url.protocol === "https:";
    const send = https ? httpsRequest : httpRequest;
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      const fail = (err: TransportFailure) => {
        if (settled) return;
        settled = true;
        signal.removeEventListener("abort", onAbort);
        reject(err);
      };
      const req = send(target.url, {
        method: request.method,
        headers: {
          "user-agent": "prelabel-nuclio",
          ...request.headers,
          ...(request.body ? { "content-length": String(request.body.length) } : {}),
        },
        agent: https ? this.httpsAgent : this.httpAgent,
        lookup: target.lookup,
      });
      const onAbort = () => {
        req.destroy();
        fail(new TransportFailure("aborted", "aborted"));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      req.on("error", (err: NodeJS.ErrnoException) => {
        fail(new TransportFailure("network", `no answer from ${target.url.host}${err.code ? ` (${err.code})` : ""}`, err.code));
      });
      req.on("response", (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > request.maxResponseBytes) {
            res.destroy();
            req.destroy();
            fail(new TransportFailure("too-large", `the answer from ${target.url.host} is larger than ${request.maxResponseBytes} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on("error", (err: NodeJS.ErrnoException) =>
          fail(
            new TransportFailure("network", `the answer from ${target.url.host} broke off${err.code ? ` (${err.code})` : ""}`, err.code),
          ),
        );
        res.on("aborted", () => fail(new TransportFailure("network", `the answer from ${target.url.host} broke off`, "ECONNRESET")));
        res.on("end", () => {
          if (settled) return;
          settled = true;
          signal.removeEventListener("abort", onAbort);
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) {
            if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
          }
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
        });
      });
      req.end(request.body);
    });
  }

  /** Closes idle keep-alive sockets. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
