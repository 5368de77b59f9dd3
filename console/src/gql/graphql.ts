/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** A Hugging Face model, checked through the Hub API before it is saved (cloud mode). */
export type AddHuggingFaceModelInput = {
  /** Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted. */
  defaultThreshold?: number | null | undefined;
  /** A dedicated Inference Endpoint serving this model (its host must be allowed by HF_ENDPOINT_HOSTS). */
  endpointUrl?: string | null | undefined;
  /** Display name; the repo id when omitted. */
  name?: string | null | undefined;
  /** "org/name" (give this or url). */
  repoId?: string | null | undefined;
  /** Required when the repo has no pipeline tag; must match it when it has one. */
  task?: HuggingFaceTask | null | undefined;
  /** Access token (hf_…): needed for private and gated repos. Stored encrypted; never shown again. */
  token?: string | null | undefined;
  /** A huggingface.co model URL (give this or repoId). */
  url?: string | null | undefined;
};

/** A trained Roboflow model version, checked through the Roboflow API before it is saved (cloud mode). */
export type AddRoboflowModelInput = {
  /** Roboflow API key. Stored encrypted; never shown again. */
  apiKey: string;
  /** Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted. */
  defaultThreshold?: number | null | undefined;
  /** Display name; "<project> v<version>" when omitted. */
  name?: string | null | undefined;
  /** app.roboflow.com/{workspace}/{project}/{version} or a universe.roboflow.com model or dataset version URL. */
  url: string;
};

/** Who produced an annotation. */
export type AnnotationSource =
  | 'AUTO'
  | 'MANUAL';

/** How an attribute's value is entered. NUMBER values are [min, max, step]. */
export type AttributeInputType =
  | 'CHECKBOX'
  | 'NUMBER'
  | 'RADIO'
  | 'SELECT'
  | 'TEXT';

export type AttributeMappingInput = {
  modelAttribute: string;
  taskAttribute: string;
};

export type AttributeSpecInput = {
  defaultValue?: string | null | undefined;
  inputType: AttributeInputType;
  name: string;
  /** SELECT/RADIO: at least one choice; NUMBER: [min, max, step]. */
  values?: Array<string> | null | undefined;
};

/** Derived from the batch's jobs. */
export type BatchStatus =
  /** Every job was CANCELLED. */
  | 'CANCELLED'
  /** Every job COMPLETED. */
  | 'COMPLETED'
  /** No job COMPLETED and at least one FAILED. */
  | 'FAILED'
  /** Some jobs COMPLETED, the others FAILED or were CANCELLED. */
  | 'PARTIAL'
  /** At least one job is active. */
  | 'RUNNING';

export type CreateApiKeyInput = {
  name: string;
  role: Role;
};

export type CreateTaskInput = {
  labels: Array<LabelInput>;
  name: string;
};

/** PRELABEL_MODE: hub models exist in CLOUD only. */
export type DeploymentMode =
  | 'CLOUD'
  | 'SELF_HOSTED';

export type EvaluateModelInput = {
  convertMasksToPolygons?: boolean | null | undefined;
  /** Distinct frame indexes of the task; those without manual annotations are skipped. Omitted: every frame with manual annotations (at most EVALUATION_MAX_FRAMES, 5,000 by default). */
  frames?: Array<number> | null | undefined;
  /** Omitted: the mapping `suggestLabelMapping` returns. */
  mapping?: Array<LabelMappingInput> | null | undefined;
  modelId: string | number;
  taskId: string | number;
  /** The operating threshold precision/recall/f1 are given at, in (0, 1]. Omitted: the model's default. */
  threshold?: number | null | undefined;
  /** Per-class operating thresholds (an evaluation's bestF1Threshold can be passed as is); other labels use `threshold`. */
  thresholds?: Array<LabelThresholdInput> | null | undefined;
  /** Omitted: the model sees whole frames only. */
  tiling?: TilingInput | null | undefined;
};

/** RUNNING → COMPLETED (the metrics are in `labels`), or FAILED (see `failureCode`). */
export type EvaluationStatus =
  | 'COMPLETED'
  | 'FAILED'
  | 'RUNNING';

/** Frames start..stop, inclusive, 0-based. */
export type FrameRangeInput = {
  start: number;
  stop: number;
};

export type HubProvider =
  | 'HUGGING_FACE'
  | 'ROBOFLOW';

/** Hugging Face pipeline tags Prelabel can run. */
export type HuggingFaceTask =
  | 'IMAGE_CLASSIFICATION'
  | 'IMAGE_SEGMENTATION'
  | 'OBJECT_DETECTION'
  | 'ZERO_SHOT_OBJECT_DETECTION';

/** QUEUED → RUNNING → COMMITTING → COMPLETED; CANCELLING → CANCELLED on cancel; FAILED when the frames could not be queued or the results could not be committed (see `failureCode`). */
export type JobStatus =
  /** Cancelled; the task's annotations are exactly as before. */
  | 'CANCELLED'
  /** Cancel requested; workers skip its frames and the task drops what was staged. */
  | 'CANCELLING'
  /** Every frame is settled; the task is applying the results in one transaction. */
  | 'COMMITTING'
  /** The results are in the task's annotations (failed frames are listed in `failures`). */
  | 'COMPLETED'
  /** The job could not run or its results could not be committed; the task's annotations are untouched (see `failureCode`). */
  | 'FAILED'
  /** Stored; its frames are being queued for the workers. */
  | 'QUEUED'
  /** Workers are annotating its frames. */
  | 'RUNNING';

export type LabelInput = {
  attributes?: Array<AttributeSpecInput> | null | undefined;
  name: string;
  /** SKELETON only: its POINTS sublabels. */
  sublabels?: Array<LabelInput> | null | undefined;
  type: ShapeType;
};

export type LabelMappingInput = {
  /** Omitted: attributes are mapped by name. */
  attributes?: Array<AttributeMappingInput> | null | undefined;
  modelLabel: string;
  /** Skeletons only. Omitted: points are mapped by name. */
  sublabels?: Array<LabelMappingInput> | null | undefined;
  /** The task label's name or id. */
  taskLabel: string;
};

/** A task label's own confidence threshold. */
export type LabelThresholdInput = {
  /** The task label's name (matched ignoring case and spacing) or id. */
  label: string;
  /** In (0, 1]: the label's shapes are kept from this score. */
  threshold: number;
};

/** What a model does (CVAT's function kinds plus classifiers). */
export type ModelKind =
  | 'CLASSIFIER'
  | 'DETECTOR'
  | 'INTERACTOR'
  | 'REID'
  | 'TRACKER';

/** Where a model came from. */
export type ModelSource =
  | 'CATALOG'
  | 'HUGGING_FACE'
  | 'NUCLIO'
  | 'ROBOFLOW'
  | 'UPLOAD';

/** The declared layout of an uploaded ONNX detector (see docs/models/bring-your-own.md). */
export type ModelSpecInput = {
  /** Channel order the network expects. */
  channelOrder?: OnnxChannelOrder;
  /** SSD and YOLO_END2END output class ids as values: classNames index = id - classIdOffset (TF object-detection exports count from 1: use 1). */
  classIdOffset?: number;
  /** Label name per class index, in the model's order; "" ignores that index (e.g. background). Their count must match the class dimension where the file states one. */
  classNames: Array<string>;
  /** Score threshold used when a job sets none, in (0, 1]. */
  defaultThreshold?: number;
  description?: string;
  /** DETR: the logits end with a no-object class (softmax, then dropped); false for sigmoid heads (Deformable DETR, RT-DETR). */
  detrNoObjectClass?: boolean;
  /** The longest one frame's inference may take, in ms, in [100, 120000]: over it the frame fails INFERENCE_TIMEOUT. The upload runs the model once on a blank input within it. */
  frameBudgetMs?: number;
  /** Network input height in pixels. */
  inputHeight: number;
  /** Element type of the input tensor. */
  inputType?: OnnxInputType;
  /** Network input width in pixels (the file's input, where it fixes one, must match). */
  inputWidth: number;
  /** Most detections kept per frame, best first. */
  maxDetections?: number;
  /** Subtracted per channel, in the network's channel order, from pixels in 0..255; one value applies to all three. FLOAT32 only. */
  mean?: Array<number>;
  /** Display name; the model id is derived from it plus a random suffix. */
  name: string;
  /** YOLO_V5 and YOLO_V8: class-wise NMS IoU threshold, in (0, 1]. */
  nmsIou?: number;
  /** How the outputs are laid out; the file's output shapes must fit it. */
  outputLayout: OnnxOutputLayout;
  /** The outputs to read, in the layout's order, when their names do not identify them (SSD: boxes, scores, classes, count; DETR: logits, boxes). */
  outputNames?: Array<string> | null | undefined;
  /** How a frame is fitted to the input size. */
  resize?: OnnxResizeMode;
  /** Divides per channel after the mean (YOLO: 255; ImageNet: 58.395, 57.12, 57.375); one value applies to all three. FLOAT32 only. */
  std?: Array<number>;
  /** NCHW: [1, 3, H, W]; NHWC: [1, H, W, 3]. */
  tensorLayout?: OnnxTensorLayout;
};

export type OnnxChannelOrder =
  | 'BGR'
  | 'RGB';

export type OnnxInputType =
  /** float32 values (pixel - mean) / std, pixel in 0..255. */
  | 'FLOAT32'
  /** uint8 pixels 0..255 as they are (mean and std do not apply). */
  | 'UINT8';

/** How an uploaded detector lays out its outputs (N = batch; C = number of classNames). See docs/models/bring-your-own.md. */
export type OnnxOutputLayout =
  /** DETR family: logits [N, Q, C (+1 no-object)] and boxes [N, Q, 4] (normalised cx, cy, w, h). */
  | 'DETR'
  /** TF object-detection export: boxes [N, k, 4] (normalised ymin, xmin, ymax, xmax), scores [N, k], classes [N, k], count [N]. */
  | 'SSD'
  /** YOLOv10-style, NMS inside: one output [N, k, 6]: x1, y1, x2, y2 in input pixels, score, class id. */
  | 'YOLO_END2END'
  /** YOLOv5 / YOLOv7: one output [N, boxes, 5 + C]: cx, cy, w, h in input pixels, objectness, class probabilities. */
  | 'YOLO_V5'
  /** YOLOv8 / YOLO11: one output [N, 4 + C, anchors]: cx, cy, w, h in input pixels, class scores; no objectness. */
  | 'YOLO_V8';

export type OnnxResizeMode =
  /** Keep the aspect ratio and pad to the input size with grey 114, centred (as ultralytics). */
  | 'LETTERBOX'
  /** Scale each axis to the input size. */
  | 'STRETCH';

export type OnnxTensorLayout =
  | 'NCHW'
  | 'NHWC';

/** ACCEPT keeps the annotations (their needsReview flag is cleared); REJECT deletes them (a skeleton with its points). */
export type ReviewDecision =
  | 'ACCEPT'
  | 'REJECT';

/** ADMIN manages API keys; MEMBER uses the API. */
export type Role =
  | 'ADMIN'
  | 'MEMBER';

/** The kind of shape a label or annotation has (CVAT's vocabulary). */
export type ShapeType =
  | 'ANY'
  | 'MASK'
  | 'POINTS'
  | 'POLYGON'
  | 'POLYLINE'
  | 'RECTANGLE'
  | 'SKELETON'
  | 'TAG';

/** startAutoAnnotation's settings for several tasks at once: the same model and settings on each task, one job per task. */
export type StartAutoAnnotationBatchInput = {
  /** Replace each task's previous annotations on its frames. */
  cleanOldAnnotations?: boolean | null | undefined;
  convertMasksToPolygons?: boolean | null | undefined;
  /** Applied to each task (task labels by name or id). Omitted: each task's own suggested mapping (`suggestLabelMapping`). */
  mapping?: Array<LabelMappingInput> | null | undefined;
  modelId: string | number;
  /** In (0, 1]: results scoring below it are committed flagged needsReview. Omitted: none are. */
  reviewBelow?: number | null | undefined;
  /** 1..BATCH_MAX_TASKS (default 100) distinct tasks; every job covers its task's every frame. */
  taskIds: Array<string | number>;
  /** In (0, 1]. Omitted: the model's default threshold. */
  threshold?: number | null | undefined;
  /** Per-class thresholds, applied to each task (labels by name or id): a label one task lacks is that task's INVALID_THRESHOLD. */
  thresholds?: Array<LabelThresholdInput> | null | undefined;
  /** Omitted: the model sees whole frames only (as for startAutoAnnotation). */
  tiling?: TilingInput | null | undefined;
};

export type StartAutoAnnotationInput = {
  /** Replace the frames' previous annotations. */
  cleanOldAnnotations?: boolean | null | undefined;
  convertMasksToPolygons?: boolean | null | undefined;
  /** Omitted: every frame of the task. */
  frameRange?: FrameRangeInput | null | undefined;
  /** Omitted: the mapping `suggestLabelMapping` returns. */
  mapping?: Array<LabelMappingInput> | null | undefined;
  modelId: string | number;
  /** In (0, 1]: results scoring below it are committed flagged needsReview, with their score. Omitted: none are. */
  reviewBelow?: number | null | undefined;
  taskId: string | number;
  /** In (0, 1]. Omitted: the model's default threshold. */
  threshold?: number | null | undefined;
  /** Per-class thresholds: a label listed keeps its shapes from its own threshold, the others from `threshold`. Not with tracking (yet). */
  thresholds?: Array<LabelThresholdInput> | null | undefined;
  /** Omitted: the model sees whole frames only. Not for hub models (a network call per tile) nor classification models. */
  tiling?: TilingInput | null | undefined;
  /** Omitted or disabled: every result is a per-frame annotation. Enabled: the threshold still decides where a track may start; weaker detections (down to 0.1, or the threshold when it is lower) only extend tracks, and results of other types are kept at the threshold as before. */
  tracking?: TrackingInput | null | undefined;
};

/** How detections of overlapping tiles (and of the whole frame) become one set, class by class. */
export type TileMerge =
  /** Non-maximum suppression: of overlapping boxes, the highest-scoring one is kept. */
  | 'NMS'
  /** Weighted boxes fusion: overlapping boxes become one box, their coordinates averaged by score. */
  | 'WBF';

/** Small objects: the frame is cut into square tiles that overlap, each run through the model beside the whole frame, and the detections merged so an object on a tile edge is one shape. */
export type TilingInput = {
  merge?: TileMerge | null | undefined;
  /** In [0, 0.5]: how much neighbouring tiles overlap, as a fraction of the tile. */
  overlap?: number | null | undefined;
  /** 128..4096: the tiles' side in pixels. */
  tileSize: number;
};

/** Multi-object tracking (ByteTrack): RECTANGLE, POLYGON and SKELETON results become tracks across frames at commit; results of other types stay per-frame annotations. Omitted fields take the tracker's defaults (iouThreshold 0.3, maxAge 30, minHits 3). */
export type TrackingInput = {
  enabled: boolean;
  /** In (0, 1): minimum IoU of a detection with a track's predicted box to extend it. */
  iouThreshold?: number | null | undefined;
  /** 1..1000: frames a lost track waits for its object to reappear before it ends. */
  maxAge?: number | null | undefined;
  /** 1..100: matched frames before a track counts (shorter ones are not written). */
  minHits?: number | null | undefined;
};

export type AutoAnnotationTaskLabelsQueryVariables = Exact<{
  id: string | number;
}>;


export type AutoAnnotationTaskLabelsQuery = { task: { id: string, labels: Array<{ id: string, name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }>, sublabels: Array<{ id: string, name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }> }> }> } | null };

export type AutoAnnotationModelsQueryVariables = Exact<{ [key: string]: never; }>;


export type AutoAnnotationModelsQuery = { models: Array<{ id: string, name: string, source: ModelSource, kind: ModelKind, defaultThreshold: number, returnsMasks: boolean, supported: boolean, unsupportedReason: string | null }> };

export type AutoAnnotationModelQueryVariables = Exact<{
  id: string | number;
}>;


export type AutoAnnotationModelQuery = { model: { description: string, id: string, name: string, source: ModelSource, kind: ModelKind, defaultThreshold: number, returnsMasks: boolean, supported: boolean, unsupportedReason: string | null, labels: Array<{ name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }>, sublabels: Array<{ name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }> }> }> } | null };

export type AutoAnnotationSuggestedMappingQueryVariables = Exact<{
  taskId: string | number;
  modelId: string | number;
}>;


export type AutoAnnotationSuggestedMappingQuery = { suggestLabelMapping: Array<{ modelLabel: string, taskLabelId: string, taskLabel: string, attributes: Array<{ modelAttribute: string, taskAttribute: string }>, sublabels: Array<{ modelLabel: string, taskLabelId: string, taskLabel: string, attributes: Array<{ modelAttribute: string, taskAttribute: string }> }> }> };

export type StartAutoAnnotationMutationVariables = Exact<{
  input: StartAutoAnnotationInput;
}>;


export type StartAutoAnnotationMutation = { startAutoAnnotation: { id: string, taskId: string, status: JobStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, failureCode: string | null, failureReason: string | null } };

export type CancelAutoAnnotationMutationVariables = Exact<{
  jobId: string | number;
}>;


export type CancelAutoAnnotationMutation = { cancelAutoAnnotation: { id: string, taskId: string, status: JobStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, failureCode: string | null, failureReason: string | null } };

export type AutoAnnotationProgressSubscriptionVariables = Exact<{
  jobId: string | number;
}>;


export type AutoAnnotationProgressSubscription = { autoAnnotationProgress: { id: string, taskId: string, status: JobStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, failureCode: string | null, failureReason: string | null } };

export type PreviewAutoAnnotationMutationVariables = Exact<{
  input: StartAutoAnnotationInput;
  frames: Array<number> | number;
}>;


export type PreviewAutoAnnotationMutation = { previewAutoAnnotation: { taskId: string, threshold: number, totalMs: number, frames: Array<{ frame: number, totalMs: number, inferenceMs: number | null, decodeMs: number | null, unmappedDetections: number, droppedAttributeValues: number, failure: { frame: number, code: string, reason: string } | null, shapes: Array<{ taskLabelId: string, taskLabel: string, type: string, points: Array<number>, score: number | null, needsReview: boolean, occluded: boolean, outside: boolean, elements: Array<{ taskLabelId: string, taskLabel: string, type: string, points: Array<number>, score: number | null, needsReview: boolean, occluded: boolean, outside: boolean, attributes: Array<{ name: string, value: string }>, mask: { counts: Array<number>, left: number, top: number, right: number, bottom: number } | null }>, attributes: Array<{ name: string, value: string }>, mask: { counts: Array<number>, left: number, top: number, right: number, bottom: number } | null }> }> } };

export type PreviewShapeFieldsFragment = { taskLabelId: string, taskLabel: string, type: string, points: Array<number>, score: number | null, needsReview: boolean, occluded: boolean, outside: boolean, attributes: Array<{ name: string, value: string }>, mask: { counts: Array<number>, left: number, top: number, right: number, bottom: number } | null };

export type PreviewFrameImageQueryVariables = Exact<{
  taskId: string | number;
  index: number;
  maxSize: number;
}>;


export type PreviewFrameImageQuery = { task: { id: string, frame: { index: number, name: string, width: number | null, height: number | null, image: { dataUrl: string } | null } | null } | null };

export type EvaluateModelMutationVariables = Exact<{
  input: EvaluateModelInput;
}>;


export type EvaluateModelMutation = { evaluateModel: { id: string, taskId: string, status: EvaluationStatus, framesTotal: number, framesDone: number, framesFailed: number, threshold: number, meanAp50: number | null, meanAp: number | null, failureCode: string | null, failureReason: string | null, labels: Array<{ taskLabelId: string, taskLabel: string, metric: string, groundTruthCount: number, detectionCount: number, precision: number | null, recall: number | null, f1: number | null, ap50: number | null, ap: number | null, bestF1Threshold: number | null, bestF1: number | null }> } };

export type EvaluationQueryVariables = Exact<{
  id: string | number;
}>;


export type EvaluationQuery = { evaluation: { id: string, taskId: string, status: EvaluationStatus, framesTotal: number, framesDone: number, framesFailed: number, threshold: number, meanAp50: number | null, meanAp: number | null, failureCode: string | null, failureReason: string | null, labels: Array<{ taskLabelId: string, taskLabel: string, metric: string, groundTruthCount: number, detectionCount: number, precision: number | null, recall: number | null, f1: number | null, ap50: number | null, ap: number | null, bestF1Threshold: number | null, bestF1: number | null }> } | null };

export type EvaluationFieldsFragment = { id: string, taskId: string, status: EvaluationStatus, framesTotal: number, framesDone: number, framesFailed: number, threshold: number, meanAp50: number | null, meanAp: number | null, failureCode: string | null, failureReason: string | null, labels: Array<{ taskLabelId: string, taskLabel: string, metric: string, groundTruthCount: number, detectionCount: number, precision: number | null, recall: number | null, f1: number | null, ap50: number | null, ap: number | null, bestF1Threshold: number | null, bestF1: number | null }> };

export type StartAutoAnnotationBatchMutationVariables = Exact<{
  input: StartAutoAnnotationBatchInput;
}>;


export type StartAutoAnnotationBatchMutation = { startAutoAnnotationBatch: { id: string, status: BatchStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, needsReviewCount: number, jobs: Array<{ id: string, taskId: string, status: JobStatus }> } };

export type AutoAnnotationBatchProgressSubscriptionVariables = Exact<{
  batchId: string | number;
}>;


export type AutoAnnotationBatchProgressSubscription = { autoAnnotationBatchProgress: { id: string, status: BatchStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, needsReviewCount: number, jobs: Array<{ id: string, taskId: string, status: JobStatus }> } };

export type BatchProgressFieldsFragment = { id: string, status: BatchStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, needsReviewCount: number, jobs: Array<{ id: string, taskId: string, status: JobStatus }> };

export type DeploymentModeQueryVariables = Exact<{ [key: string]: never; }>;


export type DeploymentModeQuery = { deploymentMode: DeploymentMode };

export type ViewerQueryVariables = Exact<{ [key: string]: never; }>;


export type ViewerQuery = { viewer: { subject: string, roles: Array<Role>, tenant: { id: string, name: string } } };

export type ApiKeysQueryVariables = Exact<{ [key: string]: never; }>;


export type ApiKeysQuery = { apiKeys: Array<{ id: string, name: string, role: Role, hint: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }> };

export type CreateApiKeyMutationVariables = Exact<{
  input: CreateApiKeyInput;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { id: string, name: string, role: Role, hint: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string, name: string, role: Role, hint: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null } };

export type ModelsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type ModelsPageQuery = { deploymentMode: DeploymentMode, models: Array<{ id: string, name: string, description: string, source: ModelSource, kind: ModelKind, defaultThreshold: number, returnsMasks: boolean, license: string | null, measuredMsPerFrame: number | null, supported: boolean, unsupportedReason: string | null, deletable: boolean, inputSize: { width: number, height: number } | null, labels: Array<{ name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }>, sublabels: Array<{ name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }> }> }>, hub: { provider: HubProvider, modelRef: string, task: string, credentialHint: string | null } | null }> };

export type DeleteModelMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteModelMutation = { deleteModel: boolean };

export type UploadModelMutationVariables = Exact<{
  file: File;
  spec: ModelSpecInput;
}>;


export type UploadModelMutation = { uploadModel: { id: string, name: string } };

export type AddHuggingFaceModelMutationVariables = Exact<{
  input: AddHuggingFaceModelInput;
}>;


export type AddHuggingFaceModelMutation = { addHuggingFaceModel: { id: string, name: string, hub: { credentialHint: string | null } | null } };

export type AddRoboflowModelMutationVariables = Exact<{
  input: AddRoboflowModelInput;
}>;


export type AddRoboflowModelMutation = { addRoboflowModel: { id: string, name: string, hub: { credentialHint: string | null } | null } };

export type UpdateHubCredentialMutationVariables = Exact<{
  id: string | number;
  token: string;
}>;


export type UpdateHubCredentialMutation = { updateHubCredential: { id: string, hub: { credentialHint: string | null } | null } };

export type CreateTaskMutationVariables = Exact<{
  input: CreateTaskInput;
}>;


export type CreateTaskMutation = { createTask: { id: string, name: string } };

export type TaskEvaluationsQueryVariables = Exact<{
  id: string | number;
  first: number;
}>;


export type TaskEvaluationsQuery = { task: { id: string, evaluations: Array<{ id: string, status: EvaluationStatus, framesDone: number, framesTotal: number, meanAp50: number | null, meanAp: number | null, failureCode: string | null, createdAt: string, model: { id: string, name: string } }> } | null };

export type TaskPageQueryVariables = Exact<{
  id: string | number;
  jobs: number;
}>;


export type TaskPageQuery = { task: { id: string, name: string, size: number, createdAt: string, labels: Array<{ id: string, name: string, type: ShapeType, attributes: Array<{ defaultValue: string | null, name: string, inputType: AttributeInputType, values: Array<string> }>, sublabels: Array<{ id: string, name: string, type: ShapeType, attributes: Array<{ defaultValue: string | null, name: string, inputType: AttributeInputType, values: Array<string> }> }> }>, autoAnnotationJobs: Array<{ id: string, status: JobStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, threshold: number, reviewBelow: number | null, needsReviewCount: number, convertMasksToPolygons: boolean, cleanOldAnnotations: boolean, droppedAttributeValues: number, unmappedDetections: number, failureCode: string | null, failureReason: string | null, createdAt: string, finishedAt: string | null, model: { id: string, name: string }, thresholds: Array<{ taskLabelId: string, taskLabel: string, threshold: number }>, tiling: { tileSize: number, overlap: number, merge: TileMerge } | null, mapping: Array<{ modelLabel: string, taskLabelId: string, taskLabel: string, attributes: Array<{ modelAttribute: string, taskAttribute: string }>, sublabels: Array<{ modelLabel: string, taskLabel: string }> }>, failures: Array<{ frame: number, code: string, reason: string }> }> } | null };

export type TaskFramesQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type TaskFramesQuery = { task: { id: string, frames: { totalCount: number, edges: Array<{ cursor: string, node: { index: number, name: string, width: number | null, height: number | null, sizeBytes: number, thumbnail: { dataUrl: string, width: number, height: number } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type FrameImageQueryVariables = Exact<{
  id: string | number;
  index: number;
  maxSize: number;
}>;


export type FrameImageQuery = { task: { id: string, frame: { index: number, image: { dataUrl: string, width: number, height: number } | null } | null } | null };

export type FrameAnnotationsQueryVariables = Exact<{
  id: string | number;
  frame: number;
  first: number;
  after?: string | null | undefined;
}>;


export type FrameAnnotationsQuery = { task: { id: string, annotations: { edges: Array<{ node: { id: string, frame: number, type: ShapeType, points: Array<number>, score: number | null, source: AnnotationSource, jobId: string | null, occluded: boolean, outside: boolean, label: { id: string, name: string }, attributes: Array<{ name: string, value: string }>, mask: { counts: Array<number>, left: number, top: number, right: number, bottom: number } | null, elements: Array<{ id: string, frame: number, type: ShapeType, points: Array<number>, score: number | null, source: AnnotationSource, jobId: string | null, occluded: boolean, outside: boolean, label: { id: string, name: string }, attributes: Array<{ name: string, value: string }>, mask: { counts: Array<number>, left: number, top: number, right: number, bottom: number } | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AddFramesMutationVariables = Exact<{
  taskId: string | number;
  files: Array<File> | File;
}>;


export type AddFramesMutation = { addFrames: { id: string, size: number } };

export type ImportFramesMutationVariables = Exact<{
  taskId: string | number;
  serverPath: string;
}>;


export type ImportFramesMutation = { importFrames: { id: string, size: number } };

export type DeleteTaskMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteTaskMutation = { deleteTask: boolean };

export type ReviewQueueQueryVariables = Exact<{
  id: string | number;
  first: number;
  after?: string | null | undefined;
}>;


export type ReviewQueueQuery = { task: { id: string, reviewQueue: { totalCount: number, endCursor: string | null, hasNextPage: boolean, nodes: Array<{ id: string, frame: number, type: ShapeType, score: number | null, jobId: string | null, label: { id: string, name: string } }> } } | null };

export type ResolveReviewMutationVariables = Exact<{
  taskId: string | number;
  ids: Array<string | number> | string | number;
  decision: ReviewDecision;
}>;


export type ResolveReviewMutation = { resolveReview: { accepted: number, rejected: number, remaining: number, annotationsVersion: number } };

export type AttributeSpecFieldsFragment = { name: string, inputType: AttributeInputType, values: Array<string> };

export type ModelLabelFieldsFragment = { name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }>, sublabels: Array<{ name: string, type: ShapeType, attributes: Array<{ name: string, inputType: AttributeInputType, values: Array<string> }> }> };

export type ModelSummaryFieldsFragment = { id: string, name: string, source: ModelSource, kind: ModelKind, defaultThreshold: number, returnsMasks: boolean, supported: boolean, unsupportedReason: string | null };

export type JobProgressFieldsFragment = { id: string, taskId: string, status: JobStatus, framesTotal: number, framesDone: number, framesFailed: number, fps: number | null, etaSeconds: number | null, failureCode: string | null, failureReason: string | null };

export type TasksQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
}>;


export type TasksQuery = { tasks: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, size: number, labels: Array<{ id: string, name: string, type: ShapeType }>, autoAnnotationJobs: Array<{ id: string, status: JobStatus }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export const PreviewShapeFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PreviewShapeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreviewShape"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"needsReview"}},{"kind":"Field","name":{"kind":"Name","value":"occluded"}},{"kind":"Field","name":{"kind":"Name","value":"outside"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mask"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}},{"kind":"Field","name":{"kind":"Name","value":"left"}},{"kind":"Field","name":{"kind":"Name","value":"top"}},{"kind":"Field","name":{"kind":"Name","value":"right"}},{"kind":"Field","name":{"kind":"Name","value":"bottom"}}]}}]}}]} as unknown as DocumentNode<PreviewShapeFieldsFragment, unknown>;
export const EvaluationFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EvaluationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evaluation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp50"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"groundTruthCount"}},{"kind":"Field","name":{"kind":"Name","value":"detectionCount"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"f1"}},{"kind":"Field","name":{"kind":"Name","value":"ap50"}},{"kind":"Field","name":{"kind":"Name","value":"ap"}},{"kind":"Field","name":{"kind":"Name","value":"bestF1Threshold"}},{"kind":"Field","name":{"kind":"Name","value":"bestF1"}}]}}]}}]} as unknown as DocumentNode<EvaluationFieldsFragment, unknown>;
export const BatchProgressFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BatchProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"needsReviewCount"}},{"kind":"Field","name":{"kind":"Name","value":"jobs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<BatchProgressFieldsFragment, unknown>;
export const AttributeSpecFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttributeSpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttributeSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}}]} as unknown as DocumentNode<AttributeSpecFieldsFragment, unknown>;
export const ModelLabelFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelLabelFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelLabel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttributeSpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttributeSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}}]} as unknown as DocumentNode<ModelLabelFieldsFragment, unknown>;
export const ModelSummaryFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelSummaryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Model"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"defaultThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"returnsMasks"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"unsupportedReason"}}]}}]} as unknown as DocumentNode<ModelSummaryFieldsFragment, unknown>;
export const JobProgressFieldsFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<JobProgressFieldsFragment, unknown>;
export const AutoAnnotationTaskLabelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AutoAnnotationTaskLabels"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttributeSpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttributeSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}}]} as unknown as DocumentNode<AutoAnnotationTaskLabelsQuery, AutoAnnotationTaskLabelsQueryVariables>;
export const AutoAnnotationModelsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AutoAnnotationModels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelSummaryFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelSummaryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Model"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"defaultThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"returnsMasks"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"unsupportedReason"}}]}}]} as unknown as DocumentNode<AutoAnnotationModelsQuery, AutoAnnotationModelsQueryVariables>;
export const AutoAnnotationModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AutoAnnotationModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"model"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelSummaryFields"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelLabelFields"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttributeSpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttributeSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelSummaryFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Model"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"defaultThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"returnsMasks"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"unsupportedReason"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelLabelFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelLabel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}}]}}]}}]} as unknown as DocumentNode<AutoAnnotationModelQuery, AutoAnnotationModelQueryVariables>;
export const AutoAnnotationSuggestedMappingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AutoAnnotationSuggestedMapping"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"modelId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suggestLabelMapping"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"modelId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"modelId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelLabel"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelAttribute"}},{"kind":"Field","name":{"kind":"Name","value":"taskAttribute"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelLabel"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelAttribute"}},{"kind":"Field","name":{"kind":"Name","value":"taskAttribute"}}]}}]}}]}}]}}]} as unknown as DocumentNode<AutoAnnotationSuggestedMappingQuery, AutoAnnotationSuggestedMappingQueryVariables>;
export const StartAutoAnnotationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartAutoAnnotation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartAutoAnnotationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startAutoAnnotation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<StartAutoAnnotationMutation, StartAutoAnnotationMutationVariables>;
export const CancelAutoAnnotationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CancelAutoAnnotation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelAutoAnnotation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<CancelAutoAnnotationMutation, CancelAutoAnnotationMutationVariables>;
export const AutoAnnotationProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AutoAnnotationProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"autoAnnotationProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"jobId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"JobProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"JobProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationJob"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}}]}}]} as unknown as DocumentNode<AutoAnnotationProgressSubscription, AutoAnnotationProgressSubscriptionVariables>;
export const PreviewAutoAnnotationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PreviewAutoAnnotation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartAutoAnnotationInput"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"frames"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"previewAutoAnnotation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}},{"kind":"Argument","name":{"kind":"Name","value":"frames"},"value":{"kind":"Variable","name":{"kind":"Name","value":"frames"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"totalMs"}},{"kind":"Field","name":{"kind":"Name","value":"frames"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frame"}},{"kind":"Field","name":{"kind":"Name","value":"totalMs"}},{"kind":"Field","name":{"kind":"Name","value":"inferenceMs"}},{"kind":"Field","name":{"kind":"Name","value":"decodeMs"}},{"kind":"Field","name":{"kind":"Name","value":"unmappedDetections"}},{"kind":"Field","name":{"kind":"Name","value":"droppedAttributeValues"}},{"kind":"Field","name":{"kind":"Name","value":"failure"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frame"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"shapes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PreviewShapeFields"}},{"kind":"Field","name":{"kind":"Name","value":"elements"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"PreviewShapeFields"}}]}}]}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"PreviewShapeFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"PreviewShape"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"needsReview"}},{"kind":"Field","name":{"kind":"Name","value":"occluded"}},{"kind":"Field","name":{"kind":"Name","value":"outside"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mask"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}},{"kind":"Field","name":{"kind":"Name","value":"left"}},{"kind":"Field","name":{"kind":"Name","value":"top"}},{"kind":"Field","name":{"kind":"Name","value":"right"}},{"kind":"Field","name":{"kind":"Name","value":"bottom"}}]}}]}}]} as unknown as DocumentNode<PreviewAutoAnnotationMutation, PreviewAutoAnnotationMutationVariables>;
export const PreviewFrameImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PreviewFrameImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"index"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frame"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"index"},"value":{"kind":"Variable","name":{"kind":"Name","value":"index"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataUrl"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PreviewFrameImageQuery, PreviewFrameImageQueryVariables>;
export const EvaluateModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"EvaluateModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"EvaluateModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"evaluateModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EvaluationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EvaluationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evaluation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp50"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"groundTruthCount"}},{"kind":"Field","name":{"kind":"Name","value":"detectionCount"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"f1"}},{"kind":"Field","name":{"kind":"Name","value":"ap50"}},{"kind":"Field","name":{"kind":"Name","value":"ap"}},{"kind":"Field","name":{"kind":"Name","value":"bestF1Threshold"}},{"kind":"Field","name":{"kind":"Name","value":"bestF1"}}]}}]}}]} as unknown as DocumentNode<EvaluateModelMutation, EvaluateModelMutationVariables>;
export const EvaluationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Evaluation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"evaluation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"EvaluationFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"EvaluationFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Evaluation"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp50"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"groundTruthCount"}},{"kind":"Field","name":{"kind":"Name","value":"detectionCount"}},{"kind":"Field","name":{"kind":"Name","value":"precision"}},{"kind":"Field","name":{"kind":"Name","value":"recall"}},{"kind":"Field","name":{"kind":"Name","value":"f1"}},{"kind":"Field","name":{"kind":"Name","value":"ap50"}},{"kind":"Field","name":{"kind":"Name","value":"ap"}},{"kind":"Field","name":{"kind":"Name","value":"bestF1Threshold"}},{"kind":"Field","name":{"kind":"Name","value":"bestF1"}}]}}]}}]} as unknown as DocumentNode<EvaluationQuery, EvaluationQueryVariables>;
export const StartAutoAnnotationBatchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"StartAutoAnnotationBatch"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"StartAutoAnnotationBatchInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"startAutoAnnotationBatch"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BatchProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BatchProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"needsReviewCount"}},{"kind":"Field","name":{"kind":"Name","value":"jobs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<StartAutoAnnotationBatchMutation, StartAutoAnnotationBatchMutationVariables>;
export const AutoAnnotationBatchProgressDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AutoAnnotationBatchProgress"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"batchId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"autoAnnotationBatchProgress"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"batchId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"batchId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"BatchProgressFields"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"BatchProgressFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AutoAnnotationBatch"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"needsReviewCount"}},{"kind":"Field","name":{"kind":"Name","value":"jobs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"taskId"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]} as unknown as DocumentNode<AutoAnnotationBatchProgressSubscription, AutoAnnotationBatchProgressSubscriptionVariables>;
export const DeploymentModeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeploymentMode"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentMode"}}]}}]} as unknown as DocumentNode<DeploymentModeQuery, DeploymentModeQueryVariables>;
export const ViewerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"viewer"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tenant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"subject"}},{"kind":"Field","name":{"kind":"Name","value":"roles"}}]}}]}}]} as unknown as DocumentNode<ViewerQuery, ViewerQueryVariables>;
export const ApiKeysDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ApiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"apiKeys"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<ApiKeysQuery, ApiKeysQueryVariables>;
export const CreateApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateApiKeyInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"}},{"kind":"Field","name":{"kind":"Name","value":"apiKey"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]}}]} as unknown as DocumentNode<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevokeApiKey"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"revokeApiKey"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"role"}},{"kind":"Field","name":{"kind":"Name","value":"hint"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"lastUsedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}}]}}]}}]} as unknown as DocumentNode<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const ModelsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelsPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentMode"}},{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"defaultThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"returnsMasks"}},{"kind":"Field","name":{"kind":"Name","value":"license"}},{"kind":"Field","name":{"kind":"Name","value":"measuredMsPerFrame"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"unsupportedReason"}},{"kind":"Field","name":{"kind":"Name","value":"deletable"}},{"kind":"Field","name":{"kind":"Name","value":"inputSize"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ModelLabelFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"modelRef"}},{"kind":"Field","name":{"kind":"Name","value":"task"}},{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttributeSpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttributeSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ModelLabelFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"ModelLabel"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}}]}}]}}]}}]} as unknown as DocumentNode<ModelsPageQuery, ModelsPageQueryVariables>;
export const DeleteModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteModelMutation, DeleteModelMutationVariables>;
export const UploadModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UploadModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"spec"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ModelSpecInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uploadModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}},{"kind":"Argument","name":{"kind":"Name","value":"spec"},"value":{"kind":"Variable","name":{"kind":"Name","value":"spec"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<UploadModelMutation, UploadModelMutationVariables>;
export const AddHuggingFaceModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddHuggingFaceModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddHuggingFaceModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addHuggingFaceModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<AddHuggingFaceModelMutation, AddHuggingFaceModelMutationVariables>;
export const AddRoboflowModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddRoboflowModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddRoboflowModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addRoboflowModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<AddRoboflowModelMutation, AddRoboflowModelMutationVariables>;
export const UpdateHubCredentialDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateHubCredential"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateHubCredential"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateHubCredentialMutation, UpdateHubCredentialMutationVariables>;
export const CreateTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CreateTaskInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<CreateTaskMutation, CreateTaskMutationVariables>;
export const TaskEvaluationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TaskEvaluations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"evaluations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp50"}},{"kind":"Field","name":{"kind":"Name","value":"meanAp"}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}}]}}]}}]}}]} as unknown as DocumentNode<TaskEvaluationsQuery, TaskEvaluationsQueryVariables>;
export const TaskPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TaskPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"jobs"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}},{"kind":"Field","name":{"kind":"Name","value":"defaultValue"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"AttributeSpecFields"}},{"kind":"Field","name":{"kind":"Name","value":"defaultValue"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoAnnotationJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"jobs"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"model"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"framesTotal"}},{"kind":"Field","name":{"kind":"Name","value":"framesDone"}},{"kind":"Field","name":{"kind":"Name","value":"framesFailed"}},{"kind":"Field","name":{"kind":"Name","value":"fps"}},{"kind":"Field","name":{"kind":"Name","value":"etaSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}},{"kind":"Field","name":{"kind":"Name","value":"thresholds"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"threshold"}}]}},{"kind":"Field","name":{"kind":"Name","value":"tiling"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tileSize"}},{"kind":"Field","name":{"kind":"Name","value":"overlap"}},{"kind":"Field","name":{"kind":"Name","value":"merge"}}]}},{"kind":"Field","name":{"kind":"Name","value":"reviewBelow"}},{"kind":"Field","name":{"kind":"Name","value":"needsReviewCount"}},{"kind":"Field","name":{"kind":"Name","value":"convertMasksToPolygons"}},{"kind":"Field","name":{"kind":"Name","value":"cleanOldAnnotations"}},{"kind":"Field","name":{"kind":"Name","value":"mapping"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelLabel"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabelId"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelAttribute"}},{"kind":"Field","name":{"kind":"Name","value":"taskAttribute"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"modelLabel"}},{"kind":"Field","name":{"kind":"Name","value":"taskLabel"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"droppedAttributeValues"}},{"kind":"Field","name":{"kind":"Name","value":"unmappedDetections"}},{"kind":"Field","name":{"kind":"Name","value":"failures"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"frame"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}}]}},{"kind":"Field","name":{"kind":"Name","value":"failureCode"}},{"kind":"Field","name":{"kind":"Name","value":"failureReason"}},{"kind":"Field","name":{"kind":"Name","value":"createdAt"}},{"kind":"Field","name":{"kind":"Name","value":"finishedAt"}}]}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"AttributeSpecFields"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"AttributeSpec"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}}]} as unknown as DocumentNode<TaskPageQuery, TaskPageQueryVariables>;
export const TaskFramesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"TaskFrames"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frames"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}},{"kind":"Field","name":{"kind":"Name","value":"sizeBytes"}},{"kind":"Field","alias":{"kind":"Name","value":"thumbnail"},"name":{"kind":"Name","value":"image"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxSize"},"value":{"kind":"IntValue","value":"160"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataUrl"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<TaskFramesQuery, TaskFramesQueryVariables>;
export const FrameImageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FrameImage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"index"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frame"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"index"},"value":{"kind":"Variable","name":{"kind":"Name","value":"index"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"index"}},{"kind":"Field","name":{"kind":"Name","value":"image"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"maxSize"},"value":{"kind":"Variable","name":{"kind":"Name","value":"maxSize"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"dataUrl"}},{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FrameImageQuery, FrameImageQueryVariables>;
export const FrameAnnotationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"FrameAnnotations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"frame"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"annotations"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"frame"},"value":{"kind":"Variable","name":{"kind":"Name","value":"frame"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frame"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"occluded"}},{"kind":"Field","name":{"kind":"Name","value":"outside"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mask"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}},{"kind":"Field","name":{"kind":"Name","value":"left"}},{"kind":"Field","name":{"kind":"Name","value":"top"}},{"kind":"Field","name":{"kind":"Name","value":"right"}},{"kind":"Field","name":{"kind":"Name","value":"bottom"}}]}},{"kind":"Field","name":{"kind":"Name","value":"elements"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frame"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"points"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"occluded"}},{"kind":"Field","name":{"kind":"Name","value":"outside"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"value"}}]}},{"kind":"Field","name":{"kind":"Name","value":"mask"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"counts"}},{"kind":"Field","name":{"kind":"Name","value":"left"}},{"kind":"Field","name":{"kind":"Name","value":"top"}},{"kind":"Field","name":{"kind":"Name","value":"right"}},{"kind":"Field","name":{"kind":"Name","value":"bottom"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]}}]} as unknown as DocumentNode<FrameAnnotationsQuery, FrameAnnotationsQueryVariables>;
export const AddFramesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddFrames"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"files"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addFrames"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"files"},"value":{"kind":"Variable","name":{"kind":"Name","value":"files"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]} as unknown as DocumentNode<AddFramesMutation, AddFramesMutationVariables>;
export const ImportFramesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ImportFrames"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"serverPath"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"importFrames"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"serverPath"},"value":{"kind":"Variable","name":{"kind":"Name","value":"serverPath"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"size"}}]}}]}}]} as unknown as DocumentNode<ImportFramesMutation, ImportFramesMutationVariables>;
export const DeleteTaskDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteTask"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteTask"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteTaskMutation, DeleteTaskMutationVariables>;
export const ReviewQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReviewQueue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"task"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"reviewQueue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}},{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"frame"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"jobId"}},{"kind":"Field","name":{"kind":"Name","value":"label"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ReviewQueueQuery, ReviewQueueQueryVariables>;
export const ResolveReviewDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ResolveReview"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"ids"}},"type":{"kind":"NonNullType","type":{"kind":"ListType","type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"decision"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviewDecision"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resolveReview"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"taskId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"taskId"}}},{"kind":"Argument","name":{"kind":"Name","value":"ids"},"value":{"kind":"Variable","name":{"kind":"Name","value":"ids"}}},{"kind":"Argument","name":{"kind":"Name","value":"decision"},"value":{"kind":"Variable","name":{"kind":"Name","value":"decision"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"accepted"}},{"kind":"Field","name":{"kind":"Name","value":"rejected"}},{"kind":"Field","name":{"kind":"Name","value":"remaining"}},{"kind":"Field","name":{"kind":"Name","value":"annotationsVersion"}}]}}]}}]} as unknown as DocumentNode<ResolveReviewMutation, ResolveReviewMutationVariables>;
export const TasksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tasks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoAnnotationJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<TasksQuery, TasksQueryVariables>;