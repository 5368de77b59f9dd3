import { AnnotationSource, ShapeType, type ValidLabel } from "../label-types.js";
import type { AttributeValue } from "../staged-shape.js";
import { cocoRleToMask, decodeCocoCounts } from "./coco-rle.js";
import type { InterchangeFrame, InterchangeShape } from "./interchange.js";
import { finiteNumber, invalidFile, type ByteSource, type InterchangeDocument } from "./interchange-reader.js";
import { JsonSyntaxError, topLevelArrayItems, type JsonItem } from "./json-items.js";

const F = "COCO_INSTANCES" as const;

/** Masks larger than this (height × width of the image they are drawn on) are refused rather than rasterised. */
export const MAX_COCO_MASK_PIXELS = 100e6;

/** CVAT's COCO export keeps these in `attributes`; they are not the label's attributes. */
const NON_ATTRIBUTES = new Set(["occluded", "rotation", "track_id", "keyframe", "outside"]);

interface CocoCategory {
  name: string;
  keypoints: string[] | null;
}

/**
 * COCO instances JSON (https://cocodataset.org/#format-data), streamed in two passes over the file: `images` and
 * `categories` first (the official files put `categories` last), then `annotations` one at a time. What becomes what:
 * - `keypoints` on an annotation whose category names keypoints → a SKELETON whose POINTS elements carry the
 *   category's keypoint names; visibility 0 → `outside`, 1 → `occluded`, 2 → visible (the box and segmentation of a
 *   keypoint annotation are the skeleton's extent, not shapes of their own);
 * - `segmentation` as polygons → one POLYGON per polygon; as RLE (`counts` a list or pycocotools' compressed string,
 *   `size` [height, width]) → a MASK in CVAT's convention;
 * - otherwise `bbox` [x, y, width, height] → a RECTANGLE [x1, y1, x2, y2];
 * - `attributes` (CVAT's COCO export): `occluded` → occluded, the rest (but rotation, track_id, keyframe) → attributes;
 *   `score` (results files) → the score.
 * Categories become labels (SKELETON with POINTS sublabels when they name keypoints, else ANY: COCO does not say).
 */
export async function readCocoInstances(source: ByteSource): Promise<InterchangeDocument> {
  const images = new Map<string, InterchangeFrame>();
  const categories = new Map<string, CocoCategory>();
  for await (const item of items(source, new Set(["images", "categories"]))) {
    if (item.key === "images") {
      const image = object(item);
      const id = idOf(image.id, `images[${item.index}].id`);
      if (typeof image.file_name !== "string" || !image.file_name) throw invalidFile(F, `images[${item.index}].file_name is not a file name`);
      if (images.has(id)) throw invalidFile(F, `images[${item.index}].id ${id} is used twice`);
      images.set(id, {
        index: null,
        name: image.file_name,
        width: optionalSize(image.width, `images[${item.index}].width`),
        height: optionalSize(image.height, `images[${item.index}].height`),
      });
    } else {
      const category = object(item);
      const id = idOf(category.id, `categories[${item.index}].id`);
      if (typeof category.name !== "string" || !category.name.trim()) throw invalidFile(F, `categories[${item.index}].name is not a name`);
      let keypoints: string[] | null = null;
      if (Array.isArray(category.keypoints) && category.keypoints.length > 0) {
        keypoints = category.keypoints.map((k, j) => {
          if (typeof k !== "string" || !k.trim()) throw invalidFile(F, `categories[${item.index}].keypoints[${j}] is not a name`);
          return k;
        });
      }
      if (categories.has(id)) throw invalidFile(F, `categories[${item.index}].id ${id} is used twice`);
      categories.set(id, { name: category.name, keypoints });
    }
  }
  const labels: ValidLabel[] = [...categories.values()].map((c) => ({
    name: c.name,
    type: c.keypoints ? ShapeType.SKELETON : ShapeType.ANY,
    attributes: [],
    sublabels: (c.keypoints ?? []).map((k) => ({ name: k, type: ShapeType.POINTS, attributes: [], sublabels: [] })),
  }));
  return {
    header: { labels, frames: [...images.values()] },
    shapes: () => annotations(source, images, categories),
  };
}

async function* annotations(
  source: ByteSource,
  images: ReadonlyMap<string, InterchangeFrame>,
  categories: ReadonlyMap<string, CocoCategory>,
): AsyncGenerator<InterchangeShape> {
  for await (const item of items(source, new Set(["annotations"]))) {
    const at = `annotations[${item.index}]`;
    const a = object(item);
    const image = images.get(idOf(a.image_id, `${at}.image_id`));
    if (!image) throw invalidFile(F, `${at}.image_id ${String(a.image_id)} names no image of "images"`);
    const category = categories.get(idOf(a.category_id, `${at}.category_id`));
    if (!category) throw invalidFile(F, `${at}.category_id ${String(a.category_id)} names no category of "categories"`);
    const { occluded, attributes } = attributesOf(a.attributes, at);
    const score = a.score === undefined || a.score === null ? null : finiteNumber(F, a.score, `${at}.score`);
    const base = { frameName: image.name, label: category.name, score, attributes, occluded, outside: false, source: AnnotationSource.MANUAL };
    const shape = (type: InterchangeShape["type"], points: number[], elements: InterchangeShape[] = []): InterchangeShape => ({
      ...base,
      type,
      points,
      mask: null,
      elements,
    });

    if (category.keypoints && Array.isArray(a.keypoints) && a.keypoints.length > 0) {
      const names = category.keypoints;
      if (a.keypoints.length !== names.length * 3) {
        throw invalidFile(F, `${at}.keypoints has ${a.keypoints.length} numbers; its category's ${names.length} keypoints need ${names.length * 3}`);
      }
      const elements = names.map((name, j): InterchangeShape => {
        const x = finiteNumber(F, a.keypoints[j * 3], `${at}.keypoints[${j * 3}]`);
        const y = finiteNumber(F, a.keypoints[j * 3 + 1], `${at}.keypoints[${j * 3 + 1}]`);
        const v = finiteNumber(F, a.keypoints[j * 3 + 2], `${at}.keypoints[${j * 3 + 2}]`);
        if (v !== 0 && v !== 1 && v !== 2) throw invalidFile(F, `${at}.keypoints[${j * 3 + 2}] is visibility ${v}, not 0, 1 or 2`);
        return { ...shape(ShapeType.POINTS, [x, y]), label: name, score: null, attributes: [], outside: v === 0, occluded: v === 1 };
      });
      yield shape(ShapeType.SKELETON, [], elements);
      continue;
    }

    const seg = a.segmentation;
    if (Array.isArray(seg) && seg.length > 0) {
      for (const [j, polygon] of seg.entries()) {
        if (!Array.isArray(polygon) || polygon.length < 6 || polygon.length % 2 !== 0) {
          throw invalidFile(F, `${at}.segmentation[${j}] is not a polygon (an even list of at least 6 coordinates)`);
        }
        yield shape(
          ShapeType.POLYGON,
          polygon.map((v, k) => finiteNumber(F, v, `${at}.segmentation[${j}][${k}]`)),
        );
      }
      continue;
    }
    if (seg && typeof seg === "object" && !Array.isArray(seg)) {
      yield { ...shape(ShapeType.MASK, []), mask: maskOf(seg as Record<string, unknown>, `${at}.segmentation`) };
      continue;
    }
    if (!Array.isArray(a.bbox) || a.bbox.length !== 4) throw invalidFile(F, `${at} has no segmentation, keypoints or bbox [x, y, width, height]`);
    const [x, y, w, h] = a.bbox.map((v, k) => finiteNumber(F, v, `${at}.bbox[${k}]`));
    if (w < 0 || h < 0) throw invalidFile(F, `${at}.bbox has a negative size`);
    yield shape(ShapeType.RECTANGLE, [x, y, x + w, y + h]);
  }
}

function maskOf(seg: Record<string, unknown>, at: string) {
  if (!Array.isArray(seg.size) || seg.size.length !== 2) throw invalidFile(F, `${at}.size is not [height, width]`);
  const [height, width] = seg.size.map((v, k) => finiteNumber(F, v, `${at}.size[${k}]`));
  if (!Number.isInteger(height) || !Number.isInteger(width) || height <= 0 || width <= 0) throw invalidFile(F, `${at}.size is not [height, width]`);
  if (height * width > MAX_COCO_MASK_PIXELS) throw invalidFile(F, `${at} is a ${width}×${height} mask, over ${MAX_COCO_MASK_PIXELS} pixels`);
  let counts: number[];
  if (typeof seg.counts === "string") {
    try {
      counts = decodeCocoCounts(seg.counts);
    } catch (err) {
      throw invalidFile(F, `${at}.counts: ${(err as Error).message}`);
    }
  } else if (Array.isArray(seg.counts)) {
    counts = seg.counts.map((v, k) => finiteNumber(F, v, `${at}.counts[${k}]`));
  } else throw invalidFile(F, `${at}.counts is neither a compressed string nor a list of runs`);
  try {
    const mask = cocoRleToMask(counts, height, width);
    if (!mask) throw new Error("the mask is empty");
    return mask;
  } catch (err) {
    throw invalidFile(F, `${at}: ${(err as Error).message}`);
  }
}

function attributesOf(raw: unknown, at: string): { occluded: boolean; attributes: AttributeValue[] } {
  if (raw === undefined || raw === null) return { occluded: false, attributes: [] };
  if (typeof raw !== "object" || Array.isArray(raw)) throw invalidFile(F, `${at}.attributes is not an object`);
  const attributes: AttributeValue[] = [];
  let occluded = false;
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === "occluded") occluded = value === true || value === "true" || value === 1;
    else if (!NON_ATTRIBUTES.has(name) && value !== null && typeof value !== "object") attributes.push({ name, value: String(value) });
  }
  return { occluded, attributes };
}

async function* items(source: ByteSource, keys: ReadonlySet<string>): AsyncGenerator<JsonItem> {
  try {
    yield* topLevelArrayItems(source, keys);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw invalidFile(F, err.message, { atOrBeforeByte: err.atOrBeforeByte }, err);
    throw err;
  }
}

function object(item: JsonItem): Record<string, any> {
  if (!item.value || typeof item.value !== "object" || Array.isArray(item.value)) throw invalidFile(F, `${item.key}[${item.index}] is not an object`);
  return item.value as Record<string, any>;
}

function idOf(value: unknown, where: string): string {
  if ((typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && value !== "")) return String(value);
  throw invalidFile(F, `${where} is not an id`);
}

function optionalSize(value: unknown, where: string): number | null {
  if (value === undefined || value === null) return null;
  const n = finiteNumber(F, value, where);
  if (n <= 0) throw invalidFile(F, `${where} is not a positive size`);
  return n;
}
