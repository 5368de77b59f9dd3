/**
 * Which form field an upload problem concerns. The registry lists problems as sentences (INVALID_MODEL and
 * BAD_USER_INPUT `details.problems`) that begin with the ModelSpecInput field they break, or name the file's input or
 * outputs: those are matched here so the form shows each one next to its field. Anything else stays with the form.
 */
export type ModelSpecField =
  | "file"
  | "name"
  | "description"
  | "outputLayout"
  | "inputSize"
  | "inputType"
  | "normalisation"
  | "classNames"
  | "classIdOffset"
  | "nmsIou"
  | "defaultThreshold"
  | "maxDetections"
  | "frameBudgetMs"
  | "outputNames";

const RULES: readonly (readonly [RegExp, ModelSpecField])[] = [
  [/frameBudgetMs/, "frameBudgetMs"],
  [/is not an ONNX model|could not be inspected|could not be opened|trial run|opening ".*" ended|checking ".*" could not start/, "file"],
  [/^name\b/, "name"],
  [/^description\b/, "description"],
  [/^(inputWidth|inputHeight)\b/, "inputSize"],
  [/^(mean|std)\b/, "normalisation"],
  [/^classNames\b/, "classNames"],
  [/^classIdOffset\b/, "classIdOffset"],
  [/^nmsIou\b/, "nmsIou"],
  [/^defaultThreshold\b/, "defaultThreshold"],
  [/^maxDetections\b/, "maxDetections"],
  [/^outputNames\b|name (it|them) in outputNames/, "outputNames"],
  // The file's input: its element type follows inputType, its shape the declared size and layout.
  [/^input ".*" is (?!not a tensor)\S+, expected/, "inputType"],
  [/^input ".*" (has shape|states no shape)|^expected exactly one input/, "inputSize"],
  // An output's class dimension follows the class names; any other output mismatch is the layout's.
  [/classNames\)?$|\bclassNames\b/, "classNames"],
  [/output|detections|logits|SSD|DETR|YOLO/, "outputLayout"],
];

export function fieldOfProblem(problem: string): ModelSpecField | null {
  for (const [pattern, field] of RULES) if (pattern.test(problem)) return field;
  return null;
}

/** Problems by field, and the ones no field claims. */
export function problemsByField(problems: readonly string[]): {
  byField: Partial<Record<ModelSpecField, string[]>>;
  unplaced: string[];
} {
  const byField: Partial<Record<ModelSpecField, string[]>> = {};
  const unplaced: string[] = [];
  for (const problem of problems) {
    const field = fieldOfProblem(problem);
    if (field === null) unplaced.push(problem);
    else (byField[field] ??= []).push(problem);
  }
  return { byField, unplaced };
}
