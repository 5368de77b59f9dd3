import { RoboflowClient, type RoboflowClientOptions } from "../clients/roboflow.client.js";
import { HubError, HubErrorCode } from "../hub.errors.js";
import type { HubEndpoints } from "../hub-endpoints.config.js";
import type {
  CallContext,
  HubInferenceRequest,
  HubInferenceResult,
  HubModelDescriptor,
  HubShapeType,
  HubTask,
  ModelHub,
} from "../hub.types.js";
import { probeImage } from "../image/image.probe.js";
import type { HubHttpTransport } from "../net/hub-http.transport.js";
import type { HubCallExecutor } from "../retry/hub-call.executor.js";
import { formatRoboflowRef, parseRoboflowRef, parseRoboflowUrl } from "./roboflow-url.parser.js";

export interface RoboflowModelInput {
  readonly url: string;
  readonly apiKey: string;
}

/** Roboflow project types we can run, as our task and shape. */
export const roboflowTypes: ReadonlyMap<string, { task: HubTask; shape: HubShapeType }> = new Map([
  ["object-detection", { task: "object-detection", shape: "rectangle" }],
  ["instance-segmentation", { task: "instance-segmentation", shape: "polygon" }],
  ["classification", { task: "image-classification", shape: "tag" }],
  ["keypoint-detection", { task: "keypoint-detection", shape: "skeleton" }],
]);

/** Roboflow behind the ModelHub interface; every call is the client's. */
export class RoboflowHub implements ModelHub<RoboflowModelInput> {
  readonly hub = "roboflow" as const;
  readonly client: RoboflowClient;

  constructor(endpoints: HubEndpoints, transport: HubHttpTransport, executor: HubCallExecutor, options: RoboflowClientOptions = {}) {
    this.client = new RoboflowClient(endpoints, transport, executor, options);
  }

  async validate(ctx: CallContext, input: RoboflowModelInput): Promise<HubModelDescriptor> {
    const ref = parseRoboflowUrl(input.url);
    if (!input.apiKey) throw new HubError(HubErrorCode.Unauthorized, "A Roboflow API key is required", { hub: "roboflow" });
    const info = await this.client.versionInfo(ctx, ref, input.apiKey);
    const kind = roboflowTypes.get(info.type);
    if (!kind) {
      throw new HubError(
        HubErrorCode.UnsupportedTask,
        `${formatRoboflowRef(ref)} is a ${info.type} project; supported: ${[...roboflowTypes.keys()].join(", ")}`,
        { hub: "roboflow" },
      );
    }
    if (!info.trained) {
      throw new HubError(HubErrorCode.NotDeployable, `Version ${ref.version} of ${ref.workspace}/${ref.project} has no trained model`, {
        hub: "roboflow",
      });
    }
    if (info.classes.length === 0) {
      throw new HubError(HubErrorCode.NotDeployable, `${formatRoboflowRef(ref)} has no classes to map`, { hub: "roboflow" });
    }
    return {
      hub: "roboflow",
      ref: formatRoboflowRef(ref),
      displayName: `${info.projectName} v${ref.version}`,
      task: kind.task,
      labels: info.classes.map((name) => ({ name, type: kind.shape })),
      remote: true,
    };
  }

  async infer(ctx: CallContext, request: HubInferenceRequest): Promise<HubInferenceResult> {
    const ref = parseRoboflowRef(request.model.ref);
    if (![...roboflowTypes.values()].some((k) => k.task === request.model.task)) {
      throw new HubError(HubErrorCode.UnsupportedTask, `Roboflow models cannot run ${request.model.task} here`, { hub: "roboflow" });
    }
    if (!request.credential) throw new HubError(HubErrorCode.Unauthorized, "A Roboflow API key is required", { hub: "roboflow" });
    const image = await probeImage(request.image);
    const predictions = await this.client.infer(ctx, ref, request.model.task, image, {
      apiKey: request.credential,
      threshold: request.threshold,
      topK: request.topK,
    });
    return { width: image.width, height: image.height, predictions };
  }
}
