import { requestModelDescription, type Messaging } from "@prelabel/messaging";
import {
  HubProvider,
  OnnxChannelOrder,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  ShapeType,
  type HubModelSpec as PbHubModelSpec,
  type NuclioFunctionSpec as PbNuclioFunctionSpec,
  type ModelDescriptor,
  type OnnxDetectorSpec as PbOnnxDetectorSpec,
} from "@prelabel/proto";
import type { HubTask } from "@prelabel/hubs";
import type { NuclioLabelType } from "@prelabel/nuclio";
import {
  ModelError,
  ModelErrorCode,
  type HubModelSpec,
  type ModelDirectory,
  type NuclioModelSpec,
  type OnnxDetectorSpec,
  type RegistryModel,
} from "../inference/index.js";

/** describe-model over NATS request/reply; NOT_FOUND → null, anything else (no answer, INTERNAL) throws. */
export class ModelDirectoryClient implements ModelDirectory {
  constructor(
    private readonly messaging: Messaging,
    private readonly timeoutMs = 5_000,
  ) {}

  async describe(tenantId: string, modelId: string): Promise<RegistryModel | null> {
    const reply = await requestModelDescription(this.messaging, tenantId, modelId, this.timeoutMs);
    if (!reply) return null;
    if (!reply.model) throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `describe-model answered no descriptor for ${modelId}`);
    return toRegistryModel(reply.model);
  }
}

/** model.v1.ModelDescriptor → what the worker uses of it. */
export function toRegistryModel(d: ModelDescriptor): RegistryModel {
  return {
    id: d.id,
    runtime: d.runtime,
    artifacts: d.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, sizeBytes: Number(a.sizeBytes) })),
    onnxDetector: d.onnxDetector ? toDetectorSpec(d.id, d.onnxDetector) : null,
    hub: d.hub ? toHubSpec(d, d.hub) : null,
    nuclio: d.nuclio ? toNuclioSpec(d, d.nuclio) : null,
    ...(d.unsupportedReason ? { unsupportedReason: d.unsupportedReason } : {}),
  };
}

/** A declared label's type as the function's spec says it (what an item without `type` takes). */
const nuclioLabelTypes: Record<ShapeType, NuclioLabelType> = {
  [ShapeType.UNSPECIFIED]: "any",
  [ShapeType.ANY]: "any",
  [ShapeType.RECTANGLE]: "rectangle",
  [ShapeType.POLYGON]: "polygon",
  [ShapeType.POLYLINE]: "polyline",
  [ShapeType.POINTS]: "points",
  [ShapeType.MASK]: "mask",
  [ShapeType.SKELETON]: "skeleton",
  [ShapeType.TAG]: "tag",
};

function toNuclioSpec(d: ModelDescriptor, s: PbNuclioFunctionSpec): NuclioModelSpec {
  // As with hub specs: an unknown method means another registry version; refuse rather than guess.
  if (s.invokeMethod !== "dashboard" && s.invokeMethod !== "direct")
    throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `the registry's Nuclio spec for ${d.id} has invoke method "${s.invokeMethod}"`);
  if (!s.functionName || !s.invokeUrl)
    throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `the registry's Nuclio spec for ${d.id} names no function or URL`);
  return {
    functionName: s.functionName,
    invokeMethod: s.invokeMethod,
    invokeUrl: s.invokeUrl,
    project: s.project,
    namespace: s.namespace,
    tenantId: s.tenantId || "default",
    ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    ...(s.maxConcurrency ? { maxConcurrency: s.maxConcurrency } : {}),
    labelTypes: new Map(d.labels.map((l) => [l.name, nuclioLabelTypes[l.type] ?? "any"])),
  };
}

const hubTasks: ReadonlySet<string> = new Set<HubTask>([
  "object-detection",
  "image-segmentation",
  "instance-segmentation",
  "image-classification",
  "zero-shot-object-detection",
  "keypoint-detection",
]);

function toHubSpec(d: ModelDescriptor, s: PbHubModelSpec): HubModelSpec {
  const provider = s.provider === HubProvider.HUGGING_FACE ? "huggingface" : s.provider === HubProvider.ROBOFLOW ? "roboflow" : undefined;
  // As with detector specs: an unknown provider or task means another registry version; refuse rather than guess.
  if (!provider) throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `the registry's hub spec for ${d.id} names no provider`);
  if (!hubTasks.has(s.task))
    throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `the registry's hub spec for ${d.id} has task "${s.task}"`);
  return {
    provider,
    modelRef: s.modelRef,
    task: s.task as HubTask,
    ...(s.endpointUrl ? { endpointUrl: s.endpointUrl } : {}),
    ...(s.credential && s.credential.ciphertext.byteLength > 0
      ? { credential: { keyId: s.credential.keyId, nonce: s.credential.nonce, ciphertext: s.credential.ciphertext } }
      : {}),
    tenantId: s.tenantId || "default",
    labels: d.labels.map((l) => l.name),
  };
}

const layouts: Record<OnnxOutputLayout, OnnxDetectorSpec["outputLayout"] | undefined> = {
  [OnnxOutputLayout.UNSPECIFIED]: undefined,
  [OnnxOutputLayout.YOLO_V5]: "YOLO_V5",
  [OnnxOutputLayout.YOLO_V8]: "YOLO_V8",
  [OnnxOutputLayout.YOLO_END2END]: "YOLO_END2END",
  [OnnxOutputLayout.SSD]: "SSD",
  [OnnxOutputLayout.DETR]: "DETR",
};

function toDetectorSpec(modelId: string, s: PbOnnxDetectorSpec): OnnxDetectorSpec {
  const outputLayout = layouts[s.outputLayout];
  // Unset enums mean a registry older or newer than this worker: refuse rather than guess.
  const unset = [
    outputLayout ? null : "outputLayout",
    s.resize === OnnxResizeMode.UNSPECIFIED ? "resize" : null,
    s.channelOrder === OnnxChannelOrder.UNSPECIFIED ? "channelOrder" : null,
    s.tensorLayout === OnnxTensorLayout.UNSPECIFIED ? "tensorLayout" : null,
    s.inputType === OnnxInputType.UNSPECIFIED ? "inputType" : null,
  ].filter((x) => x !== null);
  if (unset.length || !outputLayout) {
    throw new ModelError(ModelErrorCode.MODEL_LOAD_FAILED, `the registry's detector spec for ${modelId} leaves ${unset.join(", ")} unset`);
  }
  return {
    outputLayout,
    inputWidth: s.inputWidth,
    inputHeight: s.inputHeight,
    resize: s.resize === OnnxResizeMode.STRETCH ? "STRETCH" : "LETTERBOX",
    channelOrder: s.channelOrder === OnnxChannelOrder.BGR ? "BGR" : "RGB",
    tensorLayout: s.tensorLayout === OnnxTensorLayout.NHWC ? "NHWC" : "NCHW",
    inputType: s.inputType === OnnxInputType.UINT8 ? "UINT8" : "FLOAT32",
    mean: [...s.mean],
    std: [...s.std],
    classNames: [...s.classNames],
    classIdOffset: s.classIdOffset,
    detrNoObjectClass: s.detrNoObjectClass,
    nmsIou: s.nmsIou,
    maxDetections: s.maxDetections,
    // 0: a row from before budgets; the worker applies its default.
    ...(s.frameBudgetMs ? { frameBudgetMs: s.frameBudgetMs } : {}),
    inputName: s.inputName,
    outputNames: [...s.outputNames],
  };
}
