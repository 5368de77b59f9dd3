import { z } from "zod";
import { normalizeHubEndpoints, publicHubEndpoints, type HubEndpoints } from "./hub-endpoints.config.js";

const envBoolean = z.stringbool({ error: "true or false" });

const optionalList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean),
  );

/**
 * Where the hubs are, as environment variables: spread into the config schema of a service that calls the hubs
 * (beside service-kit's `cloudEnv`). Defaults are the public hubs; tests point the four URLs at loopback fakes
 * (libs/hub-fakes) and set HUB_ALLOW_PRIVATE_NETWORKS.
 */
export const hubEndpointsEnv = {
  HF_HUB_URL: z.url().default(publicHubEndpoints.hfHubUrl),
  HF_INFERENCE_URL: z.url().default(publicHubEndpoints.hfInferenceUrl),
  ROBOFLOW_API_URL: z.url().default(publicHubEndpoints.roboflowApiUrl),
  ROBOFLOW_INFER_URL: z.url().default(publicHubEndpoints.roboflowInferUrl),
  /** Lets hub URLs resolve to loopback/private addresses (tests, on-premise hubs). Off by default: SSRF. */
  HUB_ALLOW_PRIVATE_NETWORKS: envBoolean.default(false),
  /** HTTPS hosts (exact or `*.suffix`) of dedicated HF Inference Endpoints a model may name. */
  HF_ENDPOINT_HOSTS: optionalList,
  /** Hosts a hub redirect may lead to (e.g. the HF LFS CDNs). */
  HUB_REDIRECT_HOSTS: optionalList,
};

/** The parsed `hubEndpointsEnv` variables. */
export interface HubEndpointsEnvInput {
  readonly HF_HUB_URL: string;
  readonly HF_INFERENCE_URL: string;
  readonly ROBOFLOW_API_URL: string;
  readonly ROBOFLOW_INFER_URL: string;
  readonly HUB_ALLOW_PRIVATE_NETWORKS: boolean;
  readonly HF_ENDPOINT_HOSTS?: readonly string[];
  readonly HUB_REDIRECT_HOSTS?: readonly string[];
}

/** Parsed `hubEndpointsEnv` → checked HubEndpoints; a HubConfigError lists every problem at once. */
export function hubEndpointsFromEnv(config: HubEndpointsEnvInput): HubEndpoints {
  return normalizeHubEndpoints({
    hfHubUrl: config.HF_HUB_URL,
    hfInferenceUrl: config.HF_INFERENCE_URL,
    roboflowApiUrl: config.ROBOFLOW_API_URL,
    roboflowInferUrl: config.ROBOFLOW_INFER_URL,
    allowPrivateNetworks: config.HUB_ALLOW_PRIVATE_NETWORKS,
    hfEndpointHosts: config.HF_ENDPOINT_HOSTS ?? [],
    redirectHosts: config.HUB_REDIRECT_HOSTS ?? [],
  });
}
