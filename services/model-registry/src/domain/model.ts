/**
 * The model descriptor: what a model detects and how it wants its input, described the way
 * CVAT describes a serverless function (kind, labels with attributes and sublabels, default
 * threshold, whether it returns masks), so new models join without changing the shape.
 */

/** Enum objects keep key = value: the keys are the GraphQL enum values. */
export const ModelSource = {
  CATALOG: "CATALOG",
  UPLOAD: "UPLOAD",
  HUGGING_FACE: "HUGGING_FACE",
  ROBOFLOW: "ROBOFLOW",
} as const;
export type ModelSource = (typeof ModelSource)[keyof typeof ModelSource];

export const ModelKind = {
  DETECTOR: "DETECTOR",
  INTERACTOR: "INTERACTOR",
  TRACKER: "TRACKER",
  REID: "REID",
  CLASSIFIER: "CLASSIFIER",
} as const;
export type ModelKind = (typeof ModelKind)[keyof typeof ModelKind];

/** The task subgraph's shape types: model labels map onto task labels of a compatible type. */
export const ShapeType = {
  RECTANGLE: "RECTANGLE",
  POLYGON: "POLYGON",
  POLYLINE: "POLYLINE",
  POINTS: "POINTS",
  MASK: "MASK",
  SKELETON: "SKELETON",
  TAG: "TAG",
  ANY: "ANY",
} as const;
export type ShapeType = (typeof ShapeType)[keyof typeof ShapeType];

export const AttributeInputType = {
  SELECT: "SELECT",
  RADIO: "RADIO",
  CHECKBOX: "CHECKBOX",
  NUMBER: "NUMBER",
  TEXT: "TEXT",
} as const;
export type AttributeInputType = (typeof AttributeInputType)[keyof typeof AttributeInputType];

export interface AttributeSpec {
  name: string;
  inputType: AttributeInputType;
  /** SELECT/RADIO: the choices; CHECKBOX: ["false","true"]; NUMBER: [min, max, step] as decimal strings (CVAT's convention); TEXT: []. */
  values: string[];
  defaultValue: string | null;
}

export interface ModelLabel {
  name: string;
  type: ShapeType;
  attributes: AttributeSpec[];
  /** Skeleton elements; empty for every other type. */
  sublabels: ModelLabel[];
}

export interface ImageSize {
  width: number;
  height: number;
}

export interface Model {
  id: string;
  name: string;
  description: string;
  source: ModelSource;
  kind: ModelKind;
  labels: ModelLabel[];
  /** Used when a job does not choose one; in (0, 1]. */
  defaultThreshold: number;
  returnsMasks: boolean;
  /** A fixed network input size; null when the model takes a dynamic size (see `preprocessing`). */
  inputSize: ImageSize | null;
  /** How a frame becomes the network input, in words (resize rule, channel order, scaling). */
  preprocessing: string | null;
  /** How a worker runs it, e.g. "catalog:text-detection". Not exposed over GraphQL. */
  runtime: string;
}

export interface ModelFilter {
  kind?: ModelKind;
  source?: ModelSource;
}
