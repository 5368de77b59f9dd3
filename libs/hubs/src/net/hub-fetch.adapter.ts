import type { HubHttpTransport, HubResponse } from "./hub-http.transport.js";

export interface FetchAdapterOptions {
  /** Maps the URL the caller built to the one to contact (the HF client hard-codes the public hosts). */
  readonly rewrite?: (url: string) => string;
  /** Sees every answer, so callers can read headers (Retry-After) the HF client's errors do not keep. */
  readonly observe?: (response: HubResponse) => void;
}

type FetchInput = Parameters<typeof fetch>[0];
type FetchInit = Parameters<typeof fetch>[1];

/**
 * A `fetch` for libraries that take one (the HF inference client): same guard, redirects and timeouts as
 * every other hub call. Bodies are buffered; a Blob's type becomes the Content-Type, as `fetch` does.
 */
export function createHubFetch(transport: HubHttpTransport, options: FetchAdapterOptions = {}): typeof fetch {
  return async (input: FetchInput, init?: FetchInit): Promise<Response> => {
    const rawUrl = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    const url = options.rewrite ? options.rewrite(rawUrl) : rawUrl;
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    let body: Uint8Array | string | undefined;
    const raw = init?.body;
    if (raw === undefined || raw === null) body = undefined;
    else if (typeof raw === "string") body = raw;
    else if (raw instanceof Blob) {
      body = new Uint8Array(await raw.arrayBuffer());
      if (raw.type && !headers["content-type"]) headers["content-type"] = raw.type;
    } else if (raw instanceof ArrayBuffer) body = new Uint8Array(raw);
    else if (ArrayBuffer.isView(raw)) body = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength);
    else throw new TypeError("Unsupported body type for a hub request");

    const method = (init?.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "POST" && method !== "HEAD") throw new TypeError(`Unsupported method ${method}`);
    const response = await transport.send({ method, url, headers, body, signal: init?.signal ?? undefined });
    options.observe?.(response);
    const nullBody = [204, 205, 304].includes(response.status) || method === "HEAD";
    return new Response(nullBody ? null : response.body, { status: response.status, headers: response.headers });
  };
}
