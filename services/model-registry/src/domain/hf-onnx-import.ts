import type { HubModelDescriptor, HubOnnxExport } from "@prelabel/hubs";
import { huggingFaceInputProblems } from "./hub-model.js";
import { OnnxOutputLayout, type OnnxResizeMode } from "./model.js";
import type { OnnxSignature } from "./onnx-signature.js";

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

export const DEFAULT_NMS_IOU = 0.45;
export const DEFAULT_MAX_DETECTIONS = 300;

/** Every rule the input breaks before the hub is asked (empty when fine). */
export function importProblems(r: ImportHuggingFaceOnnxRequest): string[] {
  const problems = huggingFaceInputProblems({
    url: r.url,
    repoId: r.repoId,
    token: r.token,
    name: r.name,
    defaultThreshold: r.defaultThreshold,
  });
  if ((r.inputWidth == null) !== (r.inputHeight == null)) problems.push("give both inputWidth and inputHeight, or neither");
  for (const [field, values] of [
    ["mean", r.mean],
    ["std", r.std],
  ] as const) {
    if (values != null && values.length !== 1 && values.length !== 3)
      problems.push(`${field} takes one value or three, got ${values.length}`);
  }
  return problems;
}

/** id2label as classNames: index = class id, "" where the config names none (DETR's N/A padding, gaps). */
export function classNamesOf(descriptor: Pick<HubModelDescriptor, "labels">): string[] {
  const labels = descriptor.labels;
  if (labels.some((l) => l.id === undefined)) return labels.map((l) => l.name);
  const names = new Array<string>(Math.max(...labels.map((l) => l.id!)) + 1).fill("");
  for (const l of labels) names[l.id!] = l.name;
  return names;
}

/** The input size an NCHW file fixes ([N, 3, H, W] with numeric H and W), if any. */
export function fixedInputSize(signature: OnnxSignature): { width: number; height: number } | null {
  if (signature.inputs.length !== 1) return null;
  const [, , h, w] = signature.inputs[0].shape;
  return typeof h === "number" && h > 0 && typeof w === "number" && w > 0 ? { width: w, height: h } : null;
}

/**
 * DETR heads come in two kinds: softmax over the classes plus a no-object class (DETR, Conditional DETR,
 * YOLOS) or sigmoid per class (Deformable DETR, RT-DETR). The logits' last dimension tells them apart:
 * exactly the class count means sigmoid; anything else (C + 1, or not stated) the original DETR.
 */
export function detrHasNoObjectClass(signature: OnnxSignature, classCount: number): boolean {
  const outputs = signature.outputs;
  const logits =
    outputs.find((o) => /logit/i.test(o.name)) ?? (outputs.length === 2 ? outputs.find((o) => o.shape.at(-1) !== 4) : undefined);
  return logits?.shape.at(-1) !== classCount;
}

/** One value for every channel, or one a channel. */
export const perChannel = (values: number[]): number[] => (values.length === 1 ? [values[0], values[0], values[0]] : [...values]);
