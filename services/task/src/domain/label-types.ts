/** Shape kinds a label (and an annotation) may have; CVAT's vocabulary. */
export enum ShapeType {
  RECTANGLE = "RECTANGLE",
  POLYGON = "POLYGON",
  POLYLINE = "POLYLINE",
  POINTS = "POINTS",
  MASK = "MASK",
  SKELETON = "SKELETON",
  TAG = "TAG",
  ANY = "ANY",
}

/** How an attribute's value is entered; NUMBER values are `[min, max, step]`. */
export enum AttributeInputType {
  SELECT = "SELECT",
  RADIO = "RADIO",
  CHECKBOX = "CHECKBOX",
  NUMBER = "NUMBER",
  TEXT = "TEXT",
}

/** Who produced an annotation. */
export enum AnnotationSource {
  MANUAL = "MANUAL",
  AUTO = "AUTO",
}

export interface AttributeSpec {
  name: string;
  inputType: AttributeInputType;
  values: string[];
  defaultValue: string | null;
}

/** A label as a client describes it, before validation. */
export interface LabelDraft {
  name: string;
  type: ShapeType;
  attributes?: AttributeSpec[] | null;
  sublabels?: LabelDraft[] | null;
}

/** A label after validation: trimmed names, every list present. */
export interface ValidLabel {
  name: string;
  type: ShapeType;
  attributes: AttributeSpec[];
  sublabels: ValidLabel[];
}

/** A stored label with its id, as read back (sublabels nested). */
export interface LabelNode {
  id: string;
  name: string;
  type: ShapeType;
  attributes: AttributeSpec[];
  sublabels: LabelNode[];
}
