import { AttributeInputType, ShapeType, type AttributeSpec, type LabelNode } from "../label-types.js";
import { MAX_VALUE_LENGTH } from "../label-schema.js";
import type { AttributeValue, MaskRle, StagedShape } from "../staged-shape.js";
import { runsOf } from "./coco-rle.js";
import type { InterchangeShape } from "./interchange.js";
import { LabelMatcher, type LabelMatch } from "./import-matching.js";
import { normaliseName } from "./label-names.js";

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

export type ShapeCheck =
  | { ok: true; shape: StagedShape; clipped: boolean }
  | { ok: false; reason: ImportSkipReason; message: string };

/**
 * An imported shape against the task's label schema and its frame's size, as a manual edit is checked: the label's
 * type (equal, or a label of type ANY for every type but SKELETON), attribute names and values (by the attribute's
 * input type), skeleton points onto the skeleton's sublabels, the number of coordinates, and coordinates inside the
 * frame (clipped, and counted, when not; a shape left with no area is refused). NaN never gets here (readers refuse
 * it). The one place import validation happens: when i15-edits' annotation-validation.ts lands, this delegates to it.
 */
export function checkImportedShape(shape: InterchangeShape, match: LabelMatch, frame: { width: number | null; height: number | null }): ShapeCheck {
  if (shape.unsupported) return fail(ImportSkipReason.UnsupportedShape, `${shape.unsupported} has no equivalent in a task`);
  const label = match.label;
  if (!typeFits(shape.type, label.type)) {
    return fail(ImportSkipReason.LabelTypeMismatch, `a ${shape.type} cannot be a "${label.name}" (${label.type})`);
  }
  const top = checkOne(shape, label, frame);
  if (!top.ok) return top;
  if (shape.type !== ShapeType.SKELETON) return top;
  const elements: StagedShape[] = [];
  let clipped = top.clipped;
  for (const element of shape.elements) {
    const sublabel = LabelMatcher.sublabel(match, element.label);
    if (!sublabel) {
      return fail(ImportSkipReason.UnknownSublabel, `skeleton "${label.name}" has no point "${element.label}" (it has: ${label.sublabels.map((s) => s.name).join(", ")})`);
    }
    if (element.type !== ShapeType.POINTS) return fail(ImportSkipReason.InvalidGeometry, `skeleton point "${element.label}" is a ${element.type}`);
    const checked = checkOne(element, sublabel, frame, true);
    if (!checked.ok) return checked;
    clipped ||= checked.clipped;
    elements.push(checked.shape);
  }
  if (!elements.length) return fail(ImportSkipReason.InvalidGeometry, `skeleton "${label.name}" has no points`);
  return { ok: true, shape: { ...top.shape, elements }, clipped };
}

function typeFits(shape: ShapeType, label: ShapeType): boolean {
  if (shape === ShapeType.SKELETON || label === ShapeType.SKELETON) return shape === label;
  return shape === label || label === ShapeType.ANY;
}

function checkOne(
  shape: InterchangeShape,
  label: LabelNode,
  frame: { width: number | null; height: number | null },
  element = false,
): { ok: true; shape: StagedShape; clipped: boolean } | { ok: false; reason: ImportSkipReason; message: string } {
  const attributes = checkAttributes(shape.attributes, label);
  if (typeof attributes === "string") return fail(ImportSkipReason.InvalidAttribute, attributes);
  const geometry = checkGeometry(shape, frame, element);
  if (typeof geometry === "string") return fail(geometry.startsWith("outside") ? ImportSkipReason.OutsideFrame : ImportSkipReason.InvalidGeometry, geometry);
  return {
    ok: true,
    clipped: geometry.clipped,
    shape: {
      labelId: label.id,
      type: shape.type,
      points: geometry.points,
      mask: geometry.mask,
      score: shape.score,
      attributes,
      occluded: shape.occluded,
      outside: shape.outside,
      elements: [],
    },
  };
}

const MIN_POINTS: Partial<Record<ShapeType, number>> = {
  [ShapeType.POLYGON]: 6,
  [ShapeType.POLYLINE]: 4,
  [ShapeType.POINTS]: 2,
};

function checkGeometry(
  shape: InterchangeShape,
  frame: { width: number | null; height: number | null },
  element: boolean,
): string | { points: number[]; mask: MaskRle | null; clipped: boolean } {
  const { width: W, height: H } = frame;
  const clamp = (v: number, max: number | null) => (max === null ? v : Math.min(Math.max(v, 0), max));
  const p = shape.points;
  if (p.some((v) => !Number.isFinite(v))) return "a coordinate is not a finite number";
  switch (shape.type) {
    case ShapeType.TAG:
    case ShapeType.SKELETON:
      return { points: [], mask: null, clipped: false };
    case ShapeType.RECTANGLE: {
      if (p.length !== 4) return `a rectangle has 4 coordinates, not ${p.length}`;
      const [x1, y1, x2, y2] = [Math.min(p[0], p[2]), Math.min(p[1], p[3]), Math.max(p[0], p[2]), Math.max(p[1], p[3])];
      const c = [clamp(x1, W), clamp(y1, H), clamp(x2, W), clamp(y2, H)];
      if (c[2] - c[0] <= 0 || c[3] - c[1] <= 0) return x2 - x1 > 0 && y2 - y1 > 0 ? "outside the frame" : "a rectangle without area";
      return { points: c, mask: null, clipped: c.some((v, i) => v !== [x1, y1, x2, y2][i]) };
    }
    case ShapeType.MASK: {
      if (!shape.mask) return "a mask without its run-lengths";
      return clipMask(shape.mask, W, H);
    }
    default: {
      const min = MIN_POINTS[shape.type] ?? 2;
      if (p.length < min || p.length % 2 !== 0) return `a ${shape.type} needs an even number of at least ${min} coordinates, not ${p.length}`;
      // A skeleton point outside the frame (an `outside` keypoint at 0,0 included) is kept where it lies when outside.
      if (element && shape.outside) return { points: [...p], mask: null, clipped: false };
      const points = p.map((v, i) => clamp(v, i % 2 === 0 ? W : H));
      const clipped = points.some((v, i) => v !== p[i]);
      if (clipped && shape.type !== ShapeType.POINTS) {
        // Clipped flat against the frame's edge: nothing of it was inside.
        const xs = points.filter((_, i) => i % 2 === 0);
        const ys = points.filter((_, i) => i % 2 === 1);
        const dx = Math.max(...xs) - Math.min(...xs);
        const dy = Math.max(...ys) - Math.min(...ys);
        if (shape.type === ShapeType.POLYGON ? dx <= 0 || dy <= 0 : dx + dy <= 0) return "outside the frame";
      }
      return { points, mask: null, clipped };
    }
  }
}

/** A mask cropped to the frame (rasterising only its own box); one entirely outside is refused. */
function clipMask(mask: MaskRle, W: number | null, H: number | null): string | { points: number[]; mask: MaskRle; clipped: boolean } {
  const w = mask.right - mask.left + 1;
  const h = mask.bottom - mask.top + 1;
  if (w <= 0 || h <= 0 || mask.counts.reduce((s, n) => s + n, 0) !== w * h) return "the mask's runs do not cover its box";
  if (W === null || H === null || (mask.left >= 0 && mask.top >= 0 && mask.right < W && mask.bottom < H)) {
    return { points: [], mask, clipped: false };
  }
  const left = Math.max(mask.left, 0);
  const top = Math.max(mask.top, 0);
  const right = Math.min(mask.right, W - 1);
  const bottom = Math.min(mask.bottom, H - 1);
  if (right < left || bottom < top) return "outside the frame";
  const cw = right - left + 1;
  const pixels = new Uint8Array(cw * (bottom - top + 1));
  let at = 0;
  let any = false;
  mask.counts.forEach((n, i) => {
    if (i % 2 === 1) {
      for (let q = at; q < at + n; q++) {
        const x = mask.left + (q % w);
        const y = mask.top + Math.floor(q / w);
        if (x >= left && x <= right && y >= top && y <= bottom) {
          pixels[(y - top) * cw + (x - left)] = 1;
          any = true;
        }
      }
    }
    at += n;
  });
  if (!any) return "outside the frame";
  return { points: [], mask: { counts: runsOf(pixels), left, top, right, bottom }, clipped: true };
}

/** The label's attributes by name (exact, then normalised), each value valid for its input type; a message when not. */
function checkAttributes(values: readonly AttributeValue[], label: LabelNode): AttributeValue[] | string {
  const out: AttributeValue[] = [];
  for (const { name, value } of values) {
    const spec = label.attributes.find((a) => a.name === name) ?? label.attributes.find((a) => normaliseName(a.name) === normaliseName(name));
    if (!spec) return `"${label.name}" has no attribute "${name}"`;
    const problem = valueProblem(spec, value);
    if (problem) return `attribute "${spec.name}": ${problem}`;
    out.push({ name: spec.name, value: spec.inputType === AttributeInputType.CHECKBOX ? value.toLowerCase() : value });
  }
  return out;
}

function valueProblem(spec: AttributeSpec, value: string): string | null {
  switch (spec.inputType) {
    case AttributeInputType.SELECT:
    case AttributeInputType.RADIO:
      return spec.values.includes(value) ? null : `"${value}" is not one of ${spec.values.join(", ")}`;
    case AttributeInputType.CHECKBOX:
      return ["true", "false"].includes(value.toLowerCase()) ? null : `"${value}" is not true or false`;
    case AttributeInputType.NUMBER: {
      const n = Number(value);
      const [min, max] = spec.values.map(Number);
      if (value.trim() === "" || !Number.isFinite(n)) return `"${value}" is not a number`;
      if (Number.isFinite(min) && n < min) return `${n} is below ${min}`;
      if (Number.isFinite(max) && n > max) return `${n} is above ${max}`;
      return null;
    }
    default:
      return value.length > MAX_VALUE_LENGTH ? `longer than ${MAX_VALUE_LENGTH} characters` : null;
  }
}

function fail(reason: ImportSkipReason, message: string): { ok: false; reason: ImportSkipReason; message: string } {
  return { ok: false, reason, message };
}
