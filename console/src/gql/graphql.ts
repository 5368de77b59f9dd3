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

/** How an attribute's value is entered. NUMBER values are [min, max, step]. */
export type AttributeInputType =
  | 'CHECKBOX'
  | 'NUMBER'
  | 'RADIO'
  | 'SELECT'
  | 'TEXT';

/** PRELABEL_MODE: hub models exist in CLOUD only. */
export type DeploymentMode =
  | 'CLOUD'
  | 'SELF_HOSTED';

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

export type TasksQueryVariables = Exact<{
  first: number;
}>;


export type TasksQuery = { tasks: { totalCount: number, edges: Array<{ node: { id: string, name: string, size: number, labels: Array<{ id: string }>, autoAnnotationJobs: Array<{ id: string, status: JobStatus }> } }> } };


export const ModelsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ModelsPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deploymentMode"}},{"kind":"Field","name":{"kind":"Name","value":"models"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"defaultThreshold"}},{"kind":"Field","name":{"kind":"Name","value":"returnsMasks"}},{"kind":"Field","name":{"kind":"Name","value":"license"}},{"kind":"Field","name":{"kind":"Name","value":"measuredMsPerFrame"}},{"kind":"Field","name":{"kind":"Name","value":"supported"}},{"kind":"Field","name":{"kind":"Name","value":"unsupportedReason"}},{"kind":"Field","name":{"kind":"Name","value":"deletable"}},{"kind":"Field","name":{"kind":"Name","value":"inputSize"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"width"}},{"kind":"Field","name":{"kind":"Name","value":"height"}}]}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sublabels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"attributes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"inputType"}},{"kind":"Field","name":{"kind":"Name","value":"values"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"provider"}},{"kind":"Field","name":{"kind":"Name","value":"modelRef"}},{"kind":"Field","name":{"kind":"Name","value":"task"}},{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<ModelsPageQuery, ModelsPageQueryVariables>;
export const DeleteModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"DeleteModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deleteModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}]}]}}]} as unknown as DocumentNode<DeleteModelMutation, DeleteModelMutationVariables>;
export const UploadModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UploadModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"file"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Upload"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"spec"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ModelSpecInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"uploadModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"file"},"value":{"kind":"Variable","name":{"kind":"Name","value":"file"}}},{"kind":"Argument","name":{"kind":"Name","value":"spec"},"value":{"kind":"Variable","name":{"kind":"Name","value":"spec"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]} as unknown as DocumentNode<UploadModelMutation, UploadModelMutationVariables>;
export const AddHuggingFaceModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddHuggingFaceModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddHuggingFaceModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addHuggingFaceModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<AddHuggingFaceModelMutation, AddHuggingFaceModelMutationVariables>;
export const AddRoboflowModelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AddRoboflowModel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AddRoboflowModelInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"addRoboflowModel"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<AddRoboflowModelMutation, AddRoboflowModelMutationVariables>;
export const UpdateHubCredentialDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"UpdateHubCredential"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"token"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"updateHubCredential"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"token"},"value":{"kind":"Variable","name":{"kind":"Name","value":"token"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"hub"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"credentialHint"}}]}}]}}]}}]} as unknown as DocumentNode<UpdateHubCredentialMutation, UpdateHubCredentialMutationVariables>;
export const TasksDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Tasks"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"tasks"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"size"}},{"kind":"Field","name":{"kind":"Name","value":"labels"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"Field","name":{"kind":"Name","value":"autoAnnotationJobs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<TasksQuery, TasksQueryVariables>;