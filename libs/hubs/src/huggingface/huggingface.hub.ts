import { HuggingFaceClient, type HfInferenceTarget } from "../clients/hugging-face.client.js";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import type {
  CallContext,
  HubInferenceRequest,
  HubInferenceResult,
  HubLabel,
  HubModelDescriptor,
  HubShapeType,
  HubTask,
  ModelHub,
} from "../hub.types.js";
import { probeImage } from "../image/image.probe.js";
import type { HubHttpTransport } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";
import { detectOnnxExport } from "./hf-onnx.detector.js";
import { parseHfRepoRef } from "./hf-repo.parser.js";

export interface HuggingFaceModelInput {
  /** A huggingface.co URL; or give `repoId`. */
  readonly url?: string;
  readonly repoId?: string;
  /** Needed for private and gated repos; never stored in the descriptor. */
  readonly token?: string;
  /** Required when the repo has no pipeline tag; must match it when it has one. */
  readonly task?: HubTask;
  /** A dedicated Inference Endpoint serving this model (its host must be configured). */
  readonly endpointUrl?: string;
}

/** The pipeline tags we can turn into CVAT shapes, and the shape each gives. */
export const huggingFaceTasks: ReadonlyMap<HubTask, HubShapeType> = new Map<HubTask, HubShapeType>([
  ["object-detection", "rectangle"],
  ["image-segmentation", "mask"],
  ["image-classification", "tag"],
  ["zero-shot-object-detection", "rectangle"],
]);

/** Hugging Face behind the ModelHub interface: Hub validation, then remote inference; every call is the client's. */
export class HuggingFaceHub implements ModelHub<HuggingFaceModelInput> {
  readonly hub = "huggingface" as const;
  readonly client: HuggingFaceClient;

  constructor(
    endpoints: HubEndpoints,
    private readonly transport: HubHttpTransport,
    executor: HubCallExecutor,
  ) {
    this.client = new HuggingFaceClient(endpoints, transport, executor);
  }

  async validate(ctx: CallContext, input: HuggingFaceModelInput): Promise<HubModelDescriptor> {
    const ref = parseHfRepoRef(input.url ?? input.repoId ?? "");
    if (input.endpointUrl !== undefined) this.transport.guard.checkUrl(input.endpointUrl);
    const info = await this.client.modelInfo(ctx, ref.repoId, { token: input.token, revision: ref.revision });
    if (info.disabled) throw new HubError(HubErrorCode.Forbidden, `${info.id} has been disabled on Hugging Face`, { hub: "huggingface" });
    const task = resolveTask(info.id, info.pipelineTag, input.task);
    // Read at the commit the info came from; this is also where a gated repo without access is refused.
    const config = await this.client.readConfig(ctx, info.id, { token: input.token, revision: info.sha ?? ref.revision });
    const shape = huggingFaceTasks.get(task)!;
    const labels: HubLabel[] =
      task === "zero-shot-object-detection" ? [] : (config?.labels ?? []).map((l) => ({ id: l.id, name: l.name, type: shape }));
    if (task !== "zero-shot-object-detection" && labels.length === 0) {
      throw new HubError(
        HubErrorCode.NotDeployable,
        `${info.id} declares no labels (config.json id2label), so its predictions cannot be mapped`,
        {
          hub: "huggingface",
        },
      );
    }
    const served = info.providerMappings.some((m) => m.provider === "hf-inference" && m.status === "live" && m.task === task);
    const localOnnx =
      task === "object-detection" ? detectOnnxExport({ ...info, modelType: config?.modelType ?? info.modelType }) : undefined;
    const remote = served || input.endpointUrl !== undefined;
    if (!remote && !localOnnx) {
      throw new HubError(
        HubErrorCode.NotDeployable,
        `${info.id} is not served by the hf-inference provider and has no ONNX export we can run locally`,
        { hub: "huggingface" },
      );
    }
    return {
      hub: "huggingface",
      ref: info.id,
      displayName: info.id,
      task,
      labels,
      ...(info.sha ? { revision: info.sha } : {}),
      access: { private: info.private, gated: info.gated !== false },
      remote,
      ...(localOnnx ? { localOnnx } : {}),
    };
  }

  async infer(ctx: CallContext, request: HubInferenceRequest): Promise<HubInferenceResult> {
    const image = await probeImage(request.image);
    const target: HfInferenceTarget = request.model.endpointUrl
      ? { kind: "endpoint", url: request.model.endpointUrl }
      : { kind: "provider", model: request.model.ref };
    const options = { token: request.credential, threshold: request.threshold };
    let predictions;
    switch (request.model.task) {
      case "object-detection":
        predictions = await this.client.detectObjects(ctx, target, image, options);
        break;
      case "image-segmentation":
        predictions = await this.client.segment(ctx, target, image, options);
        break;
      case "image-classification":
        predictions = await this.client.classify(ctx, target, image, { ...options, topK: request.topK });
        break;
      case "zero-shot-object-detection":
        predictions = await this.client.detectZeroShot(ctx, target, image, request.candidateLabels ?? [], options);
        break;
      default:
        throw new HubError(HubErrorCode.UnsupportedTask, `Hugging Face models cannot run ${request.model.task} here`, {
          hub: "huggingface",
        });
    }
    return { width: image.width, height: image.height, predictions };
  }
}

function resolveTask(repoId: string, pipelineTag: string | undefined, requested: HubTask | undefined): HubTask {
  const supported = [...huggingFaceTasks.keys()].join(", ");
  if (requested !== undefined && !huggingFaceTasks.has(requested)) {
    throw new HubError(HubErrorCode.UnsupportedTask, `${requested} is not supported for Hugging Face models (supported: ${supported})`, {
      hub: "huggingface",
    });
  }
  if (pipelineTag) {
    if (!huggingFaceTasks.has(pipelineTag as HubTask)) {
      throw new HubError(HubErrorCode.UnsupportedTask, `${repoId} is a ${pipelineTag} model; supported: ${supported}`, {
        hub: "huggingface",
      });
    }
    if (requested !== undefined && requested !== pipelineTag) {
      throw new HubError(HubErrorCode.UnsupportedTask, `${repoId} is a ${pipelineTag} model, not ${requested}`, { hub: "huggingface" });
    }
    return pipelineTag as HubTask;
  }
  if (requested !== undefined) return requested;
  throw new HubError(HubErrorCode.UnsupportedTask, `${repoId} has no pipeline tag: name its task (${supported})`, { hub: "huggingface" });
}
