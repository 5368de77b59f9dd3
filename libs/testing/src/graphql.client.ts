import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** A GraphQL client as a frontend would use one: JSON over HTTP, multipart for files, graphql-ws for subscriptions. */
export class GraphQLTestClient {
  private ws?: Client;

  /** `apiKey`: sent as `Authorization: Bearer <key>` on HTTP and in the graphql-ws connection_init payload (cloud mode). */
  constructor(
    readonly httpUrl: string,
    private readonly options: { apiKey?: string } = {},
  ) {}

  /** The caller's headers (empty without a key): for requests a test makes by hand, e.g. SSE. */
  get authHeaders(): Record<string, string> {
    return this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {};
  }

  /** Subscribes over SSE (`accept: text/event-stream`) and yields each event's JSON until the stream ends. */
  async *subscribeSse<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): AsyncGenerator<GraphQLResponse<T>> {
    const res = await fetch(this.httpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...this.authHeaders },
      body: JSON.stringify({ query, variables }),
    });
    if (!res.headers.get("content-type")?.includes("text/event-stream")) {
      yield (await res.json()) as GraphQLResponse<T>;
      return;
    }
    const decoder = new TextDecoder();
    let buffer = "";
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (/^event: complete/m.test(block)) return;
        const data = block
          .split("\n")
          .filter((l) => l.startsWith("data:"))
          .map((l) => l.slice(5).trim())
          .join("\n");
        if (data) yield JSON.parse(data) as GraphQLResponse<T>;
      }
    }
  }

  async request<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResponse<T>> {
    const res = await fetch(this.httpUrl, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...this.authHeaders },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as GraphQLResponse<T>;
  }

  /** Throws when the response has errors: for steps that must succeed. */
  async must<T = Record<string, any>>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await this.request<T>(query, variables);
    if (res.errors?.length || !res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data;
  }

  /** The GraphQL multipart request spec: `files` fill the variable at `path` (e.g. "files"), one per list item. */
  async upload<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    path: string,
    files: { name: string; bytes: Uint8Array; type?: string }[],
  ): Promise<GraphQLResponse<T>> {
    const form = new FormData();
    form.set("operations", JSON.stringify({ query, variables: { ...variables, [path]: files.map(() => null) } }));
    form.set("map", JSON.stringify(Object.fromEntries(files.map((_, i) => [String(i), [`variables.${path}.${i}`]]))));
    files.forEach((f, i) => form.set(String(i), new Blob([Buffer.from(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name));
    const res = await fetch(this.httpUrl, {
      method: "POST",
      body: form,
      headers: { "apollo-require-preflight": "true", ...this.authHeaders },
    });
    return (await res.json()) as GraphQLResponse<T>;
  }

  /** The GraphQL multipart request spec for one file in the variable `path` (e.g. `file: Upload!`). */
  async uploadFile<T = Record<string, any>>(
    query: string,
    variables: Record<string, unknown>,
    path: string,
    file: { name: string; bytes: Uint8Array; type?: string },
  ): Promise<GraphQLResponse<T>> {
    const form = new FormData();
    form.set("operations", JSON.stringify({ query, variables: { ...variables, [path]: null } }));
    form.set("map", JSON.stringify({ "0": [`variables.${path}`] }));
    form.set("0", new Blob([Buffer.from(file.bytes)], { type: file.type ?? "application/octet-stream" }), file.name);
    const res = await fetch(this.httpUrl, {
      method: "POST",
      body: form,
      headers: { "apollo-require-preflight": "true", ...this.authHeaders },
    });
    return (await res.json()) as GraphQLResponse<T>;
  }

  /** Collects every event of a subscription until it completes (or `until` says stop). */
  subscribe<T = Record<string, any>>(query: string, variables: Record<string, unknown>): AsyncIterableIterator<GraphQLResponse<T>> {
    this.ws ??= createClient({
      url: this.httpUrl.replace(/^http/, "ws"),
      webSocketImpl: WebSocket,
      lazy: true,
      retryAttempts: 0,
      ...(this.options.apiKey ? { connectionParams: { Authorization: `Bearer ${this.options.apiKey}` } } : {}),
    });
    return this.ws.iterate({ query, variables }) as AsyncIterableIterator<GraphQLResponse<T>>;
  }

  async close(): Promise<void> {
    await this.ws?.dispose();
  }
}
