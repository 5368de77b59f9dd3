import type { NuclioDetection, NuclioMask } from "@prelabel/nuclio";
import { clipMaskToFrame, type PlacedMask } from "../binary-mask.js";
import type { Box, Detection, Keypoint } from "../detection-model.js";
import { maskToPolygon } from "../mask-polygon.js";
import { encodeMaskRle } from "../mask-rle.js";

export interface NuclioMappingOptions {
  /** Frame size: coordinates are clamped to it; tags get it as their box. */
  readonly width: number;
  readonly height: number;
  /** Items whose confidence is below it are dropped (functions may ignore the threshold they are sent). */
  readonly threshold: number;
  /** The job keeps MASKs (its "masks as polygons" toggle is off): masks are RLE-encoded as well as outlined. */
  readonly returnMasks: boolean;
}

/** Vertices of the polygon standing for an ellipse (CVAT's ellipse has no shape of its own here). */
const ELLIPSE_VERTICES = 32;

/**
 * A Nuclio detector's answer (libs/nuclio's lenient parse of CVAT's detector items, frame pixels) → the worker's
 * Detections, which the label mapper turns into shapes. Every coordinate is clamped to the frame.
 * - rectangle → box; polygon → polygon + its bounding box (a polygon stays a polygon whatever the mask toggle,
 *   as in CVAT);
 * - mask → CVAT RLE (when masks are kept) AND a polygon: the item's `points` when the function sent a polygon
 *   with its mask (what CVAT stores with conv_mask_to_poly), else the mask's traced outline; an empty mask is dropped;
 * - points / polyline → their own kind with the points (and their bounding box);
 * - skeleton → box around the elements that are not outside, keypoints per element (outside/occluded kept); a
 *   skeleton whose elements are all outside is dropped, as CVAT does;
 * - ellipse → its bounding box and a 32-gon; tag → a whole-frame tag.
 * A confidence is the score; an item without one is kept with no score and no threshold applied (the function
 * was sent the threshold; dropping everything from a function that never reports confidence would lose all its work).
 * Pure: no I/O.
 */
export function nuclioDetectionsToDetections(items: readonly NuclioDetection[], options: NuclioMappingOptions): Detection[] {
  const detections: Detection[] = [];
  for (const item of items) {
    if (item.confidence !== null && item.confidence < options.threshold) continue;
    const d = toDetection(item, options);
    if (!d) continue;
    if (item.confidence !== null) d.score = item.confidence;
    if (item.attributes.length) d.attributes = Object.fromEntries(item.attributes.map((a) => [a.name, a.value]));
    detections.push(d);
  }
  return detections;
}

function toDetection(item: NuclioDetection, o: NuclioMappingOptions): Detection | null {
  const { label } = item;
  switch (item.type) {
    case "rectangle": {
      if (item.points.length < 4) return null;
      const [x1, y1, x2, y2] = item.points;
      const box = clampBox([Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)], o);
      return area(box) > 0 ? { label, box } : null;
    }
    case "polygon": {
      const polygon = clampPoints(item.points, o);
      if (polygon.length < 6) return null;
      const box = boundsOf(polygon);
      return area(box) > 0 ? { label, box, polygon } : null;
    }
    case "mask":
      return maskDetection(item, o);
    case "points":
    case "polyline": {
      const points = clampPoints(item.points, o);
      if (points.length < 2 || (item.type === "polyline" && points.length < 4)) return null;
      return { label, kind: item.type, points, box: boundsOf(points) };
    }
    case "skeleton":
      return skeletonDetection(item, o);
    case "ellipse": {
      // CVAT's ellipse points: centre, then the point (cx + rx, cy - ry).
      if (item.points.length < 4) return null;
      const [cx, cy, px, py] = item.points;
      const rx = Math.abs(px - cx);
      const ry = Math.abs(cy - py);
      const ring: number[] = [];
      for (let i = 0; i < ELLIPSE_VERTICES; i++) {
        const a = (2 * Math.PI * i) / ELLIPSE_VERTICES;
        ring.push(cx + rx * Math.cos(a), cy + ry * Math.sin(a));
      }
      const polygon = clampPoints(ring, o);
      const box = clampBox([cx - rx, cy - ry, cx + rx, cy + ry], o);
      return area(box) > 0 ? { label, box, polygon } : null;
    }
    case "tag":
      return { label, kind: "tag", box: [0, 0, o.width, o.height] };
  }
}

function maskDetection(item: NuclioDetection, o: NuclioMappingOptions): Detection | null {
  if (!item.mask) return null;
  const placed = clipMaskToFrame(placedMask(item.mask), o.width, o.height);
  if (!placed || !placed.data.some((v) => v !== 0)) return null;
  const rle = encodeMaskRle(placed);
  // CVAT's mask box is inclusive; Box is pixel edges, so the right and bottom edges are one past.
  const box: Box = [rle.left, rle.top, rle.right + 1, rle.bottom + 1];
  const sent = item.points.length >= 6 && item.points.length % 2 === 0 ? clampPoints(item.points, o) : [];
  const polygon = sent.length >= 6 && area(boundsOf(sent)) > 0 ? sent : maskToPolygon(placed);
  const d: Detection = { label: item.label, box };
  if (polygon) d.polygon = polygon;
  if (o.returnMasks) d.mask = rle;
  // Masks off and no outline (a speck too thin to trace): the box alone would misrepresent it.
  return d.polygon || d.mask ? d : null;
}

function skeletonDetection(item: NuclioDetection, o: NuclioMappingOptions): Detection | null {
  const keypoints: Keypoint[] = [];
  for (const e of item.elements) {
    if (e.points.length < 2) continue;
    const [x, y] = clampPoints(e.points.slice(0, 2), o);
    const k: Keypoint = { label: e.label, x, y };
    if (e.confidence !== null) k.score = e.confidence;
    if (e.occluded) k.occluded = true;
    if (e.outside) k.outside = true;
    keypoints.push(k);
  }
  const visible = keypoints.filter((k) => !k.outside);
  if (!visible.length) return null;
  return { label: item.label, box: boundsOf(visible.flatMap((k) => [k.x, k.y])), keypoints };
}

/** NuclioMask (inclusive box, bitmap over it) → a PlacedMask (width × height from the inclusive box). */
function placedMask(m: NuclioMask): PlacedMask {
  return { left: m.left, top: m.top, width: m.right - m.left + 1, height: m.bottom - m.top + 1, data: m.bitmap };
}

const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));

function clampPoints(points: readonly number[], o: NuclioMappingOptions): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push(clamp(points[i], o.width), clamp(points[i + 1], o.height));
  return out;
}

const clampBox = (b: Box, o: NuclioMappingOptions): Box => [
  clamp(b[0], o.width),
  clamp(b[1], o.height),
  clamp(b[2], o.width),
  clamp(b[3], o.height),
];

function boundsOf(points: readonly number[]): Box {
  let x1 = Infinity;
  let y1 = Infinity;
  let x2 = -Infinity;
  let y2 = -Infinity;
  for (let i = 0; i + 1 < points.length; i += 2) {
    x1 = Math.min(x1, points[i]);
    x2 = Math.max(x2, points[i]);
    y1 = Math.min(y1, points[i + 1]);
    y2 = Math.max(y2, points[i + 1]);
  }
  return [x1, y1, x2, y2];
}

const area = (b: Box) => Math.max(0, b[2] - b[0]) * Math.max(0, b[3] - b[1]);
