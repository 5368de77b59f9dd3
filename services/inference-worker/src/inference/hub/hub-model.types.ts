import type { HubTask } from "@prelabel/hubs";
import type { Sealed } from "@prelabel/secret-box";

/** Runtime of hosted hub models in model.v1.ModelDescriptor (cloud mode only). */
export const HUB_RUNTIME = "hub";

export type HubProviderName = "huggingface" | "roboflow";

/** model.v1.HubModelSpec, as a worker uses it: which hosted model to call, and the sealed credential for it. */
export interface HubModelSpec {
  readonly provider: HubProviderName;
  /** Hugging Face "org/name"; Roboflow "workspace/project/version". */
  readonly modelRef: string;
  readonly task: HubTask;
  /** A dedicated HF Inference Endpoint; unset: the configured inference URL. */
  readonly endpointUrl?: string;
  /** Opened only in memory, with the context `credentialContext` gives. */
  readonly credential?: Sealed;
  /** Per-tenant hub limits key on it ("default" until tenancy exists). */
  readonly tenantId: string;
  /** The model's label names (empty for zero-shot detection). */
  readonly labels: readonly string[];
}

/** The SecretBox context the registry seals a hub model's credential with: it binds the secret to its record. */
export const credentialContext = (tenantId: string, modelId: string): string => `${tenantId}/${modelId}`;
