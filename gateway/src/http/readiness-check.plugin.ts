import { isRequestFor, sendJson, type HttpPlugin } from "./http-plugin.js";

export interface ReadinessCheckOptions {
  /** Subgraph name → its GraphQL URL; its /readyz is next to it. */
  subgraphUrls: Record<string, string>;
  /** How long each subgraph's /readyz may take. */
  timeoutMs: number;
  /** Whether the gateway is closing: then it is not ready, whatever the subgraphs say. */
  draining(): boolean;
}

type SubgraphReadiness = "ready" | "unreachable" | `not ready (HTTP ${number})`;

/**
 * `/readyz` is this gateway's own readiness: it serves whatever the reachable subgraphs answer (one subgraph down
 * fails only the fields it owns), so a subgraph outage must not take every gateway pod out of its Service.
 * `?strict` (tests, operators, deploy checks) also requires every subgraph to be ready. Both list each subgraph.
 */
export function useReadinessCheck(options: ReadinessCheckOptions): HttpPlugin {
  return {
    async onRequest(req, res) {
      if (!isRequestFor(req, "/readyz", ["GET", "HEAD"])) return false;
      const subgraphs = await checkSubgraphs(options.subgraphUrls, options.timeoutMs);
      const strict = new URLSearchParams((req.url ?? "").split("?")[1] ?? "").has("strict");
      const allReady = Object.values(subgraphs).every((s) => s === "ready");
      const draining = options.draining();
      const ready = !draining && (allReady || !strict);
      const status = draining ? "draining" : allReady ? "ready" : strict ? "not ready" : "degraded";
      sendJson(res, ready ? 200 : 503, { status, subgraphs });
      return true;
    },
  };
}

/** Each subgraph's /readyz (its URL without /graphql), in parallel. */
async function checkSubgraphs(urls: Record<string, string>, timeoutMs: number): Promise<Record<string, SubgraphReadiness>> {
  const entries = await Promise.all(
    Object.entries(urls).map(async ([name, url]): Promise<[string, SubgraphReadiness]> => {
      try {
        const res = await fetch(subgraphReadyzUrl(url), { signal: AbortSignal.timeout(timeoutMs) });
        await res.body?.cancel();
        return [name, res.status === 200 ? "ready" : `not ready (HTTP ${res.status})`];
      } catch {
        return [name, "unreachable"];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** http://host:4001/graphql → http://host:4001/readyz */
export function subgraphReadyzUrl(graphqlUrl: string): string {
  const url = new URL(graphqlUrl);
  url.pathname = `${url.pathname.replace(/\/graphql\/?$/, "").replace(/\/$/, "")}/readyz`;
  url.search = "";
  return url.toString();
}
