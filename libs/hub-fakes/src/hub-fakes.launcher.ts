import { HfHubFake, HfInferenceFake } from "./hugging-face.fake.js";
import { standardHfFixtures, hfFixtureIds } from "./hugging-face.fixtures.js";
import { RoboflowApiFake, RoboflowInferenceFake } from "./roboflow.fake.js";
import { standardRoboflowFixtures } from "./roboflow.fixtures.js";

/** Credentials the standard fakes know. */
export const fakeCredentials = {
  /** A valid HF token with no special grants. */
  hfToken: "hf_fakePlainToken0000000001",
  /** A valid HF token granted the private and gated fixtures. */
  hfTokenGranted: "hf_fakeGrantedToken000000002",
  /** Well-formed, but the fakes do not know it. */
  hfTokenUnknown: "hf_fakeRevokedToken000000003",
  /** A Roboflow key of workspace "acme". */
  roboflowKey: "rf_acme_key_0000000000000001",
  /** A Roboflow key of another workspace (sees only public projects of acme's). */
  roboflowKeyOther: "rf_other_key_000000000000002",
  roboflowKeyUnknown: "rf_revoked_key_0000000000003",
} as const;

export interface HubFakes {
  readonly hfHub: HfHubFake;
  readonly hfInference: HfInferenceFake;
  readonly roboflowApi: RoboflowApiFake;
  readonly roboflowInfer: RoboflowInferenceFake;
  /** Shaped like @prelabel/hubs' HubEndpoints, loopback allowed. */
  readonly endpoints: {
    readonly hfHubUrl: string;
    readonly hfInferenceUrl: string;
    readonly roboflowApiUrl: string;
    readonly roboflowInferUrl: string;
    readonly allowPrivateNetworks: true;
  };
  /** Forgets recorded requests and queued faults on all four. */
  reset(): void;
  close(): Promise<void>;
}

export interface HubFakesOptions {
  /** Roboflow's 413 limit (default 20 MB). */
  readonly roboflowMaxUploadBytes?: number;
  /** Dedicated HF endpoints: path → repo id. Default: `endpoints/detr` serving the detector. */
  readonly hfEndpoints?: Readonly<Record<string, string>>;
}

/** All four fakes on loopback, seeded with the standard fixtures and credentials. */
export async function startHubFakes(options: HubFakesOptions = {}): Promise<HubFakes> {
  const hf = standardHfFixtures();
  const rf = standardRoboflowFixtures();
  const granted = [hfFixtureIds.private, hfFixtureIds.gated];
  const tokens = [
    { token: fakeCredentials.hfToken, repos: [] },
    { token: fakeCredentials.hfTokenGranted, repos: granted },
  ];
  const keys = { [fakeCredentials.roboflowKey]: "acme", [fakeCredentials.roboflowKeyOther]: "other-ws" };
  const [hfHub, hfInference, roboflowApi, roboflowInfer] = await Promise.all([
    HfHubFake.start({ fixtures: hf, tokens }),
    HfInferenceFake.start({ fixtures: hf, tokens, endpoints: options.hfEndpoints ?? { "endpoints/detr": hfFixtureIds.detector } }),
    RoboflowApiFake.start({ fixtures: rf, keys }),
    RoboflowInferenceFake.start({ fixtures: rf, keys, maxUploadBytes: options.roboflowMaxUploadBytes }),
  ]);
  const all = [hfHub, hfInference, roboflowApi, roboflowInfer];
  return {
    hfHub,
    hfInference,
    roboflowApi,
    roboflowInfer,
    endpoints: {
      hfHubUrl: hfHub.url,
      hfInferenceUrl: hfInference.url,
      roboflowApiUrl: roboflowApi.url,
      roboflowInferUrl: roboflowInfer.url,
      allowPrivateNetworks: true,
    },
    reset: () => all.forEach((f) => f.reset()),
    close: async () => {
      await Promise.all(all.map((f) => f.close()));
    },
  };
}
