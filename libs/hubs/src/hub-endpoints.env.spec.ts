import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { HubConfigError } from "./hub-endpoints.config.js";
import { hubEndpointsEnv, hubEndpointsFromEnv } from "./hub-endpoints.env.js";

describe("hubEndpointsEnv", () => {
  const schema = z.object(hubEndpointsEnv);

  it("defaults to the public hubs, private networks refused", () => {
    const endpoints = hubEndpointsFromEnv(schema.parse({}));
    assert.deepEqual(
      [endpoints.hfHubUrl, endpoints.hfInferenceUrl, endpoints.roboflowApiUrl, endpoints.roboflowInferUrl, endpoints.allowPrivateNetworks],
      ["https://huggingface.co", "https://router.huggingface.co", "https://api.roboflow.com", "https://serverless.roboflow.com", false],
    );
    assert.deepEqual([endpoints.hfEndpointHosts, endpoints.redirectHosts], [[], []]);
  });

  it("the configured hubs, private networks when asked, the host lists split on commas", () => {
    const endpoints = hubEndpointsFromEnv(
      schema.parse({
        HF_HUB_URL: "http://127.0.0.1:9000/",
        HF_INFERENCE_URL: "http://127.0.0.1:9001",
        ROBOFLOW_API_URL: "http://127.0.0.1:9002",
        ROBOFLOW_INFER_URL: "http://127.0.0.1:9003",
        HUB_ALLOW_PRIVATE_NETWORKS: "true",
        HF_ENDPOINT_HOSTS: "a.example.com, *.endpoints.huggingface.cloud",
        HUB_REDIRECT_HOSTS: "cdn-lfs.hf.co",
      }),
    );
    assert.equal(endpoints.hfHubUrl, "http://127.0.0.1:9000");
    assert.equal(endpoints.allowPrivateNetworks, true);
    assert.deepEqual(endpoints.hfEndpointHosts, ["a.example.com", "*.endpoints.huggingface.cloud"]);
    assert.deepEqual(endpoints.redirectHosts, ["cdn-lfs.hf.co"]);
  });

  it("a bad URL and a non-boolean are reported together by the schema", () => {
    const result = schema.safeParse({ HF_HUB_URL: "nope", HUB_ALLOW_PRIVATE_NETWORKS: "maybe" });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((i) => i.path.join(".")).sort(), ["HF_HUB_URL", "HUB_ALLOW_PRIVATE_NETWORKS"]);
  });

  it("what only the hub rules refuse (credentials in a URL, a bad host) fails as a HubConfigError", () => {
    const config = schema.parse({ ROBOFLOW_API_URL: "https://user:pw@api.roboflow.com", HF_ENDPOINT_HOSTS: "not a host" });
    assert.throws(
      () => hubEndpointsFromEnv(config),
      (err: unknown) => err instanceof HubConfigError && /roboflowApiUrl/.test(err.message) && /not a host/.test(err.message),
    );
  });
});
