import {
  DEFAULT_ANNOTATION_LIMITS,
  validateShape,
  type AnnotationLimits,
  type ElementDraft,
  type ShapeDraft,
} from "../annotation-validation.js";
import { AttributeInputType, ShapeType, type LabelNode } from "../label-types.js";
import type { AttributeValue, StagedShape } from "../staged-shape.js";
import type { InterchangeShape } from "./interchange.js";
import { LabelMatcher, type LabelMatch } from "./import-matching.js";
import { normaliseName } from "@prelabel/label-names";

/** Why an imported shape was not stored (AnnotationImportSkipReason in the schema). */
export const ImportSkipReason = {
  UnmatchedFrame: "UNMATCHED_FRAME",
  AmbiguousFrame: "AMBIGUOUS_FRAME",
  UnmatchedLabel: "UNMATCHED_LABEL",
  FrameWithoutSize: "FRAME_WITHOUT_SIZE",
  LabelTypeMismatch: "LABEL_TYPE_MISMATCH",
  UnknownSublabel: "UNKNOWN_SUBLABEL",
  InvalidAttribute: "INVALID_ATTRIBUTE",
  InvalidGeometry: "INVALID_GEOMETRY",
  OutsideFrame: "OUTSIDE_FRAME",
  UnsupportedShape: "UNSUPPORTED_SHAPE",
} as const;
export type ImportSkipReason = (typeof ImportSkipReason)[keyof typeof ImportSkipReason];

export type ShapeCheck = { ok: true; shape: StagedShape; clipped: boolean } | { ok: false; reason: ImportSkipReason; message: string };

/**
 * An imported shape against the task's label schema and its frame's size, by the same rules as a manual edit
 * (annotation-validation.ts's validateShape, the one validator): what only an import has is settled here first (a
 * shape a task cannot hold, a label type the file's shape does not fit, skeleton points and attributes named by the
 * file, matched by name: exact, then ignoring case, spaces, `_` and `-`), then the draft goes through validateShape
 * (type, coordinates and their count, NaN, clipping to the frame, masks, skeleton points, attribute values). Its first
 * problem names the skip reason. Clipped shapes are kept and counted.
 */
export function checkImportedShape(
  shape: InterchangeShape,
  match: LabelMatch,
  frame: { width: number | null; height: number | null },
  limits: AnnotationLimits = DEFAULT_ANNOTATION_LIMITS,
): ShapeCheck {
  if (shape.unsupported) return fail(ImportSkipReason.UnsupportedShape, `${shape.unsupported} has no equivalent in a task`);
  const label = match.label;
  if (!typeFits(shape.type, label.type)) {
    return fail(ImportSkipReason.LabelTypeMismatch, `a ${shape.type} cannot be a "${label.name}" (${label.type})`);
  }
  const attributes = attributesByName(shape.attributes, label);
  if (typeof attributes === "string") return fail(ImportSkipReason.InvalidAttribute, attributes);
  const elements: ElementDraft[] = [];
  for (const element of shape.elements) {
    const sublabel = LabelMatcher.sublabel(match, element.label);
    if (!sublabel) {
      return fail(
        ImportSkipReason.UnknownSublabel,
        `skeleton "${label.name}" has no point "${element.label}" (it has: ${label.sublabels.map((s) => s.name).join(", ")})`,
      );
    }
    const elementAttributes = attributesByName(element.attributes, sublabel);
    if (typeof elementAttributes === "string") return fail(ImportSkipReason.InvalidAttribute, elementAttributes);
    elements.push({
      labelId: sublabel.id,
      points: element.points,
      attributes: elementAttributes,
      occluded: element.occluded,
      outside: element.outside,
    });
  }
  const draft: ShapeDraft = {
    labelId: label.id,
    type: shape.type,
    points: shape.points,
    mask: shape.mask,
    score: shape.score,
    attributes,
    occluded: shape.occluded,
    outside: shape.outside,
    elements: shape.type === ShapeType.SKELETON ? elements : null,
  };
  const result = validateShape([label], frame, draft, limits);
  if (!result.ok) {
    const [first] = result.problems;
    const more = result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : "";
    return fail(reasonOf(first.path, first.message, shape), `${first.path}: ${first.message}${more}`);
  }
  return { ok: true, shape: result.shape, clipped: result.clippedCoordinates > 0 };
}

function typeFits(shape: ShapeType, label: ShapeType): boolean {
  if (shape === ShapeType.SKELETON || label === ShapeType.SKELETON) return shape === label;
  return shape === label || label === ShapeType.ANY;
}

/** validateShape's problem path as a skip reason. */
function reasonOf(path: string, message: string, shape: InterchangeShape): ImportSkipReason {
  if (/attributes/.test(path)) return ImportSkipReason.InvalidAttribute;
  if (/^elements.*labelId/.test(path)) return ImportSkipReason.UnknownSublabel;
  if (path === "type" || path === "labelId") return ImportSkipReason.LabelTypeMismatch;
  if (/outside the frame|no pixels inside the frame/.test(message)) return ImportSkipReason.OutsideFrame;
  // A box with an area in the file that has none once clipped lay outside the frame.
  const [x1, y1, x2, y2] = shape.points;
  if (shape.type === ShapeType.RECTANGLE && /width and a height/.test(message) && x1 !== x2 && y1 !== y2)
    return ImportSkipReason.OutsideFrame;
  return ImportSkipReason.InvalidGeometry;
}

/** The file's attribute names as the label spells them (exact, then normalised); a message when the label lacks one. */
function attributesByName(values: readonly AttributeValue[], label: LabelNode): AttributeValue[] | string {
  const out: AttributeValue[] = [];
  for (const { name, value } of values) {
    const spec =
      label.attributes.find((a) => a.name === name) ?? label.attributes.find((a) => normaliseName(a.name) === normaliseName(name));
    if (!spec) return `"${label.name}" has no attribute "${name}"`;
    out.push({ name: spec.name, value: spec.inputType === AttributeInputType.CHECKBOX ? value.toLowerCase() : value });
  }
  return out;
}

function fail(reason: ImportSkipReason, message: string): { ok: false; reason: ImportSkipReason; message: string } {
  return { ok: false, reason, message };
}
