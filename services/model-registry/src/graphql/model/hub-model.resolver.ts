import type { CallerContext } from "@prelabel/service-kit";
import { Arg, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import type { HuggingFaceOnnxImportService } from "../../application/hf-onnx-import.service.js";
import type { HubModelService } from "../../application/hub-model.service.js";
import { ModelSource } from "../../domain/model.js";
import { AddHuggingFaceModelInput, AddRoboflowModelInput, ImportHuggingFaceOnnxModelInput } from "./hub-model.input.js";
import { DeploymentModeValue, toDeploymentModeValue } from "./hub-model.type.js";
import { callerTenant } from "@prelabel/service-kit";
import { toModelType } from "./model.mapper.js";
import { ModelType } from "./model.type.js";

/** Hosted Hugging Face and Roboflow models (cloud mode) and what this deployment offers. */
@Resolver(() => ModelType)
export class HubModelResolver {
  constructor(
    private readonly hubModels: HubModelService,
    private readonly onnxImports: HuggingFaceOnnxImportService,
  ) {}

  @Query(() => [ModelSource], {
    description: "Where models can come from here: CATALOG, UPLOAD and NUCLIO always; HUGGING_FACE and ROBOFLOW in cloud mode.",
  })
  modelSources(): ModelSource[] {
    return this.hubModels.sources();
  }

  @Query(() => DeploymentModeValue, { description: "SELF_HOSTED (default) or CLOUD (PRELABEL_MODE)." })
  deploymentMode(): DeploymentModeValue {
    return toDeploymentModeValue(this.hubModels.mode);
  }

  @Mutation(() => ModelType, {
    description:
      "Adds a Hugging Face model after checking it through the Hub API (task, labels from config.json id2label, access with the token). Cloud mode only (CLOUD_ONLY). Errors: HUB_MODEL_NOT_FOUND, HUB_UNAUTHORIZED, HUB_FORBIDDEN, HUB_UNSUPPORTED_TASK, HUB_NOT_DEPLOYABLE, …",
  })
  async addHuggingFaceModel(
    @Arg("input", () => AddHuggingFaceModelInput) input: AddHuggingFaceModelInput,
    @Ctx() ctx: CallerContext,
  ): Promise<ModelType> {
    return toModelType(await this.hubModels.addHuggingFace(callerTenant(ctx), { ...input }));
  }

  @Mutation(() => ModelType, {
    description:
      "Imports a Hugging Face repo's ONNX export (DETR-family or YOLO) to run on our workers: labels from id2label, the file downloaded (at most MODEL_UPLOAD_MAX_BYTES: PAYLOAD_TOO_LARGE) and checked against the layout like uploadModel (INVALID_MODEL), stored by sha256. Source HUGGING_FACE, no credential kept. Cloud mode only (CLOUD_ONLY). Errors: HUB_NOT_DEPLOYABLE (no such export), HUB_MODEL_NOT_FOUND, HUB_FORBIDDEN, BAD_USER_INPUT, …",
  })
  async importHuggingFaceOnnxModel(
    @Arg("input", () => ImportHuggingFaceOnnxModelInput) input: ImportHuggingFaceOnnxModelInput,
    @Ctx() ctx: CallerContext,
  ): Promise<ModelType> {
    return toModelType(await this.onnxImports.import(callerTenant(ctx), { ...input }));
  }

  @Mutation(() => ModelType, {
    description:
      "Adds a trained Roboflow model version after checking it through the Roboflow API (type, classes). Cloud mode only (CLOUD_ONLY). Errors: HUB_MODEL_NOT_FOUND, HUB_UNAUTHORIZED, HUB_FORBIDDEN, HUB_UNSUPPORTED_TASK, HUB_NOT_DEPLOYABLE, …",
  })
  async addRoboflowModel(
    @Arg("input", () => AddRoboflowModelInput) input: AddRoboflowModelInput,
    @Ctx() ctx: CallerContext,
  ): Promise<ModelType> {
    return toModelType(await this.hubModels.addRoboflow(callerTenant(ctx), { ...input }));
  }

  @Mutation(() => ModelType, {
    description:
      "Replaces a hub model's token or API key (write-only: only its last four characters are shown). Cloud mode only (CLOUD_ONLY).",
  })
  async updateHubCredential(
    // type-graphql registers parameter decorators last-first: this order prints as (id, token).
    @Arg("token", () => String) token: string,
    @Arg("id", () => ID) id: string,
    @Ctx() ctx: CallerContext,
  ): Promise<ModelType> {
    return toModelType(await this.hubModels.updateCredential(callerTenant(ctx), id, token));
  }
}
