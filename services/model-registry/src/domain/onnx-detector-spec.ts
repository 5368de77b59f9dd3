import { OnnxOutputLayout, OnnxResizeMode, ShapeType, type ModelLabel, type OnnxDetectorSpec } from "./model.js";

/** The outputs each layout reads, in the order `OnnxDetectorSpec.outputNames` lists them. */
export const OUTPUT_ROLES: Readonly<Record<OnnxOutputLayout, readonly string[]>> = {
  YOLO_V5: ["detections"],
  YOLO_V8: ["detections"],
  YOLO_END2END: ["detections"],
  SSD: ["boxes", "scores", "classes", "count"],
  DETR: ["logits", "boxes"],
};

/** Layouts whose class ids are values in the output (so an id offset means something). */
const ID_VALUED_LAYOUTS: ReadonlySet<OnnxOutputLayout> = new Set([OnnxOutputLayout.SSD, OnnxOutputLayout.YOLO_END2END]);

export const ONNX_DETECTOR_LIMITS = {
  maxInputSide: 4096,
  maxClasses: 10_000,
  maxDetections: 10_000,
  maxClassIdOffset: 1_000,
  /** A frame's inference budget: below this no real detector finishes on a loaded machine; above it a bad model holds a runner too long. */
  minFrameBudgetMs: 100,
  maxFrameBudgetMs: 120_000,
} as const;

/** The budget of a detector that declares none (and of rows stored before budgets existed). */
export const DEFAULT_FRAME_BUDGET_MS = 10_000;

/** The detector's frame budget, the default for rows that declare none. */
export const frameBudgetOf = (spec: Pick<OnnxDetectorSpec, "frameBudgetMs">): number => spec.frameBudgetMs ?? DEFAULT_FRAME_BUDGET_MS;

/**
 * Every rule a detector spec breaks, as sentences. `declared` checks what a user states before the file is
 * read (the input name and output names are resolved from the file later, unless the user names the outputs);
 * `resolved` also requires those.
 */
export function findOnnxDetectorSpecProblems(spec: OnnxDetectorSpec, stage: "declared" | "resolved" = "resolved"): string[] {
  const problems: string[] = [];
  const side = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 1 || v > ONNX_DETECTOR_LIMITS.maxInputSide) {
      problems.push(`${name} ${v} must be an integer in [1, ${ONNX_DETECTOR_LIMITS.maxInputSide}]`);
    }
  };
  side("inputWidth", spec.inputWidth);
  side("inputHeight", spec.inputHeight);

  if (spec.mean.length !== 3 || spec.mean.some((v) => !Number.isFinite(v)))
    problems.push(`mean must be three finite numbers, got [${spec.mean.join(", ")}]`);
  if (spec.std.length !== 3 || spec.std.some((v) => !(Number.isFinite(v) && v > 0)))
    problems.push(`std must be three positive numbers, got [${spec.std.join(", ")}]`);

  const names = spec.classNames;
  if (names.length === 0 || names.length > ONNX_DETECTOR_LIMITS.maxClasses) {
    problems.push(`classNames must list 1 to ${ONNX_DETECTOR_LIMITS.maxClasses} names (one per class index), got ${names.length}`);
  } else if (names.every((n) => n === "")) {
    problems.push('classNames are all "" (ignored): at least one class needs a name');
  }
  names.forEach((n, i) => {
    if (n === "") return;
    if (!n.trim()) problems.push(`classNames[${i}] is blank: use "" to ignore a class index`);
    else if (n.trim() !== n) problems.push(`classNames[${i}] "${n}" has leading or trailing spaces`);
  });
  const seen = new Map<string, number>();
  names.forEach((n, i) => {
    if (n === "") return;
    const first = seen.get(n);
    if (first !== undefined) problems.push(`classNames[${i}] repeats "${n}" (also at ${first}); each label is one class`);
    else seen.set(n, i);
  });

  if (!Number.isInteger(spec.classIdOffset) || Math.abs(spec.classIdOffset) > ONNX_DETECTOR_LIMITS.maxClassIdOffset) {
    problems.push(
      `classIdOffset ${spec.classIdOffset} must be an integer in [-${ONNX_DETECTOR_LIMITS.maxClassIdOffset}, ${ONNX_DETECTOR_LIMITS.maxClassIdOffset}]`,
    );
  } else if (spec.classIdOffset !== 0 && !ID_VALUED_LAYOUTS.has(spec.outputLayout)) {
    problems.push(`classIdOffset applies to SSD and YOLO_END2END only (${spec.outputLayout} indexes classNames by channel)`);
  }
  if (!(spec.nmsIou > 0 && spec.nmsIou <= 1)) problems.push(`nmsIou ${spec.nmsIou} must be in (0, 1]`);
  if (!Number.isInteger(spec.maxDetections) || spec.maxDetections < 1 || spec.maxDetections > ONNX_DETECTOR_LIMITS.maxDetections) {
    problems.push(`maxDetections ${spec.maxDetections} must be an integer in [1, ${ONNX_DETECTOR_LIMITS.maxDetections}]`);
  }

  const budget = spec.frameBudgetMs;
  const { minFrameBudgetMs: minBudget, maxFrameBudgetMs: maxBudget } = ONNX_DETECTOR_LIMITS;
  if (budget !== undefined && (!Number.isInteger(budget) || budget < minBudget || budget > maxBudget)) {
    problems.push(`frameBudgetMs ${budget} must be an integer in [${minBudget}, ${maxBudget}]`);
  }

  const roles = OUTPUT_ROLES[spec.outputLayout];
  const namesGiven = spec.outputNames.length > 0;
  if ((stage === "resolved" || namesGiven) && spec.outputNames.length !== roles.length) {
    problems.push(
      `outputNames must name ${roles.length} output(s) for ${spec.outputLayout} (${roles.join(", ")}), got ${spec.outputNames.length}`,
    );
  }
  if (namesGiven && new Set(spec.outputNames).size !== spec.outputNames.length) problems.push("outputNames must name different outputs");
  if (stage === "resolved" && !spec.inputName) problems.push("inputName is not resolved");
  return problems;
}

/** The labels an uploaded detector outputs: each named class, as a rectangle, in class order. */
export function labelsOfDetector(spec: Pick<OnnxDetectorSpec, "classNames">): ModelLabel[] {
  const names = [...new Set(spec.classNames.filter((n) => n !== ""))];
  return names.map((name) => ({ name, type: ShapeType.RECTANGLE, attributes: [], sublabels: [] }));
}

/** How a frame becomes the input, in words (Model.preprocessing). */
export function describePreprocessing(spec: OnnxDetectorSpec): string {
  const resize = spec.resize === OnnxResizeMode.LETTERBOX ? "letterbox (keep aspect, pad 114)" : "stretch";
  const values = spec.inputType === "UINT8" ? "uint8 0..255" : `float32 (x − [${spec.mean.join(", ")}]) / [${spec.std.join(", ")}]`;
  return `${resize} to ${spec.inputWidth}×${spec.inputHeight}; ${spec.channelOrder}, ${spec.tensorLayout}, ${values}`;
}
