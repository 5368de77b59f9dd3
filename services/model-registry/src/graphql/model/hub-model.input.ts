import { Field, Float, InputType, Int, registerEnumType } from "type-graphql";
import { OnnxOutputLayout, OnnxResizeMode } from "../../domain/model.js";

/** Hugging Face pipeline tags we run, as GraphQL enum values (value = libs/hubs' task word). */
export const HuggingFaceTask = {
  OBJECT_DETECTION: "object-detection",
  IMAGE_SEGMENTATION: "image-segmentation",
  IMAGE_CLASSIFICATION: "image-classification",
  ZERO_SHOT_OBJECT_DETECTION: "zero-shot-object-detection",
} as const;
export type HuggingFaceTask = (typeof HuggingFaceTask)[keyof typeof HuggingFaceTask];

registerEnumType(HuggingFaceTask, { name: "HuggingFaceTask", description: "Hugging Face pipeline tags Prelabel can run." });

/**
 * The repo both Hugging Face inputs start with, by URL or id: their base class only (no field or argument has this
 * type, so the schema does not list it), the subclasses' own fields follow these two.
 */
@InputType("HuggingFaceRepoInput")
abstract class HuggingFaceRepoInput {
  @Field(() => String, { nullable: true, description: "A huggingface.co model URL (give this or repoId)." })
  url?: string | null;

  @Field(() => String, { nullable: true, description: '"org/name" (give this or url).' })
  repoId?: string | null;
}

@InputType("AddHuggingFaceModelInput", {
  description: "A Hugging Face model, checked through the Hub API before it is saved (cloud mode).",
})
export class AddHuggingFaceModelInput extends HuggingFaceRepoInput {
  @Field(() => String, {
    nullable: true,
    description: "Access token (hf_…): needed for private and gated repos. Stored encrypted; never shown again.",
  })
  token?: string | null;

  @Field(() => HuggingFaceTask, {
    nullable: true,
    description: "Required when the repo has no pipeline tag; must match it when it has one.",
  })
  task?: HuggingFaceTask | null;

  @Field(() => String, { nullable: true, description: "Display name; the repo id when omitted." })
  name?: string | null;

  @Field(() => Float, { nullable: true, description: "Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted." })
  defaultThreshold?: number | null;

  @Field(() => String, {
    nullable: true,
    description: "A dedicated Inference Endpoint serving this model (its host must be allowed by HF_ENDPOINT_HOSTS).",
  })
  endpointUrl?: string | null;
}

@InputType("AddRoboflowModelInput", {
  description: "A trained Roboflow model version, checked through the Roboflow API before it is saved (cloud mode).",
})
export class AddRoboflowModelInput {
  @Field(() => String, {
    description: "app.roboflow.com/{workspace}/{project}/{version} or a universe.roboflow.com model or dataset version URL.",
  })
  url: string;

  @Field(() => String, { description: "Roboflow API key. Stored encrypted; never shown again." })
  apiKey: string;

  @Field(() => String, { nullable: true, description: 'Display name; "<project> v<version>" when omitted.' })
  name?: string | null;

  @Field(() => Float, { nullable: true, description: "Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted." })
  defaultThreshold?: number | null;
}

@InputType("ImportHuggingFaceOnnxModelInput", {
  description:
    "A Hugging Face repo's ONNX export (onnx/model.onnx or model.onnx of a DETR-family or YOLO model) to run on our workers instead of the hub (cloud mode). Every spec field overrides what the repo implies.",
})
export class ImportHuggingFaceOnnxModelInput extends HuggingFaceRepoInput {
  @Field(() => String, {
    nullable: true,
    description: "Access token (hf_…) for private and gated repos. Used for the download only and not stored: the imported file is ours.",
  })
  token?: string | null;

  @Field(() => String, { nullable: true, description: "Display name; the repo id when omitted." })
  name?: string | null;

  @Field(() => Float, {
    nullable: true,
    description: "Score threshold used when a job sets none, in (0, 1]; DETR 0.5, YOLO 0.25 when omitted.",
  })
  defaultThreshold?: number | null;

  @Field(() => OnnxOutputLayout, {
    nullable: true,
    description: "Output layout; DETR for DETR-family exports, YOLO_V8 for YOLO exports when omitted.",
  })
  layout?: OnnxOutputLayout | null;

  @Field(() => Int, {
    nullable: true,
    description: "Network input width; taken from the file when it fixes one. Required (with inputHeight) for DETR exports.",
  })
  inputWidth?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "Network input height; taken from the file when it fixes one. Required (with inputWidth) for DETR exports.",
  })
  inputHeight?: number | null;

  @Field(() => OnnxResizeMode, { nullable: true, description: "LETTERBOX when omitted." })
  resize?: OnnxResizeMode | null;

  @Field(() => [Float], {
    nullable: true,
    description: "Per-channel mean on 0..255 pixels (one value or three); DETR: ImageNet's, YOLO: 0 when omitted.",
  })
  mean?: number[] | null;

  @Field(() => [Float], { nullable: true, description: "Per-channel std (one value or three); DETR: ImageNet's, YOLO: 255 when omitted." })
  std?: number[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description:
      "DETR: whether the logits end with a no-object class; when omitted, read from the file (logits of exactly the class count: sigmoid).",
  })
  detrNoObjectClass?: boolean | null;

  @Field(() => Float, { nullable: true, description: "YOLO layouts: class-wise NMS IoU threshold; 0.45 when omitted." })
  nmsIou?: number | null;

  @Field(() => Int, { nullable: true, description: "Most detections kept per frame; 300 when omitted." })
  maxDetections?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: "The longest one frame's inference may take, in ms (see ModelSpecInput.frameBudgetMs); 10000 when omitted.",
  })
  frameBudgetMs?: number | null;
}
