import type { CallContext, HubModelDescriptor, HuggingFaceModelInput, RoboflowModelInput } from "@prelabel/hubs";
import type { Sealed } from "@prelabel/secret-box";
import type { StoredSecret } from "./model.js";
import type { SpooledFile } from "./model-upload.ports.js";

/** libs/hubs validation, behind a port so the use cases can be tested without a hub. */
export interface HubValidators {
  huggingFace(ctx: CallContext, input: HuggingFaceModelInput): Promise<HubModelDescriptor>;
  roboflow(ctx: CallContext, input: RoboflowModelInput): Promise<HubModelDescriptor>;
}

/** The key ring (SecretBox) as far as saving needs it. */
export interface SecretSealer {
  seal(plaintext: string, context: string): Sealed;
}

/** Replaces a hub model's sealed credential and hint; false when `tenantId` has no such hub model. */
export interface HubCredentialStore {
  updateHubCredential(tenantId: string, id: string, credential: StoredSecret, credentialHint: string): Promise<boolean>;
}

/** The Hugging Face side of an import, behind a port: libs/hubs validation and the SSRF-guarded download. */
export interface HuggingFaceOnnxSource {
  validate(ctx: CallContext, input: HuggingFaceModelInput): Promise<HubModelDescriptor>;
  /** Downloads a repo file (at most `maxBytes`, else HUB_PAYLOAD_TOO_LARGE) and spools it to disk while hashing it. */
  fetch(
    ctx: CallContext,
    file: { repoId: string; path: string; revision?: string; token?: string; maxBytes: number },
  ): Promise<SpooledFile>;
}
