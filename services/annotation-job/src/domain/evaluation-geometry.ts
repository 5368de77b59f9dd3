import type { EvalGeometry } from "@prelabel/evaluation";
import type { EvaluationMetric } from "./evaluation.js";
import type { ShapeKind, TaskLabel } from "./labels.js";

/**
 * How shapes (a model's results and the task's manual annotations) become what the metrics compare, per task label type:
 * RECTANGLE → boxes (BOX_IOU), POLYGON and MASK → regions (MASK_IOU), SKELETON → keypoints in the skeleton's sublabel
 * order (OKS). Tags, points and polylines have no area to overlap: their labels are not evaluated.
 */

/** A shape as the task and the workers send it (annotation.v1.Shape), as plain data. */
export interface EvalShape {
  /** The task label's id (a skeleton's elements: the sublabel's id). */
  labelId: string;
  type: ShapeKind;
  points: number[];
  /** MASK: CVAT's RLE over the inclusive box left..right × top..bottom. */
  mask?: { counts: number[]; left: number; top: number; right: number; bottom: number };
  score?: number;
  elements: EvalShape[];
  outside: boolean;
}

/** The metric a task label is evaluated with; null: not evaluated (its shapes have no area). */
export function metricFor(type: ShapeKind): EvaluationMetric | null {
  switch (type) {
    case "RECTANGLE":
    case "ANY": // any shape has a box; the type is only known per shape
      return "BOX_IOU";
    case "POLYGON":
    case "MASK":
      return "MASK_IOU";
    case "SKELETON":
      return "OKS";
    default:
      return null;
  }
}

export const IOU_TYPE_OF = { BOX_IOU: "bbox", MASK_IOU: "segm", OKS: "keypoints" } as const;

/**
 * The geometry of `shape` under `metric`, or null when the shape cannot be compared (a tag, points or a polyline, too few
 * coordinates, an outside shape, a skeleton without a visible point as a detection).
 * A MASK is compared by its box (as a 4-point polygon): the region metric rasterises polygons, and tracing an RLE into
 * one is not done here; masks from the model can be asked as polygons with `convertMasksToPolygons`.
 */
export function geometryOf(shape: EvalShape, metric: EvaluationMetric, label: TaskLabel): EvalGeometry | null {
  if (shape.outside) return null;
  if (metric === "OKS") return shape.type === "SKELETON" ? skeletonGeometry(shape, label) : null;
  const region = regionOf(shape);
  if (!region) return null;
  if (metric === "BOX_IOU") return { box: region.box };
  return { box: region.box, polygon: region.polygon, ...(region.area !== undefined ? { area: region.area } : {}) };
}

function regionOf(shape: EvalShape): { box: [number, number, number, number]; polygon: number[]; area?: number } | null {
  switch (shape.type) {
    case "RECTANGLE": {
      if (shape.points.length < 4) return null;
      const [a, b, c, d] = shape.points;
      const box = ordered(a, b, c, d);
      return { box, polygon: boxPolygon(box) };
    }
    case "POLYGON": {
      if (shape.points.length < 6) return null;
      return { box: boundsOf(shape.points), polygon: shape.points.slice(0, shape.points.length - (shape.points.length % 2)) };
    }
    case "MASK": {
      const m = shape.mask;
      if (!m) {
        // CVAT's flat form: the RLE, then left, top, right, bottom.
        if (shape.points.length < 4) return null;
        const [l, t, r, b] = shape.points.slice(-4);
        const box = ordered(l, t, r + 1, b + 1);
        return { box, polygon: boxPolygon(box) };
      }
      const box = ordered(m.left, m.top, m.right + 1, m.bottom + 1);
      return { box, polygon: boxPolygon(box), area: maskArea(m.counts) };
    }
    case "SKELETON": {
      const visible = shape.elements.filter((e) => !e.outside && e.points.length >= 2);
      if (!visible.length) return null;
      const box = boundsOf(visible.flatMap((e) => e.points.slice(0, 2)));
      return { box, polygon: boxPolygon(box) };
    }
    default:
      return null;
  }
}

/** Keypoints in the order of the task skeleton's sublabels; a missing or outside element is an invisible point. */
function skeletonGeometry(shape: EvalShape, label: TaskLabel): EvalGeometry | null {
  const byLabel = new Map(shape.elements.map((e) => [e.labelId, e]));
  const keypoints = label.sublabels.map((sub) => {
    const e = byLabel.get(sub.id);
    if (!e || e.outside || e.points.length < 2) return { x: 0, y: 0, visible: false };
    return { x: e.points[0], y: e.points[1], visible: true };
  });
  const seen = keypoints.filter((k) => k.visible);
  // COCO's box of a person with keypoints is the person's box; without one here, the visible points' bounds stand in.
  const box: [number, number, number, number] = seen.length ? boundsOf(seen.flatMap((k) => [k.x, k.y])) : [0, 0, 0, 0];
  return { box, keypoints, area: Math.max(1, (box[2] - box[0]) * (box[3] - box[1])) };
}

/** The OKS sigma of each sublabel: COCO's for COCO's 17 keypoint names, else the mean of COCO's. */
export function keypointSigmas(label: TaskLabel, cocoSigmas: readonly number[]): number[] {
  const mean = cocoSigmas.reduce((a, b) => a + b, 0) / cocoSigmas.length;
  return label.sublabels.map((s) => {
    const i = COCO_KEYPOINT_NAMES.indexOf(normalise(s.name));
    return i >= 0 && i < cocoSigmas.length ? cocoSigmas[i] : mean;
  });
}

const COCO_KEYPOINT_NAMES = [
  "nose",
  "lefteye",
  "righteye",
  "leftear",
  "rightear",
  "leftshoulder",
  "rightshoulder",
  "leftelbow",
  "rightelbow",
  "leftwrist",
  "rightwrist",
  "lefthip",
  "righthip",
  "leftknee",
  "rightknee",
  "leftankle",
  "rightankle",
];

function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, "");
}

function ordered(x1: number, y1: number, x2: number, y2: number): [number, number, number, number] {
  return [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
}

function boundsOf(flat: readonly number[]): [number, number, number, number] {
  let x1 = Infinity,
    y1 = Infinity,
    x2 = -Infinity,
    y2 = -Infinity;
  for (let i = 0; i + 1 < flat.length; i += 2) {
    x1 = Math.min(x1, flat[i]);
    x2 = Math.max(x2, flat[i]);
    y1 = Math.min(y1, flat[i + 1]);
    y2 = Math.max(y2, flat[i + 1]);
  }
  return [x1, y1, x2, y2];
}

function boxPolygon([x1, y1, x2, y2]: readonly number[]): number[] {
  return [x1, y1, x2, y1, x2, y2, x1, y2];
}

/** Pixels set in a CVAT RLE (runs alternate background, foreground, … starting with background). */
function maskArea(counts: readonly number[]): number {
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i];
  return area;
}
