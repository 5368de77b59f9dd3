import { isValidNumber, MAX_VALUE_LENGTH, parseNumberRange } from "./label-schema.js";
import { AttributeInputType, ShapeType, type AttributeSpec, type LabelNode } from "./label-types.js";
import type { AttributeValue, MaskRle, StagedShape } from "./staged-shape.js";

/**
 * The rules a shape must meet to be stored on a task's frame, whoever made it (saveAnnotations, importAnnotations):
 * pure, no I/O. A draft names its label by id; the result is the shape as it will be stored (a StagedShape: the
 * service's own shape of a shape, elements nested) or every problem found, each with a path inside the draft.
 */

/** A shape as a client or a file describes it, before validation. */
export interface ShapeDraft {
  /** A top-level label of the task (a skeleton's points name sublabels in `elements`). */
  labelId: string;
  /** Omitted or null: the label's type. Required for an ANY label (any type but ANY and SKELETON). */
  type?: ShapeType | null;
  /** Flat [x1, y1, x2, y2, …] in pixels of the frame. RECTANGLE: two corners; MASK, SKELETON, TAG: none. */
  points?: readonly number[] | null;
  /** MASK only: CVAT's run-length convention over the inclusive pixel box. */
  mask?: MaskRle | null;
  /** Kept as given (an edited or imported model shape keeps its score); finite, 0..1. */
  score?: number | null;
  attributes?: readonly AttributeValue[] | null;
  occluded?: boolean | null;
  outside?: boolean | null;
  /** SKELETON only: one point per sublabel used (`labelId` = the sublabel's id, two coordinates each). */
  elements?: readonly ElementDraft[] | null;
}

/** A skeleton's point. */
export interface ElementDraft {
  labelId: string;
  points: readonly number[];
  attributes?: readonly AttributeValue[] | null;
  occluded?: boolean | null;
  outside?: boolean | null;
}

/** The frame the shape goes on; a null size (an unreadable image) clips nothing. */
export interface FrameSize {
  width: number | null;
  height: number | null;
}

export interface AnnotationLimits {
  /** Points (coordinate pairs) one shape may have. */
  maxPointsPerShape: number;
}

export const DEFAULT_ANNOTATION_LIMITS: AnnotationLimits = { maxPointsPerShape: 10_000 };

/** One thing wrong with a draft; `path` is inside the draft ("points", "elements[2].labelId", "attributes[0].value"). */
export interface AnnotationProblem {
  path: string;
  message: string;
}

export type ShapeValidation =
  | {
      ok: true;
      /** The shape to store: type resolved, coordinates clipped to the frame, elements nested. */
      shape: StagedShape;
      /** Coordinates moved onto the frame's edge (for a mask: box edges cropped). 0 when the shape was inside. */
      clippedCoordinates: number;
    }
  | { ok: false; problems: AnnotationProblem[] };

/** The fewest coordinates per type, and whether their count must be even (pairs) or exact. */
const POINT_RULES: Record<Exclude<ShapeType, ShapeType.ANY>, { min: number; exact?: number; what: string }> = {
  [ShapeType.RECTANGLE]: { min: 4, exact: 4, what: "a RECTANGLE is two corners: [x1, y1, x2, y2]" },
  [ShapeType.POLYGON]: { min: 6, what: "a POLYGON needs at least 3 points" },
  [ShapeType.POLYLINE]: { min: 4, what: "a POLYLINE needs at least 2 points" },
  [ShapeType.POINTS]: { min: 2, what: "POINTS need at least 1 point" },
  [ShapeType.MASK]: { min: 0, exact: 0, what: "a MASK has no points: its shape is its mask" },
  [ShapeType.SKELETON]: { min: 0, exact: 0, what: "a SKELETON has no points of its own: they are its elements" },
  [ShapeType.TAG]: { min: 0, exact: 0, what: "a TAG has no points" },
};

/**
 * Validates one shape draft against a task's label tree (`labels`: top-level labels, sublabels nested) and the size
 * of the frame it goes on. Checks, reporting every problem at once:
 * - the label is one of the task's top-level labels; the type is the label's (an ANY label takes any type but ANY
 *   and SKELETON, which then must be given);
 * - coordinates are finite numbers (NaN and ±Infinity are refused), their count fits the type (RECTANGLE 4, POLYGON
 *   ≥ 6, POLYLINE ≥ 4, POINTS ≥ 2, all even; MASK, SKELETON and TAG none) and at most `limits.maxPointsPerShape` points;
 * - a MASK has a consistent RLE (non-negative whole runs summing to its box's area); only a MASK has one;
 * - a SKELETON's elements use its sublabels, each at most once, one point each; only a SKELETON has elements;
 * - attributes are the label's (by name, once each) with values that fit their input type (SELECT/RADIO one of the
 *   values, CHECKBOX "true"/"false", NUMBER in [min, max] on step, TEXT at most 1,024 characters);
 * - a score is finite and within 0..1.
 * Coordinates outside a frame of known size are clipped onto it and counted; a RECTANGLE or MASK left with nothing
 * inside the frame is a problem. A RECTANGLE's corners come back ordered (x1 ≤ x2, y1 ≤ y2).
 */
export function validateShape(
  labels: readonly LabelNode[],
  frame: FrameSize,
  draft: ShapeDraft,
  limits: AnnotationLimits = DEFAULT_ANNOTATION_LIMITS,
): ShapeValidation {
  const problems: AnnotationProblem[] = [];
  const label = labels.find((l) => l.id === draft.labelId);
  if (!label) {
    const sub = labels.some((l) => l.sublabels.some((s) => s.id === draft.labelId));
    problems.push({
      path: "labelId",
      message: sub
        ? `label ${draft.labelId} is a skeleton's sublabel: use it in a SKELETON's elements`
        : `label ${draft.labelId} is not a label of this task`,
    });
    return { ok: false, problems };
  }
  const type = resolveType(label, draft.type ?? null, problems);
  if (!type) return { ok: false, problems };

  let clipped = 0;
  const points = checkPoints(draft.points ?? [], type, "points", limits, problems);
  let shapePoints: number[] = [];
  if (points) {
    const result = clipPoints(points, frame);
    clipped += result.clipped;
    shapePoints = result.points;
    if (type === ShapeType.RECTANGLE) shapePoints = orderedBox(shapePoints, frame, problems);
  }

  let mask: MaskRle | null = null;
  if (type === ShapeType.MASK) {
    if (!draft.mask) problems.push({ path: "mask", message: "a MASK needs its mask (RLE)" });
    else {
      const result = checkMask(draft.mask, frame, problems);
      if (result) {
        mask = result.mask;
        clipped += result.clipped;
      }
    }
  } else if (draft.mask) problems.push({ path: "mask", message: `only a MASK has a mask, this shape is a ${type}` });

  const elements: StagedShape[] = [];
  const drafts = draft.elements ?? [];
  if (type === ShapeType.SKELETON) {
    if (drafts.length === 0) problems.push({ path: "elements", message: "a SKELETON needs at least one of its points" });
    const seen = new Map<string, number>();
    drafts.forEach((element, i) => {
      const at = `elements[${i}]`;
      const sublabel = label.sublabels.find((s) => s.id === element.labelId);
      if (!sublabel) {
        problems.push({ path: `${at}.labelId`, message: `label ${element.labelId} is not a sublabel of "${label.name}"` });
        return;
      }
      const first = seen.get(sublabel.id);
      if (first !== undefined) {
        problems.push({ path: `${at}.labelId`, message: `"${sublabel.name}" is already elements[${first}]: one point per sublabel` });
        return;
      }
      seen.set(sublabel.id, i);
      const coords = checkCoordinates(element.points ?? [], `${at}.points`, problems);
      if (coords && coords.length !== 2) problems.push({ path: `${at}.points`, message: "a skeleton's point is one point: [x, y]" });
      const attributes = checkAttributes(sublabel.attributes, element.attributes ?? [], `${at}.attributes`, problems);
      if (!coords || coords.length !== 2) return;
      const result = clipPoints(coords, frame);
      clipped += result.clipped;
      elements.push({
        labelId: sublabel.id,
        type: ShapeType.POINTS,
        points: result.points,
        mask: null,
        score: null,
        attributes,
        occluded: element.occluded ?? false,
        outside: element.outside ?? false,
        elements: [],
      });
    });
  } else if (drafts.length) problems.push({ path: "elements", message: `only a SKELETON has elements, this shape is a ${type}` });

  const attributes = checkAttributes(label.attributes, draft.attributes ?? [], "attributes", problems);
  const score = draft.score ?? null;
  if (score !== null && !(Number.isFinite(score) && score >= 0 && score <= 1)) {
    problems.push({ path: "score", message: "a score is a finite number from 0 to 1" });
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    shape: {
      labelId: label.id,
      type,
      points: shapePoints,
      mask,
      score,
      attributes,
      occluded: draft.occluded ?? false,
      outside: draft.outside ?? false,
      elements,
    },
    clippedCoordinates: clipped,
  };
}

function resolveType(label: LabelNode, given: ShapeType | null, problems: AnnotationProblem[]): Exclude<ShapeType, ShapeType.ANY> | null {
  if (given !== null && !Object.values(ShapeType).includes(given)) {
    problems.push({ path: "type", message: `unknown shape type "${String(given)}"` });
    return null;
  }
  if (label.type === ShapeType.ANY) {
    if (given === null || given === ShapeType.ANY) {
      problems.push({ path: "type", message: `label "${label.name}" is ANY: give the shape's type` });
      return null;
    }
    if (given === ShapeType.SKELETON) {
      problems.push({ path: "type", message: `label "${label.name}" is ANY and has no sublabels: a SKELETON needs a SKELETON label` });
      return null;
    }
    return given;
  }
  if (given !== null && given !== label.type) {
    problems.push({ path: "type", message: `label "${label.name}" is ${label.type}, not ${given}` });
    return null;
  }
  return label.type;
}

/** Finite numbers only; null when one is not (reported). */
function checkCoordinates(points: readonly number[], path: string, problems: AnnotationProblem[]): number[] | null {
  const bad = points.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0) {
    problems.push({ path: `${path}[${bad}]`, message: `coordinates are finite numbers, not ${String(points[bad])}` });
    return null;
  }
  return [...points];
}

function checkPoints(
  points: readonly number[],
  type: Exclude<ShapeType, ShapeType.ANY>,
  path: string,
  limits: AnnotationLimits,
  problems: AnnotationProblem[],
): number[] | null {
  const rule = POINT_RULES[type];
  const count = points.length;
  if (rule.exact !== undefined ? count !== rule.exact : count < rule.min || count % 2 !== 0) {
    problems.push({ path, message: `${rule.what}; got ${count} coordinate${count === 1 ? "" : "s"}` });
    return null;
  }
  if (count / 2 > limits.maxPointsPerShape) {
    problems.push({ path, message: `${count / 2} points, more than the ${limits.maxPointsPerShape} a shape may have` });
    return null;
  }
  return checkCoordinates(points, path, problems);
}

/** Moves each coordinate onto the frame (x into [0, width], y into [0, height]) and counts those moved. */
function clipPoints(points: readonly number[], frame: FrameSize): { points: number[]; clipped: number } {
  let clipped = 0;
  const out = points.map((v, i) => {
    const max = i % 2 === 0 ? frame.width : frame.height;
    if (max === null) return v;
    const c = Math.min(Math.max(v, 0), max);
    if (c !== v) clipped += 1;
    return c;
  });
  return { points: out, clipped };
}

function orderedBox(points: number[], frame: FrameSize, problems: AnnotationProblem[]): number[] {
  const [a, b, c, d] = points as [number, number, number, number];
  const box = [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
  if (box[2] <= box[0] || box[3] <= box[1]) {
    const inside = frame.width !== null && frame.height !== null ? " inside the frame" : "";
    problems.push({ path: "points", message: `a RECTANGLE needs a width and a height${inside}` });
  }
  return box;
}

/**
 * A consistent RLE (whole non-negative runs that sum to the inclusive box's area) cropped to the frame: the runs are
 * expanded over the part of the box inside the frame and encoded again over that part.
 */
function checkMask(mask: MaskRle, frame: FrameSize, problems: AnnotationProblem[]): { mask: MaskRle; clipped: number } | null {
  const { left, top, right, bottom } = mask;
  const counts = mask.counts ?? [];
  if (![left, top, right, bottom].every(Number.isInteger) || right < left || bottom < top) {
    problems.push({ path: "mask", message: "a mask's box is whole pixels with left <= right and top <= bottom" });
    return null;
  }
  const bad = counts.findIndex((c) => !Number.isInteger(c) || c < 0);
  if (bad >= 0) {
    problems.push({ path: `mask.counts[${bad}]`, message: `runs are whole numbers >= 0, not ${String(counts[bad])}` });
    return null;
  }
  const width = right - left + 1;
  const height = bottom - top + 1;
  const total = counts.reduce((sum, c) => sum + c, 0);
  if (total !== width * height) {
    problems.push({ path: "mask.counts", message: `runs sum to ${total}, not the box's ${width}×${height} = ${width * height} pixels` });
    return null;
  }
  if (!counts.some((c, i) => i % 2 === 1 && c > 0)) {
    problems.push({ path: "mask.counts", message: "the mask has no pixels set" });
    return null;
  }
  const maxX = frame.width === null ? right : frame.width - 1;
  const maxY = frame.height === null ? bottom : frame.height - 1;
  const box = { left: Math.max(left, 0), top: Math.max(top, 0), right: Math.min(right, maxX), bottom: Math.min(bottom, maxY) };
  const clipped = Number(box.left !== left) + Number(box.top !== top) + Number(box.right !== right) + Number(box.bottom !== bottom);
  if (box.right < box.left || box.bottom < box.top) {
    problems.push({ path: "mask", message: "the mask lies outside the frame" });
    return null;
  }
  if (!clipped) return { mask: { counts: [...counts], left, top, right, bottom }, clipped: 0 };
  const cropped = cropRle(counts, { left, top, width }, box);
  if (!cropped) {
    problems.push({ path: "mask", message: "the mask has no pixels inside the frame" });
    return null;
  }
  return { mask: { counts: cropped, ...box }, clipped };
}

/**
 * Re-encodes the runs over `box` (inside the source box); null when no pixel is set there. Walks runs and the rows
 * they cross (rows above the box are skipped whole, those below end the walk), never pixel by pixel.
 */
function cropRle(
  counts: readonly number[],
  source: { left: number; top: number; width: number },
  box: { left: number; top: number; right: number; bottom: number },
): number[] | null {
  const out: number[] = [];
  let current = 0;
  let run = 0;
  let any = false;
  const emit = (value: number, length: number) => {
    if (length <= 0) return;
    if (value) any = true;
    if (value === current) run += length;
    else {
      out.push(run);
      current = value;
      run = length;
    }
  };
  const { width } = source;
  const firstInside = (box.top - source.top) * width;
  let pixel = 0;
  walk: for (let i = 0; i < counts.length; i++) {
    const value = i % 2;
    const end = pixel + counts[i];
    let start = pixel;
    pixel = end;
    while (start < end) {
      if (start < firstInside) {
        start = Math.min(end, firstInside);
        continue;
      }
      const row = Math.floor(start / width);
      if (source.top + row > box.bottom) break walk;
      const segEnd = Math.min(end, (row + 1) * width);
      const xs = Math.max(source.left + (start - row * width), box.left);
      const xe = Math.min(source.left + (segEnd - 1 - row * width), box.right);
      emit(value, xe - xs + 1);
      start = segEnd;
    }
  }
  out.push(run);
  return any ? out : null;
}

/** The given attributes, each one of the label's (by name, once), with a value that fits its input type. */
function checkAttributes(
  specs: readonly AttributeSpec[],
  values: readonly AttributeValue[],
  path: string,
  problems: AnnotationProblem[],
): AttributeValue[] {
  const seen = new Set<string>();
  const out: AttributeValue[] = [];
  values.forEach(({ name, value }, i) => {
    const at = `${path}[${i}]`;
    const spec = specs.find((s) => s.name === name);
    if (!spec) {
      problems.push({ path: `${at}.name`, message: `"${name}" is not an attribute of this label` });
      return;
    }
    if (seen.has(name)) {
      problems.push({ path: `${at}.name`, message: `"${name}" is given twice` });
      return;
    }
    seen.add(name);
    const problem = valueProblem(spec, value);
    if (problem) problems.push({ path: `${at}.value`, message: problem });
    else out.push({ name, value });
  });
  return out;
}

function valueProblem(spec: AttributeSpec, value: string): string | null {
  if (typeof value !== "string") return "a value is a string";
  switch (spec.inputType) {
    case AttributeInputType.SELECT:
    case AttributeInputType.RADIO:
      return spec.values.includes(value) ? null : `"${value}" is not one of ${spec.name}'s values`;
    case AttributeInputType.CHECKBOX:
      return value === "true" || value === "false" ? null : `a CHECKBOX value is "true" or "false", not "${value}"`;
    case AttributeInputType.NUMBER: {
      const range = parseNumberRange(spec.values);
      if (range && isValidNumber(value, range)) return null;
      return range
        ? `"${value}" is not a number in [${range.min}, ${range.max}] on step ${range.step}`
        : "the attribute has no number range";
    }
    case AttributeInputType.TEXT:
      return value.length <= MAX_VALUE_LENGTH ? null : `a TEXT value is at most ${MAX_VALUE_LENGTH} characters`;
    default:
      return `unknown attribute input type "${String(spec.inputType)}"`;
  }
}
