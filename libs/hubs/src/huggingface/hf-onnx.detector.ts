import type { HubOnnxExport } from "../hub.types.js";

export interface OnnxEvidence {
  readonly files: readonly string[];
  readonly tags: readonly string[];
  readonly libraryName?: string;
  readonly modelType?: string;
}

// Model types whose ONNX export has DETR's outputs (per-query class logits and normalised cxcywh boxes).
const detrTypes = new Set([
  "detr",
  "conditional_detr",
  "deformable_detr",
  "yolos",
  "rt_detr",
  "rt_detr_v2",
  "table-transformer",
  "dab-detr",
]);
const yoloTags = /^(yolo|yolov\d+|yolo\d+|ultralytics)$/i;

/**
 * An ONNX export our workers know how to run: `onnx/model.onnx` (transformers.js layout) or a root
 * `model.onnx`, from a DETR-family or a YOLO (Ultralytics) model. Anything else is not importable.
 */
export function detectOnnxExport(evidence: OnnxEvidence): HubOnnxExport | undefined {
  const path = ["onnx/model.onnx", "model.onnx"].find((p) => evidence.files.includes(p));
  if (!path) return undefined;
  if (evidence.modelType && detrTypes.has(evidence.modelType.toLowerCase())) return { path, layout: "detr" };
  if (evidence.libraryName?.toLowerCase() === "ultralytics" || evidence.tags.some((t) => yoloTags.test(t))) return { path, layout: "yolo" };
  return undefined;
}
