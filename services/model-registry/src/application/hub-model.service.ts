import type { HubModelDescriptor } from "@prelabel/hubs";
import { HubError, HubErrorCode } from "@prelabel/hubs";
import { secretHint } from "@prelabel/secret-box";
import { CloudOnlyError, InvalidHubModelInputError, NotAHubModelError, toHubAppError } from "../domain/hub-model.errors.js";
import {
  availableSources,
  hubModelFromDescriptor,
  huggingFaceInputProblems,
  roboflowInputProblems,
  sealingContext,
  secretProblems,
  toStoredSecret,
  type AddHuggingFaceModelRequest,
  type AddRoboflowModelRequest,
  type DeploymentMode,
} from "../domain/hub-model.js";
import type { HubCredentialStore, HubValidators, SecretSealer } from "../domain/hub-model.ports.js";
import { HUB_RUNTIME, type Model, type ModelSource } from "../domain/model.js";
import { newModelId } from "../domain/model-lifecycle.js";
import { ModelNotFoundError } from "../domain/model-registry.errors.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { assertValidModelSpec } from "../domain/model-spec.js";

export interface HubModelServiceDeps {
  mode: DeploymentMode;
  repository: ModelRepository & HubCredentialStore;
  /** Cloud mode: both are required (startModelRegistry checks). */
  hubs?: HubValidators;
  sealer?: SecretSealer;
  newIdSuffix: () => string;
}

const ID_ATTEMPTS = 3;

/**
 * Hosted models (cloud mode): validates a Hugging Face or Roboflow model through its hub, seals the token or
 * key with the key ring, and records the model. The plaintext secret lives only for the call.
 */
export class HubModelService {
  constructor(private readonly deps: HubModelServiceDeps) {}

  get mode(): DeploymentMode {
    return this.deps.mode;
  }

  sources(): ModelSource[] {
    return availableSources(this.deps.mode);
  }

  /** Saved as `tenantId`'s model, its token sealed for that tenant. */
  async addHuggingFace(tenantId: string, request: AddHuggingFaceModelRequest): Promise<Model> {
    const { hubs } = this.cloud("addHuggingFaceModel");
    const problems = huggingFaceInputProblems(request);
    if (problems.length) throw new InvalidHubModelInputError(problems);
    const token = request.token ?? undefined;
    const endpointUrl = request.endpointUrl?.trim() || undefined;
    const descriptor = await this.validating(token, () =>
      hubs.huggingFace(
        { tenant: tenantId },
        {
          ...(request.url?.trim() ? { url: request.url.trim() } : { repoId: request.repoId!.trim() }),
          ...(token ? { token } : {}),
          ...(request.task ? { task: request.task } : {}),
          ...(endpointUrl ? { endpointUrl } : {}),
        },
      ),
    );
    if (!descriptor.remote) {
      // validate() accepts a repo that only has an ONNX export; a hosted model of it could never run.
      throw toHubAppError(
        new HubError(
          HubErrorCode.NotDeployable,
          `${descriptor.ref} is not served by the hf-inference provider` +
            (descriptor.localOnnx
              ? `; it has an ONNX export (${descriptor.localOnnx.path}): importHuggingFaceOnnxModel runs it on our workers`
              : ""),
          { hub: "huggingface" },
        ),
        token,
      );
    }
    return this.save(descriptor, { ...request, endpointUrl }, token, tenantId);
  }

  /** Saved as `tenantId`'s model, its API key sealed for that tenant. */
  async addRoboflow(tenantId: string, request: AddRoboflowModelRequest): Promise<Model> {
    const { hubs } = this.cloud("addRoboflowModel");
    const problems = roboflowInputProblems(request);
    if (problems.length) throw new InvalidHubModelInputError(problems);
    const descriptor = await this.validating(request.apiKey, () =>
      hubs.roboflow({ tenant: tenantId }, { url: request.url.trim(), apiKey: request.apiKey }),
    );
    return this.save(descriptor, request, request.apiKey, tenantId);
  }

  /**
   * Replaces a hub model's token or key (write-only: the answer shows only the new hint). Not re-validated.
   * Another tenant's model: NOT_FOUND, as an unknown id; a catalog model: BAD_USER_INPUT (not a hub model) as before.
   */
  async updateCredential(tenantId: string, id: string, secret: string): Promise<Model> {
    const { sealer } = this.cloud("updateHubCredential");
    const problems = secretProblems(secret, "token");
    if (problems.length) throw new InvalidHubModelInputError(problems);
    const { repository } = this.deps;
    const model = await repository.findById(tenantId, id);
    if (!model) throw new ModelNotFoundError(id);
    // An imported ONNX export (runtime onnx-detector) runs on our workers and keeps no credential.
    if (!model.hub || model.runtime !== HUB_RUNTIME) throw new NotAHubModelError(id);
    // Only the caller's own models get here (catalog models are no hub models), so this is the row's tenant too.
    const sealed = toStoredSecret(sealer.seal(secret, sealingContext(tenantId, id)));
    if (!(await repository.updateHubCredential(tenantId, id, sealed, secretHint(secret)))) throw new ModelNotFoundError(id);
    const updated = await repository.findById(tenantId, id);
    if (!updated) throw new ModelNotFoundError(id);
    return updated;
  }

  private cloud(operation: string): { hubs: HubValidators; sealer: SecretSealer } {
    const { mode, hubs, sealer } = this.deps;
    if (mode !== "cloud") throw new CloudOnlyError(operation);
    if (!hubs || !sealer) throw new Error("cloud mode without hubs or a key ring");
    return { hubs, sealer };
  }

  private async validating(secret: string | undefined, call: () => Promise<HubModelDescriptor>): Promise<HubModelDescriptor> {
    try {
      return await call();
    } catch (err) {
      if (err instanceof HubError) throw toHubAppError(err, secret);
      throw err;
    }
  }

  private async save(
    descriptor: HubModelDescriptor,
    request: { name?: string | null; defaultThreshold?: number | null; endpointUrl?: string | null },
    secret: string | undefined,
    tenantId: string,
  ): Promise<Model> {
    const { repository, newIdSuffix } = this.deps;
    const { sealer } = this.cloud("saving a hub model");
    const baseName = request.name?.trim() || descriptor.displayName;
    return repository.withArtifactsLocked([], async (guard) => {
      for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
        const id = newModelId(baseName, newIdSuffix());
        // Sealed per attempt: the model id is part of the sealing context.
        const credential = secret ? toStoredSecret(sealer.seal(secret, sealingContext(tenantId, id))) : null;
        const model = assertValidModelSpec(
          hubModelFromDescriptor(descriptor, {
            id,
            name: request.name,
            defaultThreshold: request.defaultThreshold,
            endpointUrl: request.endpointUrl,
            tenantId,
            credential,
            credentialHint: secret ? secretHint(secret) : null,
          }),
        );
        const stored = await guard.insert(model);
        if (stored) return stored;
      }
      throw new Error(`no free model id for "${baseName}" after ${ID_ATTEMPTS} attempts`);
    });
  }
}
