import type { Registry } from "@prelabel/observability";
import { isRequestFor, type HttpPlugin } from "./http-plugin.js";

/** `/metrics`: the registry in Prometheus' text format. */
export function useMetricsEndpoint(registry: Registry): HttpPlugin {
  return {
    async onRequest(req, res) {
      if (!isRequestFor(req, "/metrics", ["GET"])) return false;
      const text = await registry.metrics();
      res.writeHead(200, { "content-type": registry.contentType });
      res.end(text);
      return true;
    },
  };
}
