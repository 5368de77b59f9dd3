import {
  AttributeInputType as PbAttributeInputType,
  AttributeSpecSchema,
  create,
  DescribeModelReplySchema,
  HubModelSpecSchema,
  HubProvider as PbHubProvider,
  ModelArtifactSchema,
  ModelDescriptorSchema,
  ModelKind as PbModelKind,
  ModelLabelSchema,
  NuclioFunctionSpecSchema,
  OnnxChannelOrder as PbOnnxChannelOrder,
  OnnxDetectorSpecSchema,
  OnnxInputType as PbOnnxInputType,
  OnnxOutputLayout as PbOnnxOutputLayout,
  OnnxResizeMode as PbOnnxResizeMode,
  OnnxTensorLayout as PbOnnxTensorLayout,
  SealedSecretSchema,
  ShapeType as PbShapeType,
  type DescribeModelReply,
  type HubModelSpec as PbHubModelSpec,
  type ModelLabel as PbModelLabel,
  type NuclioFunctionSpec as PbNuclioFunctionSpec,
  type OnnxDetectorSpec as PbOnnxDetectorSpec,
} from "@prelabel/proto";
import { fromStoredSecret } from "../../domain/hub-model.js";
import { DEFAULT_TENANT, HUB_RUNTIME, NUCLIO_RUNTIME, type HubProvider } from "../../domain/model.js";
import { frameBudgetOf } from "../../domain/onnx-detector-spec.js";
import type {
  AttributeInputType,
  Model,
  ModelKind,
  ModelLabel,
  OnnxChannelOrder,
  OnnxDetectorSpec,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  ShapeType,
} from "../../domain/model.js";

const kinds: Record<ModelKind, PbModelKind> = {
  DETECTOR: PbModelKind.DETECTOR,
  INTERACTOR: PbModelKind.INTERACTOR,
  TRACKER: PbModelKind.TRACKER,
  REID: PbModelKind.REID,
  CLASSIFIER: PbModelKind.CLASSIFIER,
};

const shapes: Record<ShapeType, PbShapeType> = {
  RECTANGLE: PbShapeType.RECTANGLE,
  POLYGON: PbShapeType.POLYGON,
  POLYLINE: PbShapeType.POLYLINE,
  POINTS: PbShapeType.POINTS,
  MASK: PbShapeType.MASK,
  SKELETON: PbShapeType.SKELETON,
  TAG: PbShapeType.TAG,
  ANY: PbShapeType.ANY,
};

const inputTypes: Record<AttributeInputType, PbAttributeInputType> = {
  SELECT: PbAttributeInputType.SELECT,
  RADIO: PbAttributeInputType.RADIO,
  CHECKBOX: PbAttributeInputType.CHECKBOX,
  NUMBER: PbAttributeInputType.NUMBER,
  TEXT: PbAttributeInputType.TEXT,
};

const layouts: Record<OnnxOutputLayout, PbOnnxOutputLayout> = {
  YOLO_V5: PbOnnxOutputLayout.YOLO_V5,
  YOLO_V8: PbOnnxOutputLayout.YOLO_V8,
  YOLO_END2END: PbOnnxOutputLayout.YOLO_END2END,
  SSD: PbOnnxOutputLayout.SSD,
  DETR: PbOnnxOutputLayout.DETR,
};
const resizeModes: Record<OnnxResizeMode, PbOnnxResizeMode> = { LETTERBOX: PbOnnxResizeMode.LETTERBOX, STRETCH: PbOnnxResizeMode.STRETCH };
const channelOrders: Record<OnnxChannelOrder, PbOnnxChannelOrder> = { RGB: PbOnnxChannelOrder.RGB, BGR: PbOnnxChannelOrder.BGR };
const tensorLayouts: Record<OnnxTensorLayout, PbOnnxTensorLayout> = { NCHW: PbOnnxTensorLayout.NCHW, NHWC: PbOnnxTensorLayout.NHWC };
const onnxInputTypes: Record<OnnxInputType, PbOnnxInputType> = { FLOAT32: PbOnnxInputType.FLOAT32, UINT8: PbOnnxInputType.UINT8 };

/** Domain model → `model.v1.DescribeModelReply` (the contract annotation-job and workers read). */
export function toDescribeModelReply(model: Model): DescribeModelReply {
  return create(DescribeModelReplySchema, {
    model: create(ModelDescriptorSchema, {
      id: model.id,
      name: model.name,
      kind: kinds[model.kind],
      labels: model.labels.map(toPbLabel),
      defaultThreshold: model.defaultThreshold,
      returnsMasks: model.returnsMasks,
      runtime: model.runtime,
      artifacts: model.artifacts.map((a) =>
        create(ModelArtifactSchema, { name: a.name, sha256: a.sha256, sizeBytes: BigInt(a.sizeBytes) }),
      ),
      ...(model.onnxDetector ? { onnxDetector: toPbDetector(model.onnxDetector) } : {}),
      // Only hosted models are called through their hub; an imported export's provenance stays here.
      ...(model.hub && model.runtime === HUB_RUNTIME ? { hub: toPbHub(model) } : {}),
      ...(model.nuclio && model.runtime === NUCLIO_RUNTIME ? { nuclio: toPbNuclio(model) } : {}),
      unsupportedReason: model.unsupportedReason ?? "",
    }),
  });
}

const providers: Record<HubProvider, PbHubProvider> = {
  HUGGING_FACE: PbHubProvider.HUGGING_FACE,
  ROBOFLOW: PbHubProvider.ROBOFLOW,
};

/** The credential travels sealed, as stored: workers hold the same key ring and open it in memory. */
function toPbHub(model: Model): PbHubModelSpec {
  const hub = model.hub!;
  const sealed = model.credential ? fromStoredSecret(model.credential) : undefined;
  return create(HubModelSpecSchema, {
    provider: providers[hub.provider],
    modelRef: hub.modelRef,
    task: hub.task,
    endpointUrl: hub.endpointUrl ?? "",
    tenantId: model.tenantId ?? DEFAULT_TENANT,
    ...(sealed
      ? { credential: create(SealedSecretSchema, { keyId: sealed.keyId, nonce: sealed.nonce, ciphertext: sealed.ciphertext }) }
      : {}),
  });
}

/** Nothing secret: the dashboard or function URL, its project and namespace headers, and the function's limits. */
function toPbNuclio(model: Model): PbNuclioFunctionSpec {
  const n = model.nuclio!;
  return create(NuclioFunctionSpecSchema, {
    functionName: n.functionName,
    invokeMethod: n.invokeMethod,
    invokeUrl: n.url,
    project: n.project ?? "",
    namespace: n.namespace ?? "",
    tenantId: model.tenantId ?? DEFAULT_TENANT,
    timeoutMs: uint32(n.eventTimeoutMs),
    maxConcurrency: uint32(n.maxWorkers),
  });
}

/** 0 = the worker's default (unset, or not a positive number); whole, and capped to fit uint32. */
const uint32 = (value: number | null): number =>
  value !== null && Number.isFinite(value) && value > 0 ? Math.min(Math.ceil(value), 0xffffffff) : 0;

function toPbDetector(spec: OnnxDetectorSpec): PbOnnxDetectorSpec {
  return create(OnnxDetectorSpecSchema, {
    outputLayout: layouts[spec.outputLayout],
    inputWidth: spec.inputWidth,
    inputHeight: spec.inputHeight,
    resize: resizeModes[spec.resize],
    channelOrder: channelOrders[spec.channelOrder],
    tensorLayout: tensorLayouts[spec.tensorLayout],
    inputType: onnxInputTypes[spec.inputType],
    mean: spec.mean,
    std: spec.std,
    classNames: spec.classNames,
    classIdOffset: spec.classIdOffset,
    detrNoObjectClass: spec.detrNoObjectClass,
    nmsIou: spec.nmsIou,
    maxDetections: spec.maxDetections,
    frameBudgetMs: frameBudgetOf(spec),
    inputName: spec.inputName,
    outputNames: spec.outputNames,
  });
}

function toPbLabel(label: ModelLabel): PbModelLabel {
  return create(ModelLabelSchema, {
    name: label.name,
    type: shapes[label.type],
    attributes: label.attributes.map((a) =>
      create(AttributeSpecSchema, {
        name: a.name,
        inputType: inputTypes[a.inputType],
        values: a.values,
        ...(a.defaultValue !== null ? { defaultValue: a.defaultValue } : {}),
      }),
    ),
    sublabels: label.sublabels.map(toPbLabel),
  });
}
