import type { CallContext, HubModelDescriptor, HubOnnxExport, HuggingFaceModelInput } from "@prelabel/hubs";
import { HubError, HubErrorCode } from "@prelabel/hubs";
import { CloudOnlyError, InvalidHubModelInputError, toHubAppError } from "../domain/hub-model.errors.js";
import { huggingFaceInputProblems, type DeploymentMode } from "./hub-model.service.js";
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
import type { SpooledFile } from "../domain/model-upload.ports.js";
import { declaredDetectorProblems, detectorModelDraft, type DeclaredDetector, type ModelUploadService } from "./model-upload.service.js";
import { DEFAULT_FRAME_BUDGET_MS } from "../domain/onnx-detector-spec.js";
import type { OnnxSignature } from "../domain/onnx-signature.js";

/** The Hugging Face side of an import, behind a port: libs/hubs validation and the SSRF-guarded download. */
export interface HuggingFaceOnnxSource {
  validate(ctx: CallContext, input: HuggingFaceModelInput): Promise<HubModelDescriptor>;
  /** Downloads a repo file (at most `maxBytes`, else HUB_PAYLOAD_TOO_LARGE) and spools it to disk while hashing it. */
  fetch(ctx: CallContext, file: { repoId: string; path: string; revision?: string; token?: string; maxBytes: number }): Promise<SpooledFile>;
}

/** importHuggingFaceOnnxModel's input; every spec field is an override of what the repo implies. */
export interface ImportHuggingFaceOnnxRequest {
  url?: string | null;
  repoId?: string | null;
  /** Used for the download only (private and gated repos); not stored: the file is ours once imported. */
  token?: string | null;
  name?: string | null;
  defaultThreshold?: number | null;
  layout?: OnnxOutputLayout | null;
  inputWidth?: number | null;
  inputHeight?: number | null;
  resize?: OnnxResizeMode | null;
  mean?: number[] | null;
  std?: number[] | null;
  detrNoObjectClass?: boolean | null;
  nmsIou?: number | null;
  maxDetections?: number | null;
  frameBudgetMs?: number | null;
}

export interface HuggingFaceOnnxImportDeps {
  mode: DeploymentMode;
  /** The shared validate-and-store core of uploadModel. */
  uploads: ModelUploadService;
  /** Cloud mode only. */
  source?: HuggingFaceOnnxSource;
  /** MODEL_UPLOAD_MAX_BYTES: the same limit as an upload. */
  maxBytes: number;
}

/** What each export family implies when the caller does not say otherwise. */
interface FamilyDefaults {
  layout: OnnxOutputLayout;
  mean: number[];
  std: number[];
  defaultThreshold: number;
}

const IMAGENET_MEAN = [123.675, 116.28, 103.53];
const IMAGENET_STD = [58.395, 57.12, 57.375];

export const ONNX_FAMILY_DEFAULTS: Readonly<Record<HubOnnxExport["layout"], FamilyDefaults>> = {
  // transformers' DETR-family image processors: ImageNet mean/std on 0..1 pixels; the object-detection pipeline's threshold 0.5.
  detr: { layout: OnnxOutputLayout.DETR, mean: IMAGENET_MEAN, std: IMAGENET_STD, defaultThreshold: 0.5 },
  // ultralytics exports: x / 255, conf 0.25.
  yolo: { layout: OnnxOutputLayout.YOLO_V8, mean: [0, 0, 0], std: [255, 255, 255], defaultThreshold: 0.25 },
};

const DEFAULT_NMS_IOU = 0.45;
const DEFAULT_MAX_DETECTIONS = 300;

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
    const givenSize = request.inputWidth != null && request.inputHeight != null ? { width: request.inputWidth, height: request.inputHeight } : null;
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
          throw new InvalidHubModelInputError([`${descriptor.ref}'s ${onnx.path} does not fix its input size: give inputWidth and inputHeight`]);
        }
        const detector: DeclaredDetector = {
          ...base,
          inputWidth: size.width,
          inputHeight: size.height,
          detrNoObjectClass: request.detrNoObjectClass ?? (layout === OnnxOutputLayout.DETR ? detrHasNoObjectClass(signature, classNames.length) : true),
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

/** Every rule the input breaks before the hub is asked (empty when fine). */
export function importProblems(r: ImportHuggingFaceOnnxRequest): string[] {
  const problems = huggingFaceInputProblems({ url: r.url, repoId: r.repoId, token: r.token, name: r.name, defaultThreshold: r.defaultThreshold });
  if ((r.inputWidth == null) !== (r.inputHeight == null)) problems.push("give both inputWidth and inputHeight, or neither");
  for (const [field, values] of [["mean", r.mean], ["std", r.std]] as const) {
    if (values != null && values.length !== 1 && values.length !== 3) problems.push(`${field} takes one value or three, got ${values.length}`);
  }
  return problems;
}

/** id2label as classNames: index = class id, "" where the config names none (DETR's N/A padding, gaps). */
export function classNamesOf(descriptor: Pick<HubModelDescriptor, "labels">): string[] {
  const labels = descriptor.labels;
  if (labels.some((l) => l.id === undefined)) return labels.map((l) => l.name);
  const names: string[] = new Array(Math.max(...labels.map((l) => l.id!)) + 1).fill("");
  for (const l of labels) names[l.id!] = l.name;
  return names;
}

/** The input size an NCHW file fixes ([N, 3, H, W] with numeric H and W), if any. */
export function fixedInputSize(signature: OnnxSignature): { width: number; height: number } | null {
  if (signature.inputs.length !== 1) return null;
  const [, , h, w] = signature.inputs[0]!.shape;
  return typeof h === "number" && h > 0 && typeof w === "number" && w > 0 ? { width: w, height: h } : null;
}

/**
 * DETR heads come in two kinds: softmax over the classes plus a no-object class (DETR, Conditional DETR,
 * YOLOS) or sigmoid per class (Deformable DETR, RT-DETR). The logits' last dimension tells them apart:
 * exactly the class count means sigmoid; anything else (C + 1, or not stated) the original DETR.
 */
export function detrHasNoObjectClass(signature: OnnxSignature, classCount: number): boolean {
  const outputs = signature.outputs;
  const logits = outputs.find((o) => /logit/i.test(o.name)) ?? (outputs.length === 2 ? outputs.find((o) => o.shape.at(-1) !== 4) : undefined);
  return logits?.shape.at(-1) !== classCount;
}

const perChannel = (values: number[]): number[] => (values.length === 1 ? [values[0]!, values[0]!, values[0]!] : [...values]);

/** A HubError as the public code (the caller's token scrubbed); a download over the limit as PAYLOAD_TOO_LARGE. */
async function hubCall<T>(token: string | undefined, call: () => Promise<T>, fileName?: string, maxBytes?: number): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof HubError) {
      if (err.code === HubErrorCode.PayloadTooLarge && fileName !== undefined && maxBytes !== undefined) throw new ModelTooLargeError(fileName, maxBytes);
      throw toHubAppError(err, token);
    }
    throw err;
  }
}
