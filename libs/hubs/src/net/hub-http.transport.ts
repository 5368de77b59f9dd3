import axios, { type AxiosInstance, type AxiosRequestConfig } from "axios";
import { HubError, HubErrorCode, isTimeoutReason } from "../hub.errors.js";
import { redactSecrets } from "../secret.redactor.js";
import { sanitize, type SsrfGuard } from "./ssrf.guard.js";

export interface HubRequest {
  readonly method: "GET" | "POST" | "HEAD";
  readonly url: string | URL;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Uint8Array | string;
  readonly signal?: AbortSignal;
  /** Bigger answers are refused (HUB_BAD_RESPONSE) rather than buffered. */
  readonly maxResponseBytes?: number;
}

export interface HubResponse {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  /** The URL that answered (after same-host redirects). */
  readonly url: URL;
}

export interface HubHttpTransportOptions {
  readonly maxRedirects?: number;
  /** Applies when the caller gives no shorter signal, e.g. the HF client's own Hub lookups. */
  readonly defaultTimeoutMs?: number;
  readonly maxResponseBytes?: number;
}

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

/**
 * Every outbound hub request goes through here: the SSRF guard checks the URL and pins the addresses it
 * resolved, redirects are followed by hand one checked hop at a time, and failures become HubErrors
 * (connection errors and timeouts marked transient). Built on axios with proxies off, so neither an
 * environment proxy nor a redirect can route around the guard.
 */
export class HubHttpTransport {
  private readonly http: AxiosInstance;
  private readonly maxRedirects: number;
  private readonly defaultTimeoutMs: number;
  private readonly maxResponseBytes: number;

  constructor(
    readonly guard: SsrfGuard,
    options: HubHttpTransportOptions = {},
  ) {
    this.maxRedirects = options.maxRedirects ?? 3;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? 60_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.http = axios.create({
      proxy: false,
      maxRedirects: 0,
      responseType: "arraybuffer",
      // Bodies are Buffers already and answers are parsed by the hub clients, which know what malformed means.
      transformRequest: [(data: unknown) => data],
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      decompress: true,
      maxBodyLength: Infinity,
    });
  }

  async send(request: HubRequest): Promise<HubResponse> {
    let url = this.guard.checkUrl(request.url);
    let method = request.method;
    let body: Buffer | undefined = request.body === undefined ? undefined : toBuffer(request.body);
    const headers: Record<string, string> = { ...request.headers };
    const signal = request.signal
      ? AbortSignal.any([request.signal, AbortSignal.timeout(this.defaultTimeoutMs)])
      : AbortSignal.timeout(this.defaultTimeoutMs);
    const maxBytes = request.maxResponseBytes ?? this.maxResponseBytes;

    for (let hop = 0; ; hop++) {
      const target = await this.guard.resolve(url);
      const response = await this.once(target.url, target.lookup, method, headers, body, signal, maxBytes);
      const location = response.headers["location"];
      if (!redirectStatuses.has(response.status) || !location) return response;
      if (hop >= this.maxRedirects) {
        throw new HubError(HubErrorCode.BadResponse, `Too many redirects from ${url.host}`, { status: response.status });
      }
      const next = this.guard.checkRedirect(url, location);
      if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === "POST")) {
        method = "GET";
        body = undefined;
        deleteHeader(headers, "content-type");
      }
      // Credentials stay with the origin they were meant for.
      if (next.origin !== url.origin) deleteHeader(headers, "authorization");
      url = next;
    }
  }

  private async once(
    url: URL,
    lookup: import("node:net").LookupFunction,
    method: string,
    headers: Record<string, string>,
    body: Buffer | undefined,
    signal: AbortSignal,
    maxBytes: number,
  ): Promise<HubResponse> {
    try {
      const res = await this.http.request<Buffer>({
        url: url.href,
        method,
        headers: { "User-Agent": "prelabel-hubs", ...headers },
        data: body,
        signal,
        // Node's LookupFunction and axios's own type differ only in how they spell the address family.
        lookup: lookup as unknown as AxiosRequestConfig["lookup"],
        maxContentLength: maxBytes,
      });
      const out: Record<string, string> = {};
      // Node's header values as axios passes them on (set-cookie is the one list).
      for (const [name, value] of Object.entries(res.headers as Record<string, string | string[] | number | boolean | null | undefined>)) {
        if (value === undefined || value === null) continue;
        out[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : String(value);
      }
      return { status: res.status, headers: out, body: Buffer.isBuffer(res.data) ? res.data : Buffer.from(res.data ?? []), url };
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      if (axios.isAxiosError(err)) {
        if (/maxContentLength/.test(err.message)) {
          throw new HubError(HubErrorCode.BadResponse, `The answer from ${url.host} is larger than ${maxBytes} bytes`, {
            responseLimitBytes: maxBytes,
          });
        }
        if (err.code === "ERR_BAD_REQUEST" || err.code === "ERR_BAD_OPTION_VALUE" || err.code === "ERR_INVALID_URL") {
          throw new HubError(HubErrorCode.BadRequest, `Request to ${url.host} could not be sent: ${redactSecrets(err.message)}`);
        }
        // No answer at all (refused, reset, unreachable): a connection error, retryable.
        throw new HubError(
          HubErrorCode.Unavailable,
          `Could not reach ${url.host}${err.code ? ` (${err.code})` : ""}`,
          {},
          { reason: "network" },
          { cause: sanitize(err) },
        );
      }
      throw err;
    }
  }
}

/** An aborted request: our timeouts become transient HUB_UNAVAILABLE, a caller's cancellation passes through as is. */
export function abortReason(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  if (isTimeoutReason(reason)) {
    return new HubError(HubErrorCode.Unavailable, "The hub did not answer in time", {}, { reason: "timeout" });
  }
  return reason;
}

function toBuffer(body: Uint8Array | string): Buffer {
  if (typeof body === "string") return Buffer.from(body, "utf8");
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function deleteHeader(headers: Record<string, string>, name: string): void {
  for (const key of Object.keys(headers)) if (key.toLowerCase() === name) delete headers[key];
}
