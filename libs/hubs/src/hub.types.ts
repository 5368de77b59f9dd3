import type { HubName } from "./hub.errors.js";

/** What a hub model does, in hub-neutral words. */
export type HubTask =
  | "object-detection"
  | "image-segmentation"
  | "instance-segmentation"
  | "image-classification"
  | "zero-shot-object-detection"
  | "keypoint-detection";

/** The CVAT shape a model label produces. */
export type HubShapeType = "rectangle" | "polygon" | "mask" | "tag" | "skeleton";

export interface HubLabel {
  /** The model's class id when the hub has one (HF `id2label` key); Roboflow ids come with predictions only. */
  readonly id?: number;
  readonly name: string;
  readonly type: HubShapeType;
}

/** A validated hub model, ready to save; it holds no credential. */
export interface HubModelDescriptor {
  readonly hub: HubName;
  /** `org/name` on Hugging Face; `workspace/project/version` on Roboflow. */
  readonly ref: string;
  readonly displayName: string;
  readonly task: HubTask;
  /** Empty for zero-shot detection: the candidate labels come from the task's label mapping. */
  readonly labels: readonly HubLabel[];
  /** Commit the metadata was read at (HF `sha`). */
  readonly revision?: string;
  /** Known on Hugging Face only: whether the repo needs the token at all. */
  readonly access?: { readonly private: boolean; readonly gated: boolean };
  /** The hub can run it for us (hf-inference provider live / Roboflow version trained). */
  readonly remote: boolean;
  /** An ONNX export our workers could run locally instead. */
  readonly localOnnx?: HubOnnxExport;
}

export interface HubOnnxExport {
  readonly path: string;
  readonly layout: "detr" | "yolo";
}

/** [x1, y1, x2, y2] in continuous pixel-edge coordinates of the original image (x2 ≤ width), as in the worker. */
export type HubBox = [number, number, number, number];

/** A mask cut out of the frame: its pixel (0, 0) is the frame's pixel (left, top); non-zero bytes are set. */
export interface HubPlacedMask {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

export interface HubKeypoint {
  readonly label: string;
  readonly x: number;
  readonly y: number;
  readonly score: number;
  readonly classId?: number;
}

export type HubPrediction =
  | { readonly type: "rectangle"; readonly label: string; readonly score: number; readonly box: HubBox; readonly classId?: number }
  | {
      readonly type: "polygon";
      readonly label: string;
      readonly score: number;
      readonly box: HubBox;
      readonly points: number[];
      readonly classId?: number;
    }
  | { readonly type: "mask"; readonly label: string; readonly score?: number; readonly box: HubBox; readonly mask: HubPlacedMask }
  | { readonly type: "tag"; readonly label: string; readonly score: number; readonly classId?: number }
  | {
      readonly type: "skeleton";
      readonly label: string;
      readonly score: number;
      readonly box: HubBox;
      readonly keypoints: readonly HubKeypoint[];
      readonly classId?: number;
    };

export interface HubInferenceResult {
  /** Size of the image the caller gave (predictions are in its pixels, even when a smaller copy was sent). */
  readonly width: number;
  readonly height: number;
  readonly predictions: HubPrediction[];
}

/** Who is calling and until when: the tenant keys the concurrency and rate limits. */
export interface CallContext {
  readonly tenant: string;
  readonly signal?: AbortSignal;
}

export interface HubInferenceRequest {
  readonly model: Pick<HubModelDescriptor, "ref" | "task"> & { readonly endpointUrl?: string };
  /** Encoded image bytes (JPEG, PNG, WebP…). */
  readonly image: Uint8Array;
  /** HF token or Roboflow API key; never logged. */
  readonly credential?: string;
  /** Predictions scoring below this are dropped (the hubs ignore or rescale it, so we filter ourselves). */
  readonly threshold?: number;
  /** Zero-shot detection: the labels to look for. */
  readonly candidateLabels?: readonly string[];
  /** Classification: keep at most this many tags (default 1 for single-label models). */
  readonly topK?: number;
}

/** The one small interface the services see: validate a tenant's model, then run it on a frame. */
export interface ModelHub<TValidateInput> {
  readonly hub: HubName;
  validate(ctx: CallContext, input: TValidateInput): Promise<HubModelDescriptor>;
  infer(ctx: CallContext, request: HubInferenceRequest): Promise<HubInferenceResult>;
}

/** pino-compatible subset; the lib logs retries and refusals, never secrets or full URLs with keys. */
export interface HubLogger {
  warn(obj: object, msg: string): void;
  debug?(obj: object, msg: string): void;
}
