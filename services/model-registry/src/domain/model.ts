/**
 * The model descriptor: what a model detects and how it wants its input, described the way
 * CVAT describes a serverless function (kind, labels with attributes and sublabels, default
 * threshold, whether it returns masks), so new models join without changing the shape.
 */

/** Enum objects keep key = value: the keys are the GraphQL enum values. */
export const ModelSource = {
  CATALOG: "CATALOG",
  UPLOAD: "UPLOAD",
  HUGGING_FACE: "HUGGING_FACE",
  ROBOFLOW: "ROBOFLOW",
  NUCLIO: "NUCLIO",
} as const;
export type ModelSource = (typeof ModelSource)[keyof typeof ModelSource];

export const ModelKind = {
  DETECTOR: "DETECTOR",
  INTERACTOR: "INTERACTOR",
  TRACKER: "TRACKER",
  REID: "REID",
  CLASSIFIER: "CLASSIFIER",
} as const;
export type ModelKind = (typeof ModelKind)[keyof typeof ModelKind];

/** The task subgraph's shape types: model labels map onto task labels of a compatible type. */
export const ShapeType = {
  RECTANGLE: "RECTANGLE",
  POLYGON: "POLYGON",
  POLYLINE: "POLYLINE",
  POINTS: "POINTS",
  MASK: "MASK",
  SKELETON: "SKELETON",
  TAG: "TAG",
  ANY: "ANY",
} as const;
export type ShapeType = (typeof ShapeType)[keyof typeof ShapeType];

export const AttributeInputType = {
  SELECT: "SELECT",
  RADIO: "RADIO",
  CHECKBOX: "CHECKBOX",
  NUMBER: "NUMBER",
  TEXT: "TEXT",
} as const;
export type AttributeInputType = (typeof AttributeInputType)[keyof typeof AttributeInputType];

export interface AttributeSpec {
  name: string;
  inputType: AttributeInputType;
  /** SELECT/RADIO: the choices; CHECKBOX: ["false","true"]; NUMBER: [min, max, step] as decimal strings (CVAT's convention); TEXT: []. */
  values: string[];
  defaultValue: string | null;
}

export interface ModelLabel {
  name: string;
  type: ShapeType;
  attributes: AttributeSpec[];
  /** Skeleton elements; empty for every other type. */
  sublabels: ModelLabel[];
}

export interface ImageSize {
  width: number;
  height: number;
}

/** A file a model runs on, content addressed (sha256, lowercase hex). */
export interface ModelArtifact {
  /** "model" for an uploaded ONNX file; for catalog entries the name the worker's entry asks for. */
  name: string;
  sha256: string;
  sizeBytes: number;
}

/** The name of an uploaded model's ONNX file among its artifacts. */
export const UPLOADED_MODEL_ARTIFACT = "model";

/** How workers run an uploaded ONNX detector (see onnx-detector-spec.ts). */
export const ONNX_DETECTOR_RUNTIME = "onnx-detector";

export const OnnxOutputLayout = {
  YOLO_V5: "YOLO_V5",
  YOLO_V8: "YOLO_V8",
  YOLO_END2END: "YOLO_END2END",
  SSD: "SSD",
  DETR: "DETR",
} as const;
export type OnnxOutputLayout = (typeof OnnxOutputLayout)[keyof typeof OnnxOutputLayout];

export const OnnxResizeMode = { LETTERBOX: "LETTERBOX", STRETCH: "STRETCH" } as const;
export type OnnxResizeMode = (typeof OnnxResizeMode)[keyof typeof OnnxResizeMode];

export const OnnxChannelOrder = { RGB: "RGB", BGR: "BGR" } as const;
export type OnnxChannelOrder = (typeof OnnxChannelOrder)[keyof typeof OnnxChannelOrder];

export const OnnxTensorLayout = { NCHW: "NCHW", NHWC: "NHWC" } as const;
export type OnnxTensorLayout = (typeof OnnxTensorLayout)[keyof typeof OnnxTensorLayout];

export const OnnxInputType = { FLOAT32: "FLOAT32", UINT8: "UINT8" } as const;
export type OnnxInputType = (typeof OnnxInputType)[keyof typeof OnnxInputType];

/** An uploaded detector's declared input and output layout (model.v1.OnnxDetectorSpec). */
export interface OnnxDetectorSpec {
  outputLayout: OnnxOutputLayout;
  inputWidth: number;
  inputHeight: number;
  resize: OnnxResizeMode;
  channelOrder: OnnxChannelOrder;
  tensorLayout: OnnxTensorLayout;
  inputType: OnnxInputType;
  /** Three values each, in the model's channel order: (pixel − mean) / std with pixel in 0..255. */
  mean: number[];
  std: number[];
  /** Class index → label name; "" = ignore that index. */
  classNames: string[];
  /** SSD and YOLO_END2END: class_names index = class id − offset. */
  classIdOffset: number;
  /** DETR: logits end with a no-object class (softmax); otherwise sigmoid per class. */
  detrNoObjectClass: boolean;
  nmsIou: number;
  maxDetections: number;
  /**
   * The longest one frame's inference may take on a worker, in ms (declared at upload). Rows stored before
   * budgets existed have none: they get DEFAULT_FRAME_BUDGET_MS.
   */
  frameBudgetMs?: number;
  /** Resolved from the file at upload: the input fed and the outputs read, in the layout's role order. */
  inputName: string;
  outputNames: string[];
}

/** How workers run a hosted Hugging Face or Roboflow model (cloud mode only). */
export const HUB_RUNTIME = "hub";

/** The self-hosted tenant; catalog models are stored under it and are readable (never writable) by every tenant. */
export const DEFAULT_TENANT = "default";

export const HubProvider = { HUGGING_FACE: "HUGGING_FACE", ROBOFLOW: "ROBOFLOW" } as const;
export type HubProvider = (typeof HubProvider)[keyof typeof HubProvider];

/** A hosted model: where it lives and how it is called (the `hub` column). Holds no secret. */
export interface HubModelSpec {
  provider: HubProvider;
  /** HF "org/name"; Roboflow "workspace/project/version". */
  modelRef: string;
  /** libs/hubs' task words (object-detection, image-segmentation, …). */
  task: string;
  /** A dedicated HF Inference Endpoint; null: the configured inference URL. */
  endpointUrl: string | null;
  /** HF commit the labels were read at. */
  revision: string | null;
  /** The hub serves it (else only `localOnnx` could run it). */
  remote: boolean;
  localOnnx: { path: string; layout: string } | null;
  /** "…" + the last four characters of the stored credential, kept at save time so it is never decrypted to show. */
  credentialHint: string | null;
}

/** A credential sealed with the key ring (the `credential` column); base64 so it fits jsonb. */
export interface StoredSecret {
  keyId: string;
  nonce: string;
  ciphertext: string;
}

/** How workers call a Nuclio function (CVAT's detector protocol; model.v1.NuclioFunctionSpec). */
export const NUCLIO_RUNTIME = "nuclio";

/** CVAT's `NUCLIO.INVOKE_METHOD`: through the dashboard's invocation endpoint, or the function's own HTTP port. */
export const NuclioInvokeMethod = { DASHBOARD: "dashboard", DIRECT: "direct" } as const;
export type NuclioInvokeMethod = (typeof NuclioInvokeMethod)[keyof typeof NuclioInvokeMethod];

/** A Nuclio function (the `nuclio` column): how it is reached and what its dashboard said. Holds no secret. */
export interface NuclioFunctionSpec {
  /** `metadata.name`: the function's id on its dashboard. */
  functionName: string;
  /** `metadata.annotations.name`, else the function name. */
  displayName: string;
  framework: string | null;
  version: number;
  invokeMethod: NuclioInvokeMethod;
  /** dashboard: the dashboard's base URL; direct: the function's HTTP trigger URL. */
  url: string;
  /** Dashboard invocations send them as x-nuclio-* headers; null for a function registered by hand. */
  project: string | null;
  namespace: string | null;
  /** function.yaml eventTimeout (or the HTTP trigger's, the shorter), in ms. */
  eventTimeoutMs: number | null;
  /** The HTTP trigger's maxWorkers: calls a worker makes at once. */
  maxWorkers: number | null;
  /** Listed by the dashboard sync (shared, read-only) rather than registered by hand (addNuclioFunction). */
  discovered: boolean;
  /** `status.state` on the dashboard ("ready", "error", …); null when registered by hand. */
  state: string | null;
}

export interface Model {
  id: string;
  name: string;
  description: string;
  source: ModelSource;
  kind: ModelKind;
  labels: ModelLabel[];
  /** Used when a job does not choose one; in (0, 1]. */
  defaultThreshold: number;
  returnsMasks: boolean;
  /** A fixed network input size; null when the model takes a dynamic size (see `preprocessing`). */
  inputSize: ImageSize | null;
  /** How a frame becomes the network input, in words (resize rule, channel order, scaling). */
  preprocessing: string | null;
  /** How a worker runs it: "catalog:<entry>" or "onnx-detector". Not exposed over GraphQL. */
  runtime: string;
  /** The files it runs on; workers check each by sha256 before use. */
  artifacts: ModelArtifact[];
  /** Set for uploaded detectors (runtime "onnx-detector"). */
  onnxDetector: OnnxDetectorSpec | null;
  /**
   * The licence as documented for a catalog model (its card in docs/models/), in words; null where none was recorded
   * (uploads, hub models and Nuclio functions: their owner knows it).
   */
  license?: string | null;
  /**
   * A catalog model's measured model-call time per frame in ms (the upper end of the range in docs/models/README.md:
   * 1920-px photos, a shared 2-core machine, onnxruntime-node 2 threads, decoding excluded); null where never measured.
   */
  measuredMsPerFrame?: number | null;
  /** Set for hub models (runtime "hub"). */
  hub?: HubModelSpec | null;
  /** A hub model's sealed token or API key; null for public models that need none. Never leaves the registry in clear. */
  credential?: StoredSecret | null;
  /** Set for Nuclio functions (runtime "nuclio"). */
  nuclio?: NuclioFunctionSpec | null;
  /**
   * Why no job can run it (a Nuclio interactor, tracker or reid function, or one whose metadata is broken);
   * null when it can. Such models are listed, never hidden.
   */
  unsupportedReason?: string | null;
  /** Owner: who may see and change it (catalog rows: "default", shared read-only), sealing context and hub limits. */
  tenantId?: string;
  /** When the row was first written; set on models read from the repository. */
  createdAt?: Date;
  /**
   * When deleteModel removed it. Only `ModelRepository.findReference` returns such a tombstone (for job
   * history); it has no bytes and no credential any more.
   */
  deletedAt?: Date | null;
}

export interface ModelFilter {
  kind?: ModelKind;
  source?: ModelSource;
}
