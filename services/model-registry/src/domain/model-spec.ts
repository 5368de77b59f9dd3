import {
  AttributeInputType,
  HUB_RUNTIME,
  ONNX_DETECTOR_RUNTIME,
  ShapeType,
  UPLOADED_MODEL_ARTIFACT,
  type AttributeSpec,
  type Model,
  type ModelArtifact,
  type ModelLabel,
} from "./model.js";
import { InvalidModelSpecError } from "./model-registry.errors.js";
import { findOnnxDetectorSpecProblems } from "./onnx-detector-spec.js";

/** The one hub task whose models come without labels. */
export const ZERO_SHOT_TASK = "zero-shot-object-detection";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Every rule a model spec breaks, as readable sentences (empty when the spec is valid). */
export function findModelSpecProblems(model: Model): string[] {
  const problems: string[] = [];
  if (!ID_PATTERN.test(model.id)) problems.push(`id "${model.id}" must be lowercase letters, digits and dashes (at most 63)`);
  if (!model.name.trim()) problems.push("name must not be empty");
  if (!model.runtime.trim()) problems.push("runtime must not be empty");
  if (!(model.defaultThreshold > 0 && model.defaultThreshold <= 1)) {
    problems.push(`defaultThreshold ${model.defaultThreshold} must be in (0, 1]`);
  }
  if (model.inputSize) {
    const { width, height } = model.inputSize;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
      problems.push(`inputSize ${width}x${height} must be positive integers`);
    }
  }
  // Zero-shot detectors have no labels of their own: the task's mapped labels become their candidates.
  if (model.labels.length === 0 && model.hub?.task !== ZERO_SHOT_TASK) problems.push("a model needs at least one label");
  problems.push(...labelProblems(model.labels, "labels"));
  problems.push(...artifactProblems(model.artifacts));
  if (model.runtime === ONNX_DETECTOR_RUNTIME) {
    if (!model.onnxDetector) problems.push(`runtime ${ONNX_DETECTOR_RUNTIME} needs an onnxDetector spec`);
    else problems.push(...findOnnxDetectorSpecProblems(model.onnxDetector).map((p) => `onnxDetector: ${p}`));
    if (!model.artifacts.some((a) => a.name === UPLOADED_MODEL_ARTIFACT))
      problems.push(`runtime ${ONNX_DETECTOR_RUNTIME} needs an artifact named "${UPLOADED_MODEL_ARTIFACT}"`);
  } else if (model.onnxDetector) {
    problems.push(`an onnxDetector spec needs runtime ${ONNX_DETECTOR_RUNTIME}, not ${model.runtime}`);
  }
  if (model.runtime === HUB_RUNTIME && !model.hub) problems.push(`runtime ${HUB_RUNTIME} needs a hub spec`);
  // A hub spec on an onnx-detector model is the provenance of a file imported from the hub (it runs here).
  if (model.hub && model.runtime !== HUB_RUNTIME && !(model.runtime === ONNX_DETECTOR_RUNTIME && model.hub.localOnnx)) {
    problems.push(`a hub spec needs runtime ${HUB_RUNTIME}, or runtime ${ONNX_DETECTOR_RUNTIME} with the imported localOnnx file`);
  }
  if (model.credential && model.runtime !== HUB_RUNTIME) problems.push(`only runtime ${HUB_RUNTIME} models keep a credential`);
  return problems;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function artifactProblems(artifacts: ModelArtifact[]): string[] {
  const problems: string[] = [];
  for (const name of duplicates(artifacts.map((a) => a.name))) problems.push(`artifacts: duplicate name "${name}"`);
  for (const a of artifacts) {
    if (!a.name.trim()) problems.push("artifacts: an artifact has an empty name");
    if (!SHA256_HEX.test(a.sha256)) problems.push(`artifacts.${a.name}: sha256 must be 64 lowercase hex digits`);
    if (!Number.isSafeInteger(a.sizeBytes) || a.sizeBytes < 0)
      problems.push(`artifacts.${a.name}: sizeBytes must be a non-negative integer`);
  }
  return problems;
}

/** Throws InvalidModelSpecError naming every problem, like CVAT rejecting a bad function spec. */
export function assertValidModelSpec(model: Model): Model {
  const problems = findModelSpecProblems(model);
  if (problems.length) throw new InvalidModelSpecError(model.id, problems);
  return model;
}

function labelProblems(labels: ModelLabel[], where: string): string[] {
  const problems: string[] = [];
  for (const name of duplicates(labels.map((l) => l.name))) problems.push(`${where}: duplicate label "${name}"`);
  for (const label of labels) {
    const at = `${where}.${label.name}`;
    if (!label.name.trim()) problems.push(`${where}: a label has an empty name`);
    if (label.type === ShapeType.SKELETON) {
      if (label.sublabels.length === 0) problems.push(`${at}: a skeleton needs sublabels`);
      for (const sub of label.sublabels) {
        if (sub.type !== ShapeType.POINTS) problems.push(`${at}.${sub.name}: skeleton elements must be POINTS`);
      }
      problems.push(...labelProblems(label.sublabels, at));
    } else if (label.sublabels.length > 0) {
      problems.push(`${at}: only SKELETON labels have sublabels`);
    }
    for (const name of duplicates(label.attributes.map((a) => a.name))) problems.push(`${at}: duplicate attribute "${name}"`);
    for (const attribute of label.attributes) problems.push(...attributeProblems(attribute, `${at}.${attribute.name}`));
  }
  return problems;
}

function attributeProblems(a: AttributeSpec, at: string): string[] {
  const problems: string[] = [];
  if (!a.name.trim()) problems.push(`${at}: an attribute has an empty name`);
  switch (a.inputType) {
    case AttributeInputType.SELECT:
    case AttributeInputType.RADIO:
      if (a.values.length === 0) problems.push(`${at}: ${a.inputType} needs values`);
      for (const v of duplicates(a.values)) problems.push(`${at}: duplicate value "${v}"`);
      if (a.defaultValue !== null && !a.values.includes(a.defaultValue))
        problems.push(`${at}: default "${a.defaultValue}" is not one of the values`);
      break;
    case AttributeInputType.CHECKBOX:
      if (a.defaultValue !== null && a.defaultValue !== "true" && a.defaultValue !== "false")
        problems.push(`${at}: a checkbox default is "true" or "false"`);
      break;
    case AttributeInputType.NUMBER: {
      const nums = a.values.map(Number);
      if (a.values.length !== 3 || nums.some((n) => !Number.isFinite(n))) {
        problems.push(`${at}: NUMBER values are [min, max, step]`);
      } else {
        const [min, max, step] = nums as [number, number, number];
        if (min > max || step <= 0) problems.push(`${at}: NUMBER needs min ≤ max and step > 0`);
        if (a.defaultValue !== null) {
          const d = Number(a.defaultValue);
          if (!Number.isFinite(d) || d < min || d > max) problems.push(`${at}: default ${a.defaultValue} is outside [${min}, ${max}]`);
        }
      }
      break;
    }
    case AttributeInputType.TEXT:
      break;
  }
  return problems;
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}
