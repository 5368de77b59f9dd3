/**
 * Where the hubs are. The lib never reads the environment: a service maps `HF_HUB_URL`, `HF_INFERENCE_URL`,
 * `ROBOFLOW_API_URL` and `ROBOFLOW_INFER_URL` onto this and passes it in.
 */
export interface HubEndpoints {
  /** Hugging Face Hub (model info, `resolve/` files). */
  readonly hfHubUrl: string;
  /** Hugging Face inference router (`/hf-inference/models/{id}`) or a dedicated endpoint's origin. */
  readonly hfInferenceUrl: string;
  /** Roboflow metadata API. */
  readonly roboflowApiUrl: string;
  /** Roboflow hosted inference (`POST /{project}/{version}`). */
  readonly roboflowInferUrl: string;
  /** Lets hub hosts resolve to loopback/private addresses: only for tests and on-premise hubs. */
  readonly allowPrivateNetworks: boolean;
  /**
   * Where a hub's redirect may lead besides its own origin: bare hostnames (HTTPS implied), e.g. the HF file
   * CDNs that `resolve/` sends large files to, or full origins. Empty by default: cross-host redirects are refused.
   */
  readonly redirectHosts?: readonly string[];
  /**
   * Hosts of dedicated HF Inference Endpoints a tenant may name (HTTPS only; exact, or `*.suffix`).
   * Empty by default: only `hfInferenceUrl`'s origin is reachable for inference.
   */
  readonly hfEndpointHosts?: readonly string[];
}

/** The public hubs. */
export const publicHubEndpoints: HubEndpoints = {
  hfHubUrl: "https://huggingface.co",
  hfInferenceUrl: "https://router.huggingface.co",
  roboflowApiUrl: "https://api.roboflow.com",
  roboflowInferUrl: "https://serverless.roboflow.com",
  allowPrivateNetworks: false,
};

export class HubConfigError extends Error {
  override readonly name = "HubConfigError";
}

const urlKeys = ["hfHubUrl", "hfInferenceUrl", "roboflowApiUrl", "roboflowInferUrl"] as const;

/** Checks every base URL once and strips trailing slashes so paths join predictably; lists every problem at once. */
export function normalizeHubEndpoints(endpoints: HubEndpoints): HubEndpoints {
  const problems: string[] = [];
  const out: Record<string, string> = {};
  for (const key of urlKeys) {
    const raw = endpoints[key];
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      problems.push(`${key} is not a URL`);
      continue;
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") problems.push(`${key} must be http(s)`);
    if (url.username || url.password) problems.push(`${key} must not carry credentials`);
    if (url.search || url.hash) problems.push(`${key} must not have a query or fragment`);
    out[key] = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  for (const host of endpoints.hfEndpointHosts ?? []) {
    if (!/^(\*\.)?[a-z0-9.-]+$/i.test(host)) problems.push(`hfEndpointHosts entry "${host}" is not a hostname`);
  }
  for (const host of endpoints.redirectHosts ?? []) {
    const ok = host.includes("://") ? isOrigin(host) : /^[a-z0-9.-]+$/i.test(host);
    if (!ok) problems.push(`redirectHosts entry "${host}" is neither a hostname nor an origin`);
  }
  if (problems.length > 0) throw new HubConfigError(`Invalid hub endpoints: ${problems.join("; ")}`);
  return {
    ...endpoints,
    hfHubUrl: out.hfHubUrl,
    hfInferenceUrl: out.hfInferenceUrl,
    roboflowApiUrl: out.roboflowApiUrl,
    roboflowInferUrl: out.roboflowInferUrl,
  };
}

function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === "http:" || url.protocol === "https:") && url.origin === text.replace(/\/$/, "");
  } catch {
    return false;
  }
}
