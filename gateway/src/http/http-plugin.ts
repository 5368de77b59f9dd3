import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * One concern of the HTTP layer in front of the Hive runtime, shaped like a Hive `onRequest` hook: it answers the
 * request (and returns true) or lets it through. They run on node's own request, before anything reads the body:
 * probes, authentication and declared body sizes are settled without the GraphQL runtime.
 */
export interface HttpPlugin {
  onRequest?(req: IncomingMessage, res: ServerResponse): boolean | Promise<boolean>;
  /** `Expect: 100-continue`: answers (true) before the client sends its body; otherwise it gets `100 Continue`. */
  onCheckContinue?(req: IncomingMessage, res: ServerResponse): boolean;
}

/** Whether `req` asks for `path` (query string aside) with one of `methods`. */
export function isRequestFor(req: IncomingMessage, path: string, methods: readonly string[]): boolean {
  return (req.url ?? "/").split("?")[0] === path && methods.includes(req.method ?? "");
}

/** A GraphQL response body carrying one error with its code. */
export const graphqlErrorBody = (message: string, code: string) => ({ errors: [{ message, extensions: { code } }] });

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
