import { Field, Float, InputType, registerEnumType } from "type-graphql";

/** Hugging Face pipeline tags we run, as GraphQL enum values (value = libs/hubs' task word). */
export const HuggingFaceTask = {
  OBJECT_DETECTION: "object-detection",
  IMAGE_SEGMENTATION: "image-segmentation",
  IMAGE_CLASSIFICATION: "image-classification",
  ZERO_SHOT_OBJECT_DETECTION: "zero-shot-object-detection",
} as const;
export type HuggingFaceTask = (typeof HuggingFaceTask)[keyof typeof HuggingFaceTask];

registerEnumType(HuggingFaceTask, { name: "HuggingFaceTask", description: "Hugging Face pipeline tags Prelabel can run." });

@InputType("AddHuggingFaceModelInput", { description: "A Hugging Face model, checked through the Hub API before it is saved (cloud mode)." })
export class AddHuggingFaceModelInput {
  @Field(() => String, { nullable: true, description: "A huggingface.co model URL (give this or repoId)." })
  url?: string | null;

  @Field(() => String, { nullable: true, description: '"org/name" (give this or url).' })
  repoId?: string | null;

  @Field(() => String, { nullable: true, description: "Access token (hf_…): needed for private and gated repos. Stored encrypted; never shown again." })
  token?: string | null;

  @Field(() => HuggingFaceTask, { nullable: true, description: "Required when the repo has no pipeline tag; must match it when it has one." })
  task?: HuggingFaceTask | null;

  @Field(() => String, { nullable: true, description: "Display name; the repo id when omitted." })
  name?: string | null;

  @Field(() => Float, { nullable: true, description: "Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted." })
  defaultThreshold?: number | null;

  @Field(() => String, { nullable: true, description: "A dedicated Inference Endpoint serving this model (its host must be allowed by HF_ENDPOINT_HOSTS)." })
  endpointUrl?: string | null;
}

@InputType("AddRoboflowModelInput", { description: "A trained Roboflow model version, checked through the Roboflow API before it is saved (cloud mode)." })
export class AddRoboflowModelInput {
  @Field(() => String, { description: "app.roboflow.com/{workspace}/{project}/{version} or a universe.roboflow.com model or dataset version URL." })
  url: string;

  @Field(() => String, { description: "Roboflow API key. Stored encrypted; never shown again." })
  apiKey: string;

  @Field(() => String, { nullable: true, description: 'Display name; "<project> v<version>" when omitted.' })
  name?: string | null;

  @Field(() => Float, { nullable: true, description: "Score threshold used when a job sets none, in (0, 1]; 0.5 when omitted." })
  defaultThreshold?: number | null;
}
