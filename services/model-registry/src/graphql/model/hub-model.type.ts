import { Field, ObjectType, registerEnumType } from "type-graphql";
import { HubProvider } from "../../domain/model.js";
import type { DeploymentMode } from "../../domain/hub-model.js";

registerEnumType(HubProvider, { name: "HubProvider" });

export const DeploymentModeValue = { SELF_HOSTED: "SELF_HOSTED", CLOUD: "CLOUD" } as const;
export type DeploymentModeValue = (typeof DeploymentModeValue)[keyof typeof DeploymentModeValue];
registerEnumType(DeploymentModeValue, { name: "DeploymentMode", description: "PRELABEL_MODE: hub models exist in CLOUD only." });

export const toDeploymentModeValue = (mode: DeploymentMode): DeploymentModeValue =>
  mode === "cloud" ? DeploymentModeValue.CLOUD : DeploymentModeValue.SELF_HOSTED;

@ObjectType("HubModel", { description: "Where a Hugging Face or Roboflow model lives. The credential itself is write-only." })
export class HubModelType {
  @Field(() => HubProvider)
  provider: HubProvider;

  @Field(() => String, { description: 'Hugging Face "org/name"; Roboflow "workspace/project/version".' })
  modelRef: string;

  @Field(() => String, {
    description:
      "The hub task: object-detection, image-segmentation, instance-segmentation, image-classification, zero-shot-object-detection.",
  })
  task: string;

  @Field(() => String, { nullable: true, description: "A dedicated Hugging Face Inference Endpoint; null: the hub's own inference." })
  endpointUrl: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The stored token or key as "…" + its last four characters; null when none is stored.',
  })
  credentialHint: string | null;

  @Field(() => String, {
    nullable: true,
    description: "The Hugging Face commit the model was read at (and an imported file downloaded from).",
  })
  revision: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      "The repo file imported to run on our workers (importHuggingFaceOnnxModel), e.g. onnx/model.onnx; null when the hub runs the model.",
  })
  importedFile: string | null;
}
