import type {
  ModelSpecInput,
  OnnxChannelOrder,
  OnnxInputType,
  OnnxOutputLayout,
  OnnxResizeMode,
  OnnxTensorLayout,
} from "../../gql/graphql.js";
import type { ModelSpecField } from "./model-problem.fields.js";

/** The upload form's values as typed (strings for numbers and lists), so a half-typed value is never lost. */
export interface ModelSpecFormValues {
  name: string;
  description: string;
  outputLayout: OnnxOutputLayout;
  inputWidth: string;
  inputHeight: string;
  resize: OnnxResizeMode;
  channelOrder: OnnxChannelOrder;
  tensorLayout: OnnxTensorLayout;
  inputType: OnnxInputType;
  mean: string;
  std: string;
  /** One per line, in class-index order; an empty line ignores that index. */
  classNames: string;
  classIdOffset: string;
  detrNoObjectClass: boolean;
  nmsIou: string;
  defaultThreshold: string;
  maxDetections: string;
  frameBudgetMs: string;
  /** Comma-separated; empty: the outputs are found by name. */
  outputNames: string;
}

/** ModelSpecInput's defaults (gateway/supergraph.graphql), with a YOLOv8 640×640 export as the starting point. */
export const DEFAULT_MODEL_SPEC_VALUES: ModelSpecFormValues = {
  name: "",
  description: "",
  outputLayout: "YOLO_V8",
  inputWidth: "640",
  inputHeight: "640",
  resize: "LETTERBOX",
  channelOrder: "RGB",
  tensorLayout: "NCHW",
  inputType: "FLOAT32",
  mean: "0, 0, 0",
  std: "255, 255, 255",
  classNames: "",
  classIdOffset: "0",
  detrNoObjectClass: true,
  nmsIou: "0.45",
  defaultThreshold: "0.25",
  maxDetections: "300",
  frameBudgetMs: "10000",
  outputNames: "",
};

/** The registry's limits the form checks before sending (services/model-registry onnx-detector-spec.ts). */
export const MODEL_SPEC_LIMITS = {
  maxInputSide: 4096,
  maxClasses: 10_000,
  maxDetections: 10_000,
  minFrameBudgetMs: 100,
  maxFrameBudgetMs: 120_000,
};

export type ModelSpecFieldErrors = Partial<Record<ModelSpecField, string>>;

export type ParsedModelSpec = { ok: true; spec: ModelSpecInput } | { ok: false; errors: ModelSpecFieldErrors };

const isInt = (s: string): boolean => /^-?\d+$/.test(s.trim());
const num = (s: string): number => (s.trim() === "" ? Number.NaN : Number(s));

function numberList(s: string): number[] {
  return s
    .split(/[,\s]+/)
    .filter((p) => p !== "")
    .map(Number);
}

/** One class name per line; trailing empty lines are dropped, inner empty lines ignore their class index (""). */
export function parseClassNames(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  while (lines.length && lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Checks what can be checked without the file; the server checks the rest against it. */
export function parseModelSpec(v: ModelSpecFormValues): ParsedModelSpec {
  const errors: ModelSpecFieldErrors = {};
  const name = v.name.trim();
  if (!name) errors.name = "Give the model a name.";
  const width = num(v.inputWidth);
  const height = num(v.inputHeight);
  const side = (n: number, s: string) => isInt(s) && n >= 1 && n <= MODEL_SPEC_LIMITS.maxInputSide;
  if (!side(width, v.inputWidth) || !side(height, v.inputHeight)) {
    errors.inputSize = `Width and height are whole numbers of pixels from 1 to ${MODEL_SPEC_LIMITS.maxInputSide}.`;
  }
  const mean = numberList(v.mean);
  const std = numberList(v.std);
  if (v.inputType === "FLOAT32") {
    if (![1, 3].includes(mean.length) || mean.some((m) => !Number.isFinite(m))) errors.normalisation = "Mean takes one number or three.";
    else if (![1, 3].includes(std.length) || std.some((s) => !(s > 0))) errors.normalisation = "Std takes one positive number or three.";
  }
  const classNames = parseClassNames(v.classNames);
  if (classNames.length === 0 || classNames.every((c) => c === "")) errors.classNames = "List at least one class name, one per line.";
  else if (classNames.length > MODEL_SPEC_LIMITS.maxClasses) errors.classNames = `At most ${MODEL_SPEC_LIMITS.maxClasses} classes.`;
  const offset = num(v.classIdOffset);
  if (!isInt(v.classIdOffset) || offset < 0) errors.classIdOffset = "A whole number, 0 or more.";
  const nmsIou = num(v.nmsIou);
  if (!(nmsIou > 0 && nmsIou <= 1)) errors.nmsIou = "Greater than 0 and at most 1.";
  const threshold = num(v.defaultThreshold);
  if (!(threshold > 0 && threshold <= 1)) errors.defaultThreshold = "Greater than 0 and at most 1.";
  const maxDetections = num(v.maxDetections);
  if (!isInt(v.maxDetections) || maxDetections < 1 || maxDetections > MODEL_SPEC_LIMITS.maxDetections) {
    errors.maxDetections = `A whole number from 1 to ${MODEL_SPEC_LIMITS.maxDetections}.`;
  }
  const budget = num(v.frameBudgetMs);
  if (!isInt(v.frameBudgetMs) || budget < MODEL_SPEC_LIMITS.minFrameBudgetMs || budget > MODEL_SPEC_LIMITS.maxFrameBudgetMs) {
    errors.frameBudgetMs = `Whole milliseconds from ${MODEL_SPEC_LIMITS.minFrameBudgetMs} to ${MODEL_SPEC_LIMITS.maxFrameBudgetMs}.`;
  }
  const outputNames = v.outputNames
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    spec: {
      name,
      description: v.description.trim(),
      outputLayout: v.outputLayout,
      inputWidth: width,
      inputHeight: height,
      resize: v.resize,
      channelOrder: v.channelOrder,
      tensorLayout: v.tensorLayout,
      inputType: v.inputType,
      ...(v.inputType === "FLOAT32" ? { mean, std } : {}),
      classNames,
      classIdOffset: offset,
      detrNoObjectClass: v.detrNoObjectClass,
      nmsIou,
      defaultThreshold: threshold,
      maxDetections,
      frameBudgetMs: budget,
      ...(outputNames.length ? { outputNames } : {}),
    },
  };
}
