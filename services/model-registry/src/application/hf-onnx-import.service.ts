import type { CallContext } from "@prelabel/hubs";
import { HubError, HubErrorCode } from "@prelabel/hubs";
import { DEFAULT_FRAME_BUDGET_MS } from "../domain/onnx-detector-spec.js";
import { declaredDetectorProblems, detectorModelDraft, type DeclaredDetector } from "../domain/detector-model.js";
import {
  classNamesOf,
  DEFAULT_MAX_DETECTIONS,
  DEFAULT_NMS_IOU,
  detrHasNoObjectClass,
  fixedInputSize,
  importProblems,
  ONNX_FAMILY_DEFAULTS,
  perChannel,
  type ImportHuggingFaceOnnxRequest,
} from "../domain/hf-onnx-import.js";
import type { DeploymentMode } from "../domain/hub-model.js";
import { CloudOnlyError, InvalidHubModelInputError, toHubAppError } from "../domain/hub-model.errors.js";
import type { HuggingFaceOnnxSource } from "../domain/hub-model.ports.js";
import {
  HubProvider,
  ModelSource,
  OnnxChannelOrder,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
  type HubModelSpec,
  type Model,
} from "../domain/model.js";
import { InvalidModelSpecError, ModelTooLargeError } from "../domain/model-registry.errors.js";
import type { ModelUploadService } from "./model-upload.service.js";

export interface HuggingFaceOnnxImportDeps {
  mode: DeploymentMode;
  /** The shared validate-and-store core of uploadModel. */
  uploads: ModelUploadService;
  /** Cloud mode only. */
  source?: HuggingFaceOnnxSource;
  /** MODEL_UPLOAD_MAX_BYTES: the same limit as an upload. */
  maxBytes: number;
}

/**
 * Imports a Hugging Face repo's ONNX export (onnx/model.onnx of a DETR-family or YOLO model) so our workers
 * run it (cloud mode): the repo is validated through libs/hubs, the detector spec derived from it (labels
 * from id2label in index order, layout from the export's family), the file downloaded through the guarded
 * hub client, and then the uploadModel core checks it with onnxruntime and stores it by digest. The model
 * keeps its Hugging Face provenance (source HUGGING_FACE, repo and commit) but runs as an onnx-detector.
 */
export class HuggingFaceOnnxImportService {
  constructor(private readonly deps: HuggingFaceOnnxImportDeps) {}

  async import(tenantId: string, request: ImportHuggingFaceOnnxRequest): Promise<Model> {
    const { mode, source, uploads, maxBytes } = this.deps;
    if (mode !== "cloud") throw new CloudOnlyError("importHuggingFaceOnnxModel");
    if (!source) throw new Error("cloud mode without a Hugging Face source");
    const problems = importProblems(request);
    if (problems.length) throw new InvalidHubModelInputError(problems);
    const token = request.token ?? undefined;
    const ctx: CallContext = { tenant: tenantId };

    const descriptor = await hubCall(token, () =>
      source.validate(ctx, {
        ...(request.url?.trim() ? { url: request.url.trim() } : { repoId: request.repoId!.trim() }),
        ...(token ? { token } : {}),
        // Only detectors have exports we run; a repo without a pipeline tag is taken as one.
        task: "object-detection",
      }),
    );
    const onnx = descriptor.localOnnx;
    if (!onnx) {
      throw toHubAppError(
        new HubError(
          HubErrorCode.NotDeployable,
          `${descriptor.ref} has no ONNX export we can run: expected onnx/model.onnx or model.onnx of a DETR-family or YOLO (ultralytics) model` +
            (descriptor.remote ? "; addHuggingFaceModel runs it on the hub instead" : ""),
          { hub: "huggingface" },
        ),
        token,
      );
    }
    const defaults = ONNX_FAMILY_DEFAULTS[onnx.layout];
    const layout = request.layout ?? defaults.layout;
    const givenSize =
      request.inputWidth != null && request.inputHeight != null ? { width: request.inputWidth, height: request.inputHeight } : null;
    if (!givenSize && layout === OnnxOutputLayout.DETR) {
      // transformers.js DETR exports take any size (pixel_values [batch, 3, height, width]); the size their
      // preprocessor_config.json states is not read (libs/hubs does not fetch it), so the caller says.
      throw new InvalidHubModelInputError([
        `${descriptor.ref} is a DETR-family export (${onnx.path}) without a fixed input size, and its preprocessor_config.json is not read: ` +
          "give inputWidth and inputHeight (DETR processors resize the shorter side to 800: e.g. 800 and 800)",
      ]);
    }

    const name = request.name?.trim() || descriptor.displayName;
    const classNames = classNamesOf(descriptor);
    const hub: HubModelSpec = {
      provider: HubProvider.HUGGING_FACE,
      modelRef: descriptor.ref,
      task: descriptor.task,
      endpointUrl: null,
      revision: descriptor.revision ?? null,
      remote: descriptor.remote,
      localOnnx: { path: onnx.path, layout: onnx.layout },
      // The token only fetched the file: the bytes are ours now and nothing downloads them again.
      credentialHint: null,
    };

    const file = await hubCall(
      token,
      () => source.fetch(ctx, { repoId: descriptor.ref, path: onnx.path, revision: descriptor.revision, token, maxBytes }),
      `${descriptor.ref}/${onnx.path}`,
      maxBytes,
    );
    return uploads.admit(file, {
      declare: (signature) => {
        const base: Omit<DeclaredDetector, "inputWidth" | "inputHeight" | "detrNoObjectClass"> = {
          outputLayout: layout,
          resize: request.resize ?? OnnxResizeMode.LETTERBOX,
          channelOrder: OnnxChannelOrder.RGB,
          tensorLayout: OnnxTensorLayout.NCHW,
          inputType: OnnxInputType.FLOAT32,
          mean: perChannel(request.mean ?? defaults.mean),
          std: perChannel(request.std ?? defaults.std),
          classNames,
          classIdOffset: 0,
          nmsIou: request.nmsIou ?? DEFAULT_NMS_IOU,
          maxDetections: request.maxDetections ?? DEFAULT_MAX_DETECTIONS,
          frameBudgetMs: request.frameBudgetMs ?? DEFAULT_FRAME_BUDGET_MS,
          outputNames: [],
        };
        const size = givenSize ?? fixedInputSize(signature);
        if (!size) {
          throw new InvalidHubModelInputError([
            `${descriptor.ref}'s ${onnx.path} does not fix its input size: give inputWidth and inputHeight`,
          ]);
        }
        const detector: DeclaredDetector = {
          ...base,
          inputWidth: size.width,
          inputHeight: size.height,
          detrNoObjectClass:
            request.detrNoObjectClass ?? (layout === OnnxOutputLayout.DETR ? detrHasNoObjectClass(signature, classNames.length) : true),
        };
        const specProblems = declaredDetectorProblems(detector);
        if (specProblems.length) throw new InvalidModelSpecError(name, specProblems);
        return detector;
      },
      model: (detector, artifact) =>
        detectorModelDraft(detector, artifact, {
          name,
          description: `Hugging Face ${descriptor.task} model ${descriptor.ref} (${onnx.path}${descriptor.revision ? ` at ${descriptor.revision}` : ""}), run on our workers`,
          defaultThreshold: request.defaultThreshold ?? defaults.defaultThreshold,
          source: ModelSource.HUGGING_FACE,
          hub,
          tenantId,
        }),
    });
  }
}

/** A HubError as the public code (the caller's token scrubbed); a download over the limit as PAYLOAD_TOO_LARGE. */
async function hubCall<T>(token: string | undefined, call: () => Promise<T>, fileName?: string, maxBytes?: number): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HubError) {
      if (err.code === HubErrorCode.PayloadTooLarge && fileName !== undefined && maxBytes !== undefined)
        throw new ModelTooLargeError(fileName, maxBytes);
      throw toHubAppError(err, token);
    }
    throw err;
  }
}
