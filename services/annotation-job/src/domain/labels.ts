/**
 * The label vocabulary a job works with, as plain data: the task's labels (what annotations may use)
 * and the model's labels (what it can return). Clients translate the proto descriptors into these,
 * so the rules in this folder never see a wire format.
 */

export const ShapeKinds = ["UNSPECIFIED", "RECTANGLE", "POLYGON", "POLYLINE", "POINTS", "MASK", "SKELETON", "TAG", "ANY"] as const;
export type ShapeKind = (typeof ShapeKinds)[number];

export const AttributeInputKinds = ["UNSPECIFIED", "SELECT", "RADIO", "CHECKBOX", "NUMBER", "TEXT"] as const;
export type AttributeInputKind = (typeof AttributeInputKinds)[number];

/** A task (or model) attribute, kept whole so a worker can validate the values a model returns. */
export interface AttributeSpec {
  name: string;
  inputType: AttributeInputKind;
  /** SELECT/RADIO: the allowed values; NUMBER: [min, max, step] as decimal strings (CVAT's convention). */
  values: string[];
  defaultValue?: string;
}

export interface TaskLabel {
  id: string;
  name: string;
  type: ShapeKind;
  attributes: AttributeSpec[];
  sublabels: TaskLabel[];
}

export interface ModelLabel {
  name: string;
  type: ShapeKind;
  attributes: AttributeSpec[];
  sublabels: ModelLabel[];
}

export interface TaskFrame {
  index: number;
  /** Object store name of the image bytes (bucket `frames`). */
  objectName: string;
}

/** What a job needs to know of a task (task.v1.describe-task without its frames, which are listed apart, page by page). */
export interface TaskDescription {
  id: string;
  name: string;
  /** Number of frames in the task; frames are indexed 0..size-1. */
  size: number;
  labels: TaskLabel[];
}

/** What a job needs to know of a model (model-registry.v1.describe-model). */
export interface ModelDescription {
  id: string;
  name: string;
  /** How a worker runs it, e.g. "catalog:text-detection". */
  runtime: string;
  defaultThreshold: number;
  returnsMasks: boolean;
  labels: ModelLabel[];
  /** Set when no job can run the model (the registry's reason, e.g. a Nuclio tracker function); absent otherwise. */
  unsupportedReason?: string;
}

/** A model attribute mapped onto a task attribute; the task's spec travels with it. */
export interface AttributeMapping {
  modelAttribute: string;
  taskAttribute: string;
  taskAttributeSpec: AttributeSpec;
}

/** A validated, fully resolved mapping of one model label onto one task label. */
export interface LabelMapping {
  modelLabel: string;
  taskLabelId: string;
  taskLabel: string;
  taskLabelType: ShapeKind;
  attributes: AttributeMapping[];
  sublabels: LabelMapping[];
}

/** A mapping as a client writes it: the task label by name or id, attributes and sublabels optional. */
export interface LabelMappingRequest {
  modelLabel: string;
  taskLabel: string;
  /** Omitted: suggested by name. Given (even empty): used as is. */
  attributes?: { modelAttribute: string; taskAttribute: string }[] | null;
  /** Skeletons only. Omitted: suggested by name. */
  sublabels?: LabelMappingRequest[] | null;
}
