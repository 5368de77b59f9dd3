import { ShapeType, type ValidLabel } from "../label-types.js";
import { boxOfPoints, cvatMaskToCocoRle, maskArea, maskBox, polygonArea } from "./export-geometry.js";
import { ChunkBuffer, shapesByFrame, type ExportSource, type TextChunks } from "./export-stream.js";
import type { InterchangeFrame, InterchangeShape } from "./interchange.js";

/** COCO ids: categories are the task's top-level labels in order from 1, images its frames in order from 1. */
export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
  /** Skeleton labels: their points' names, in the schema's order. */
  keypoints?: string[];
  /** Skeleton labels: edges between keypoints (1-based); the schema keeps none, so empty. */
  skeleton?: [number, number][];
}

export function cocoCategories(labels: readonly ValidLabel[]): CocoCategory[] {
  return labels.map((label, i) => ({
    id: i + 1,
    name: label.name,
    supercategory: "",
    ...(label.type === ShapeType.SKELETON ? { keypoints: label.sublabels.map((s) => s.name), skeleton: [] } : {}),
  }));
}

/** What counted while writing: shapes COCO cannot carry (polylines, points, tags) are left out. */
export interface CocoWriteStats {
  written: number;
  skipped: number;
}

/**
 * COCO instances JSON (https://cocodataset.org/#format-data), streamed: `info`, `licenses`, `categories` (skeletons
 * with `keypoints` names), `images` (file names and sizes), then `annotations` one by one. Rectangles have an empty
 * `segmentation`; polygons `[[x1, y1, …]]`; masks COCO's uncompressed RLE (`iscrowd: 1`, column-major counts over the
 * image); skeletons `keypoints` `[x, y, v]` per point (v 2 visible, 1 occluded, 0 outside (where it was) or missing (0, 0)). Attributes and
 * `occluded` are CVAT's `attributes` object; a score is `score`. The full label schema (types, attributes,
 * sublabels) is the top-level `prelabel.labels`. Polylines, points and tags have no COCO form and are skipped.
 */
export async function* writeCocoInstances(source: ExportSource, stats: CocoWriteStats = { written: 0, skipped: 0 }): TextChunks {
  const { labels, frames } = source.header;
  const categories = cocoCategories(labels);
  const out = new ChunkBuffer();
  out.push(
    `{"info":${JSON.stringify({ description: source.taskName, version: "1.0", contributor: "Prelabel", year: new Date().getUTCFullYear() })}`,
  );
  out.push(`,"licenses":[],"prelabel":${JSON.stringify({ version: 1, labels })}`);
  out.push(`,"categories":${JSON.stringify(categories)},"images":[`);
  for (let i = 0; i < frames.length; i++) {
    out.push(`${i ? "," : ""}${JSON.stringify(cocoImage(frames[i], i))}`);
    if (out.full) yield out.take();
  }
  out.push(`],"annotations":[`);
  const categoryOf = new Map(labels.map((l, i) => [l.name, { id: i + 1, label: l }]));
  let id = 0;
  for await (const { frame, position, shapes } of shapesByFrame(frames, source.shapes)) {
    for (const shape of shapes) {
      const category = categoryOf.get(shape.label);
      const annotation = category && cocoAnnotation(shape, frame, category.label);
      if (!category || !annotation) {
        stats.skipped += 1;
        continue;
      }
      id += 1;
      stats.written += 1;
      out.push(`${id > 1 ? "," : ""}${JSON.stringify({ id, image_id: position + 1, category_id: category.id, ...annotation })}`);
      if (out.full) yield out.take();
    }
  }
  out.push("]}\n");
  yield out.take();
}

function cocoImage(frame: InterchangeFrame, position: number) {
  return {
    id: position + 1,
    file_name: frame.name,
    width: frame.width ?? 0,
    height: frame.height ?? 0,
    license: 0,
    flickr_url: "",
    coco_url: "",
    date_captured: 0,
  };
}

type CocoGeometry = {
  segmentation: number[][] | { counts: number[]; size: [number, number] };
  area: number;
  bbox: [number, number, number, number];
  iscrowd: 0 | 1;
  keypoints?: number[];
  num_keypoints?: number;
};

/** A shape's COCO geometry; undefined for shapes COCO has no form for. */
export function cocoGeometry(shape: InterchangeShape, frame: InterchangeFrame, label: ValidLabel | undefined): CocoGeometry | undefined {
  switch (shape.type) {
    case ShapeType.RECTANGLE: {
      const [x1, y1, x2, y2] = shape.points;
      const bbox: [number, number, number, number] = [Math.min(x1, x2), Math.min(y1, y2), Math.abs(x2 - x1), Math.abs(y2 - y1)];
      return { segmentation: [], area: bbox[2] * bbox[3], bbox, iscrowd: 0 };
    }
    case ShapeType.POLYGON:
      return { segmentation: [shape.points], area: polygonArea(shape.points), bbox: boxOfPoints(shape.points), iscrowd: 0 };
    case ShapeType.MASK: {
      if (!shape.mask) return undefined;
      const width = frame.width ?? shape.mask.right + 1;
      const height = frame.height ?? shape.mask.bottom + 1;
      return {
        segmentation: cvatMaskToCocoRle(shape.mask, width, height),
        area: maskArea(shape.mask),
        bbox: maskBox(shape.mask),
        iscrowd: 1,
      };
    }
    case ShapeType.SKELETON: {
      const names = label?.sublabels.map((s) => s.name) ?? shape.elements.map((e) => e.label);
      const keypoints: number[] = [];
      const visible: number[] = [];
      for (const name of names) {
        const element = shape.elements.find((e) => e.label === name);
        if (!element || element.points.length < 2) {
          keypoints.push(0, 0, 0);
          continue;
        }
        const [x, y] = element.points;
        // An outside point keeps its place (v 0), so an import gets it back where it was.
        keypoints.push(x, y, element.outside ? 0 : element.occluded ? 1 : 2);
        if (!element.outside) visible.push(x, y);
      }
      const bbox = boxOfPoints(visible);
      return { segmentation: [], area: bbox[2] * bbox[3], bbox, iscrowd: 0, keypoints, num_keypoints: visible.length / 2 };
    }
    default:
      return undefined;
  }
}

function cocoAnnotation(shape: InterchangeShape, frame: InterchangeFrame, label: ValidLabel) {
  const geometry = cocoGeometry(shape, frame, label);
  if (!geometry) return undefined;
  const attributes: Record<string, string | boolean> = { occluded: shape.occluded };
  for (const a of shape.attributes) attributes[a.name] = a.value;
  return { ...geometry, attributes, ...(shape.score !== null ? { score: shape.score } : {}) };
}

/**
 * COCO's results format (a JSON array, as detection evaluations read it): per shape `image_id`, `category_id`,
 * `bbox`, `score` (1 for a shape without one, a person's), masks and polygons `segmentation`, skeletons `keypoints`.
 * Ids are the instances export's (top-level labels and frames in order, from 1).
 */
export async function* writeCocoResults(source: ExportSource, stats: CocoWriteStats = { written: 0, skipped: 0 }): TextChunks {
  const { labels, frames } = source.header;
  const categoryOf = new Map(labels.map((l, i) => [l.name, { id: i + 1, label: l }]));
  const out = new ChunkBuffer();
  out.push("[");
  let count = 0;
  for await (const { frame, position, shapes } of shapesByFrame(frames, source.shapes)) {
    for (const shape of shapes) {
      const category = categoryOf.get(shape.label);
      const geometry = category && cocoGeometry(shape, frame, category.label);
      if (!category || !geometry) {
        stats.skipped += 1;
        continue;
      }
      const result = {
        image_id: position + 1,
        category_id: category.id,
        bbox: geometry.bbox,
        score: shape.score ?? 1,
        ...(shape.type === ShapeType.RECTANGLE || shape.type === ShapeType.SKELETON ? {} : { segmentation: geometry.segmentation }),
        ...(geometry.keypoints ? { keypoints: geometry.keypoints } : {}),
      };
      out.push(`${count ? "," : ""}${JSON.stringify(result)}`);
      count += 1;
      stats.written += 1;
      if (out.full) yield out.take();
    }
  }
  out.push("]\n");
  yield out.take();
}
