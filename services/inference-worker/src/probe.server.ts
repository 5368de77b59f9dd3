import { createServer, type Server } from "node:http";
import type { Registry } from "prom-client";

export interface ProbeServerDeps {
  readonly metrics: Registry;
  /** Stopping: /readyz answers 503 "draining". */
  draining(): boolean;
  /** Connected to NATS and able to take frames. */
  connected(): boolean;
}

/**
 * /healthz, /readyz and /metrics. Models run in runner processes, so this process's event loop, and these
 * answers, never wait for an inference.
 */
export function createProbeServer(deps: ProbeServerDeps): Server {
  return createServer((req, res) => {
    // Match the path alone: a probe may add a query string.
    const path = (req.url ?? "").split("?")[0];
    if (path === "/healthz") return void res.writeHead(200).end("ok");
    if (path === "/readyz") {
      const draining = deps.draining();
      return void res.writeHead(draining || !deps.connected() ? 503 : 200).end(draining ? "draining" : "ready");
    }
    if (path === "/metrics") {
      // A collector that throws answers 500 instead of leaving the scrape hanging.
      return void deps.metrics.metrics().then(
        (body) => res.writeHead(200, { "content-type": deps.metrics.contentType }).end(body),
        () => res.writeHead(500).end("metrics unavailable"),
      );
    }
    res.writeHead(404).end();
  });
}
