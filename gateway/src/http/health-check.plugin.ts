import { isRequestFor, sendJson, type HttpPlugin } from "./http-plugin.js";

/** `/healthz`: the process is up. */
export function useHealthCheck(): HttpPlugin {
  return {
    onRequest(req, res) {
      if (!isRequestFor(req, "/healthz", ["GET", "HEAD"])) return false;
      sendJson(res, 200, { status: "ok" });
      return true;
    },
  };
}
