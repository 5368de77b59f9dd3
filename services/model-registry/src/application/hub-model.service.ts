import type { CallContext, HubLabel, HubModelDescriptor, HuggingFaceModelInput, HubTask, RoboflowModelInput } from "@prelabel/hubs";
import { HubError, HubErrorCode } from "@prelabel/hubs";
import { secretHint, type Sealed } from "@prelabel/secret-box";
import { CloudOnlyError, InvalidHubModelInputError, NotAHubModelError, toHubAppError } from "../domain/hub-model.errors.js";
import {
  HUB_RUNTIME,
  HubProvider,
  ModelKind,
  ModelSource,
  ShapeType,
  type HubModelSpec,
  type Model,
  type ModelLabel,
  type StoredSecret,
} from "../domain/model.js";
import { ModelNotFoundError } from "../domain/model-registry.errors.js";
import type { ModelRepository } from "../domain/model.repository.js";
import { assertValidModelSpec } from "../domain/model-spec.js";
import { newModelId } from "./model-upload.service.js";

export type DeploymentMode = "self-hosted" | "cloud";

/** libs/hubs validation, behind a port so the domain can be tested without a hub. */
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

export interface AddHuggingFaceModelRequest {
  url?: string | null;
  repoId?: string | null;
  token?: string | null;
  task?: HubTask | null;
  name?: string | null;
  defaultThreshold?: number | null;
  endpointUrl?: string | null;
}

export interface AddRoboflowModelRequest {
  url: string;
  apiKey: string;
  name?: string | null;
  defaultThreshold?: number | null;
}

export interface HubModelServiceDeps {
  mode: DeploymentMode;
  repository: ModelRepository & HubCredentialStore;
  /** Cloud mode: both are required (startModelRegistry checks). */
  hubs?: HubValidators;
  sealer?: SecretSealer;
  newIdSuffix: () => string;
}

export const DEFAULT_HUB_THRESHOLD = 0.5;
const MAX_NAME = 200;
const MAX_SECRET = 1024;
const ID_ATTEMPTS = 3;

/** Model sources a client can use in this mode (Query.modelSources). */
export function availableSources(mode: DeploymentMode): ModelSource[] {
  const always = [ModelSource.CATALOG, ModelSource.UPLOAD];
  return mode === "cloud" ? [...always, ModelSource.HUGGING_FACE, ModelSource.ROBOFLOW] : always;
}

/** Sealed values are bound to their owner and model: one copied onto another row does not open. */
export const sealingContext = (tenantId: string, modelId: string): string => `${tenantId}/${modelId}`;

export function toStoredSecret(sealed: Sealed): StoredSecret {
  return { keyId: sealed.keyId, nonce: Buffer.from(sealed.nonce).toString("base64"), ciphertext: Buffer.from(sealed.ciphertext).toString("base64") };
}

export function fromStoredSecret(stored: StoredSecret): Sealed {
  return { keyId: stored.keyId, nonce: Buffer.from(stored.nonce, "base64"), ciphertext: Buffer.from(stored.ciphertext, "base64") };
}

/** Every rule addHuggingFaceModel's input breaks (empty when fine). */
export function huggingFaceInputProblems(r: AddHuggingFaceModelRequest): string[] {
  const problems = commonProblems(r);
  const url = r.url?.trim();
  const repoId = r.repoId?.trim();
  if (!url === !repoId) problems.push("give exactly one of url and repoId");
  if (r.token !== undefined && r.token !== null) problems.push(...secretProblems(r.token, "token"));
  if (r.endpointUrl !== undefined && r.endpointUrl !== null && !isHttpUrl(r.endpointUrl)) problems.push("endpointUrl must be an http(s) URL");
  return problems;
}

/** Every rule addRoboflowModel's input breaks (empty when fine). */
export function roboflowInputProblems(r: AddRoboflowModelRequest): string[] {
  const problems = commonProblems(r);
  if (!r.url.trim()) problems.push("url must not be empty");
  problems.push(...secretProblems(r.apiKey, "apiKey"));
  return problems;
}

function commonProblems(r: { name?: string | null; defaultThreshold?: number | null }): string[] {
  const problems: string[] = [];
  if (r.name !== undefined && r.name !== null) {
    if (!r.name.trim()) problems.push("name must not be empty when given");
    if (r.name.trim().length > MAX_NAME) problems.push(`name must be at most ${MAX_NAME} characters`);
  }
  const t = r.defaultThreshold;
  if (t !== undefined && t !== null && !(t > 0 && t <= 1)) problems.push(`defaultThreshold ${t} must be in (0, 1]`);
  return problems;
}

/** Never quotes the secret: only what is wrong with it. */
function secretProblems(secret: string, field: string): string[] {
  if (!secret.trim()) return [`${field} must not be empty`];
  if (/\s/.test(secret)) return [`${field} must not contain whitespace`];
  if (secret.length > MAX_SECRET) return [`${field} must be at most ${MAX_SECRET} characters`];
  return [];
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === "https:" || u.protocol === "http:";
  } catch {
    return false;
  }
}

const shapeTypes: Record<HubLabel["type"], ShapeType> = {
  rectangle: ShapeType.RECTANGLE,
  polygon: ShapeType.POLYGON,
  mask: ShapeType.MASK,
  tag: ShapeType.TAG,
  skeleton: ShapeType.SKELETON,
};

/** A validated descriptor as the model we store (CVAT's words: classifiers give tags, everything else detects). */
export function hubModelFromDescriptor(
  d: HubModelDescriptor,
  o: { id: string; name?: string | null; defaultThreshold?: number | null; endpointUrl?: string | null; tenantId: string; credential: StoredSecret | null; credentialHint: string | null },
): Model {
  if (d.labels.some((l) => l.type === "skeleton")) {
    // The hub API names the classes but not the keypoints a SKELETON label needs (CVAT requires its elements).
    throw new InvalidHubModelInputError([`${d.ref} is a keypoint model; keypoint models are not supported yet`]);
  }
  const provider = d.hub === "huggingface" ? HubProvider.HUGGING_FACE : HubProvider.ROBOFLOW;
  const labels: ModelLabel[] = d.labels.map((l) => ({ name: l.name, type: shapeTypes[l.type], attributes: [], sublabels: [] }));
  const hub: HubModelSpec = {
    provider,
    modelRef: d.ref,
    task: d.task,
    endpointUrl: o.endpointUrl ?? null,
    revision: d.revision ?? null,
    remote: d.remote,
    localOnnx: d.localOnnx ? { path: d.localOnnx.path, layout: d.localOnnx.layout } : null,
    credentialHint: o.credentialHint,
  };
  return {
    id: o.id,
    name: o.name?.trim() || d.displayName,
    description: `${provider === HubProvider.HUGGING_FACE ? "Hugging Face" : "Roboflow"} ${d.task} model ${d.ref}`,
    source: provider === HubProvider.HUGGING_FACE ? ModelSource.HUGGING_FACE : ModelSource.ROBOFLOW,
    kind: d.task === "image-classification" ? ModelKind.CLASSIFIER : ModelKind.DETECTOR,
    labels,
    defaultThreshold: o.defaultThreshold ?? DEFAULT_HUB_THRESHOLD,
    returnsMasks: d.task === "image-segmentation",
    inputSize: null,
    preprocessing: null,
    runtime: HUB_RUNTIME,
    artifacts: [],
    onnxDetector: null,
    hub,
    credential: o.credential,
    tenantId: o.tenantId,
  };
}

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
            (descriptor.localOnnx ? `; it has an ONNX export (${descriptor.localOnnx.path}): importHuggingFaceOnnxModel runs it on our workers` : ""),
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
    const descriptor = await this.validating(request.apiKey, () => hubs.roboflow({ tenant: tenantId }, { url: request.url.trim(), apiKey: request.apiKey }));
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
