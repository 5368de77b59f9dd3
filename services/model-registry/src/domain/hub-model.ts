import type { HubLabel, HubModelDescriptor, HubTask } from "@prelabel/hubs";
import type { Sealed } from "@prelabel/secret-box";
import { InvalidHubModelInputError } from "./hub-model.errors.js";
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
} from "./model.js";

export type DeploymentMode = "self-hosted" | "cloud";

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

export const DEFAULT_HUB_THRESHOLD = 0.5;
const MAX_NAME = 200;
const MAX_SECRET = 1024;

/** Model sources a client can use in this mode (Query.modelSources); Nuclio functions work in both. */
export function availableSources(mode: DeploymentMode): ModelSource[] {
  const always = [ModelSource.CATALOG, ModelSource.UPLOAD, ModelSource.NUCLIO];
  return mode === "cloud" ? [...always, ModelSource.HUGGING_FACE, ModelSource.ROBOFLOW] : always;
}

/** Sealed values are bound to their owner and model: one copied onto another row does not open. */
export const sealingContext = (tenantId: string, modelId: string): string => `${tenantId}/${modelId}`;

export function toStoredSecret(sealed: Sealed): StoredSecret {
  return {
    keyId: sealed.keyId,
    nonce: Buffer.from(sealed.nonce).toString("base64"),
    ciphertext: Buffer.from(sealed.ciphertext).toString("base64"),
  };
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
  if (r.endpointUrl !== undefined && r.endpointUrl !== null && !isHttpUrl(r.endpointUrl))
    problems.push("endpointUrl must be an http(s) URL");
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
export function secretProblems(secret: string, field: string): string[] {
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
  o: {
    id: string;
    name?: string | null;
    defaultThreshold?: number | null;
    endpointUrl?: string | null;
    tenantId: string;
    credential: StoredSecret | null;
    credentialHint: string | null;
  },
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
