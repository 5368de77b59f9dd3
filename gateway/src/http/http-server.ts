import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ErrorCode, type Logger } from "@prelabel/service-kit";
import { graphqlErrorBody, sendJson, type HttpPlugin } from "./http-plugin.js";

/**
 * The gateway's node:http server: each request goes through `plugins` in order until one answers it, then to
 * `handle` (the Hive runtime). A request that fails is a 500 INTERNAL_SERVER_ERROR, or a cut connection once the
 * answer has begun.
 */
export function createHttpServer(
  plugins: readonly HttpPlugin[],
  handle: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  log: Logger,
): Server {
  const route = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const plugin of plugins) if (await plugin.onRequest?.(req, res)) return;
    await handle(req, res);
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void route(req, res).catch((err: unknown) => {
      log.error({ err }, "gateway request failed");
      if (!res.headersSent) sendJson(res, 500, graphqlErrorBody("Internal server error", ErrorCode.Internal));
      else res.destroy();
    });
  };
  const server = createServer(onRequest);
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (plugins.some((plugin) => plugin.onCheckContinue?.(req, res))) return;
    res.writeContinue();
    onRequest(req, res);
  });
  return server;
}

/** Listens on host:port (0: a free port) and resolves with the port bound. */
export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stops listening; in-flight requests get drainMs to finish, then long-lived ones (SSE streams) are cut. */
export function closeHttpServer(server: Server, drainMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), drainMs).unref();
  });
}
