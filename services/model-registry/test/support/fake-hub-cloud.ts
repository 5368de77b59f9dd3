import type { HubFakes } from "@prelabel/hub-fakes";
import { hubEndpointsFromEnv } from "@prelabel/hubs";
import { cloudSettings } from "@prelabel/service-kit";

/** Cloud-mode settings that point every hub at the loopback fakes (private addresses allowed for them). */
export const fakeHubCloudSettings = (fakes: HubFakes, secretKeys: string) => {
  const e = fakes.endpoints;
  const cloud = cloudSettings({ PRELABEL_MODE: "cloud", PRELABEL_SECRET_KEYS: secretKeys });
  const hubEndpoints = hubEndpointsFromEnv({
    HF_HUB_URL: e.hfHubUrl,
    HF_INFERENCE_URL: e.hfInferenceUrl,
    ROBOFLOW_API_URL: e.roboflowApiUrl,
    ROBOFLOW_INFER_URL: e.roboflowInferUrl,
    HUB_ALLOW_PRIVATE_NETWORKS: true,
  });
  return { ...cloud, hubEndpoints };
};
