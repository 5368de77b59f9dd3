import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Fault } from "./fault.types.js";

export interface RecordedRequest {
  /** The route that matched, or "unmatched". */
  readonly route: string;
  readonly method: string;
  /** Path without the query, as sent (not decoded). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** Milliseconds since the fake started. */
  readonly at: number;
  /** What was answered: a status, or the fault kind for hang/reset. */
  answer?: number | "hang" | "reset";
  /** The fault that answered instead of the normal reply, if any. */
  fault?: Fault["kind"];
}

export interface FakeReply {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  /** Objects are sent as JSON with `application/json`; strings and Buffers as is. */
  readonly body?: unknown;
  readonly contentType?: string;
}

export interface FakeRequest {
  readonly method: string;
  readonly path: string;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

export interface FakeRoute {
  readonly name: string;
  readonly methods: readonly string[];
  /** Matched against the raw path; capture groups become `params` (URI-decoded). */
  readonly pattern: RegExp;
  readonly handle: (request: FakeRequest) => FakeReply | Promise<FakeReply>;
}

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * A loopback HTTP server (127.0.0.1, port 0) with named routes, a fault queue per route and a record of
 * every request. The hub fakes build on it; tests may use it directly for a stand-in host (a CDN, an
 * attacker's server that must never be reached).
 */
export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faultQueues = new Map<string, Fault[]>();
  private readonly started = Date.now();
  private inFlight = 0;
  /** Most requests the fake has been answering at once (hanging ones included) since the last reset. */
  peakInFlight = 0;
  private server?: Server;
  private baseUrl?: string;

  constructor(
    readonly name: string,
    private readonly routes: readonly FakeRoute[],
  ) {}

  /** Starts listening on 127.0.0.1 at a free port. */
  async listen(): Promise<this> {
    const server = createServer((req, res) => {
      void this.dispatch(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  get url(): string {
    if (!this.baseUrl) throw new Error(`${this.name} fake is not listening`);
    return this.baseUrl;
  }

  /** Queues faults for a route; each answers one request, in order, before normal replies resume. */
  inject(route: string, ...faults: Fault[]): this {
    if (!this.routes.some((r) => r.name === route)) throw new Error(`${this.name} fake has no route "${route}"`);
    const queue = this.faultQueues.get(route) ?? [];
    queue.push(...faults);
    this.faultQueues.set(route, queue);
    return this;
  }

  /** Faults still waiting on a route (a test can assert they were all consumed). */
  pendingFaults(route: string): number {
    return this.faultQueues.get(route)?.length ?? 0;
  }

  requestsTo(route: string): RecordedRequest[] {
    return this.requests.filter((r) => r.route === route);
  }

  /** Forgets recorded requests and queued faults (fixtures stay). */
  reset(): void {
    this.requests.length = 0;
    this.faultQueues.clear();
    this.peakInFlight = this.inFlight;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    // Hanging requests hold their sockets open: cut them so close() returns.
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    let counted = true;
    const done = () => {
      if (counted) this.inFlight--;
      counted = false;
    };
    res.once("finish", done);
    res.once("close", done);
    const rawUrl = req.url ?? "/";
    const q = rawUrl.indexOf("?");
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q === -1 ? "" : rawUrl.slice(q + 1));
    const method = req.method ?? "GET";
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    let route: FakeRoute | undefined;
    let match: RegExpExecArray | null = null;
    for (const r of this.routes) {
      match = r.pattern.exec(path);
      if (match && r.methods.includes(method)) {
        route = r;
        break;
      }
    }
    const record: RecordedRequest = {
      route: route?.name ?? "unmatched",
      method,
      path,
      query,
      headers: req.headers,
      body,
      at: Date.now() - this.started,
    };
    this.requests.push(record);
    if (!route || !match) {
      record.answer = 404;
      send(res, { status: 404, body: { error: "Not Found" } });
      return;
    }
    const fault = this.faultQueues.get(route.name)?.shift();
    if (fault) record.fault = fault.kind;
    if (fault && fault.kind !== "delay") {
      this.answerWithFault(fault, res, record);
      return;
    }
    if (fault?.kind === "delay") await new Promise((resolve) => setTimeout(resolve, fault.ms));
    const request: FakeRequest = {
      method,
      path,
      params: match.slice(1).map((p) => (p === undefined ? "" : decodeURIComponent(p))),
      query,
      headers: req.headers,
      body,
    };
    let reply: FakeReply;
    try {
      reply = await route.handle(request);
    } catch (err) {
      reply = { status: 500, body: { error: `fake ${this.name} failed: ${(err as Error).message}` } };
    }
    record.answer = reply.status;
    send(res, reply);
  }

  private answerWithFault(fault: Fault, res: ServerResponse, record: RecordedRequest): void {
    switch (fault.kind) {
      case "hang":
        record.answer = "hang";
        return;
      case "reset":
        record.answer = "reset";
        res.socket?.destroy();
        return;
      case "status":
        record.answer = fault.status;
        send(res, {
          status: fault.status,
          headers: fault.headers,
          body: fault.text ?? fault.json,
          contentType: fault.contentType ?? (fault.text !== undefined ? "text/plain; charset=utf-8" : undefined),
        });
        return;
      case "malformed-json":
        record.answer = fault.status ?? 200;
        send(res, { status: fault.status ?? 200, body: '{"predictions": [{"x": 1,', contentType: "application/json" });
        return;
      case "wrong-shape":
        record.answer = 200;
        send(res, { status: 200, body: fault.json });
        return;
      case "content-type":
        record.answer = 200;
        send(res, { status: 200, body: fault.body, contentType: fault.contentType });
        return;
      case "redirect":
        record.answer = fault.status ?? 302;
        send(res, {
          status: fault.status ?? 302,
          headers: { Location: fault.location },
          body: "",
          contentType: "text/plain; charset=utf-8",
        });
        return;
      case "delay":
        return;
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error("body too large for the fake"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, reply: FakeReply): void {
  if (res.destroyed || res.writableEnded) return;
  let payload: Buffer | undefined;
  let contentType = reply.contentType;
  if (reply.body === undefined) payload = undefined;
  else if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (typeof reply.body === "string") payload = Buffer.from(reply.body, "utf8");
  else {
    payload = Buffer.from(JSON.stringify(reply.body), "utf8");
    contentType ??= "application/json";
  }
  const headers: Record<string, string | number> = { ...reply.headers };
  if (contentType) headers["Content-Type"] = contentType;
  headers["Content-Length"] = payload?.length ?? 0;
  res.writeHead(reply.status, headers);
  res.end(payload);
}

/** The bearer token of a request, if any. */
export function bearerToken(headers: IncomingHttpHeaders): string | undefined {
  const auth = headers.authorization;
  const m = auth ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
  return m ? m[1] : undefined;
}
