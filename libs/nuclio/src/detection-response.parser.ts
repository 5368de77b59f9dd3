import {
  NuclioError,
  NuclioErrorCode,
  type NuclioDetection,
  type NuclioLabelType,
  type NuclioMask,
  type NuclioShapeType,
} from "./nuclio.types.js";

/** Bounds on one detector answer; past them the answer is FUNCTION_BAD_RESPONSE. */
export const detectorResponseLimits = {
  maxBodyBytes: 64 * 1024 * 1024,
  maxItems: 10_000,
  /** Points (x, y pairs) in one item's `points`. */
  maxPointsPerItem: 100_000,
  /** Pixels of one mask's box. */
  maxMaskPixels: 100_000_000,
  /** Elements of one skeleton, and attributes of one item. */
  maxElements: 1_000,
  maxAttributes: 1_000,
  maxLabelLength: 200,
  maxAttributeValueLength: 10_000,
} as const;

const shapeTypes: ReadonlySet<string> = new Set(["rectangle", "polygon", "polyline", "points", "mask", "skeleton", "tag", "ellipse"]);

/** Floating error a function may make on a confidence computed as a float (1.0000001); beyond it the value is wrong. */
const CONFIDENCE_SLACK = 1e-6;

/**
 * CVAT's detector answer (a JSON list of `{confidence, label, points, type, attributes?, elements?, mask?, outside?,
 * occluded?, …}`) as detections, read as leniently as CVAT reads it:
 * - `confidence` a number or a numeric string in [0, 1] (or absent: null);
 * - `type` absent: the label's declared shape type (`labelTypes`), else inferred: mask → mask, elements → skeleton,
 *   4 values → rectangle, 2 → points, ≥ 6 → polygon;
 * - attribute values coerced to strings; unknown keys ignored;
 * - masks as CVAT's bitmap over the inclusive box `[…bitmap, xtl, ytl, xbr, ybr]`, or its RLE form (run lengths from
 *   background summing to the box's area, then the box). A list as long as the box's area is the bitmap.
 * Anything else is FUNCTION_BAD_RESPONSE naming the first problem (`item[3].points[5] …`).
 */
export function parseDetectorResponse(body: Buffer, labelTypes?: ReadonlyMap<string, NuclioLabelType>): NuclioDetection[] {
  if (body.length > detectorResponseLimits.maxBodyBytes) {
    throw bad(`the answer is ${body.length} bytes, more than ${detectorResponseLimits.maxBodyBytes}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(body.toString("utf8"));
  } catch {
    throw bad(`the answer is not JSON${excerpt(body)}`);
  }
  if (!Array.isArray(raw)) throw bad(`the answer is not a JSON list (got ${kindOf(raw)})`);
  if (raw.length > detectorResponseLimits.maxItems) {
    throw bad(`the answer has ${raw.length} items, more than ${detectorResponseLimits.maxItems}`);
  }
  return raw.map((item, i) => readItem(item, `item[${i}]`, labelTypes));
}

function readItem(item: unknown, at: string, labelTypes: ReadonlyMap<string, NuclioLabelType> | undefined): NuclioDetection {
  if (!isRecord(item)) throw bad(`${at} is not an object`);
  const label = readLabel(item.label, at);
  const confidence = readConfidence(item.confidence, `${at}.confidence`);
  const points = readNumbers(item.points, `${at}.points`, detectorResponseLimits.maxPointsPerItem * 2);
  const hasMask = item.mask !== undefined && item.mask !== null;
  const hasElements = Array.isArray(item.elements) && item.elements.length > 0;

  let type: NuclioShapeType;
  if (item.type !== undefined && item.type !== null) {
    if (typeof item.type !== "string" || !shapeTypes.has(item.type)) throw bad(`${at}.type ${show(item.type)} is not a shape type`);
    type = item.type as NuclioShapeType;
  } else {
    const declared = labelTypes?.get(label);
    if (declared !== undefined && shapeTypes.has(declared)) type = declared as NuclioShapeType;
    else if (hasMask) type = "mask";
    else if (hasElements) type = "skeleton";
    else if (points.length === 4) type = "rectangle";
    else if (points.length === 2) type = "points";
    else if (points.length >= 6) type = "polygon";
    else throw bad(`${at} has no type and ${points.length} point values: no shape fits`);
  }

  checkPointCount(type, points, at);
  const mask = type === "mask" ? readMask(item.mask, `${at}.mask`) : null;
  let elements: NuclioDetection[] = [];
  if (type === "skeleton") {
    if (!hasElements) throw bad(`${at} is a skeleton without elements`);
    const list = item.elements as unknown[];
    if (list.length > detectorResponseLimits.maxElements) {
      throw bad(`${at}.elements has ${list.length} elements, more than ${detectorResponseLimits.maxElements}`);
    }
    elements = list.map((e, j) => readElement(e, `${at}.elements[${j}]`));
  }
  return {
    label,
    confidence,
    type,
    points,
    mask,
    attributes: readAttributes(item.attributes, `${at}.attributes`),
    elements,
    outside: flag(item.outside),
    occluded: flag(item.occluded),
  };
}

function readElement(element: unknown, at: string): NuclioDetection {
  if (!isRecord(element)) throw bad(`${at} is not an object`);
  const label = readLabel(element.label, at);
  if (element.type !== undefined && element.type !== null && element.type !== "points") {
    throw bad(`${at}.type ${show(element.type)}: skeleton elements are points`);
  }
  const points = readNumbers(element.points, `${at}.points`, 2);
  if (points.length !== 2) throw bad(`${at}.points has ${points.length} values, a skeleton element needs 2 (x, y)`);
  return {
    label,
    confidence: readConfidence(element.confidence, `${at}.confidence`),
    type: "points",
    points,
    mask: null,
    attributes: readAttributes(element.attributes, `${at}.attributes`),
    elements: [],
    outside: flag(element.outside),
    occluded: flag(element.occluded),
  };
}

function checkPointCount(type: NuclioShapeType, points: readonly number[], at: string): void {
  const n = points.length;
  const fail = (need: string) => bad(`${at}.points has ${n} values, a ${type} needs ${need}`);
  switch (type) {
    case "rectangle":
    case "ellipse":
      if (n !== 4) throw fail("4");
      return;
    case "points":
      if (n < 2 || n % 2 !== 0) throw fail("an even number ≥ 2");
      return;
    case "polyline":
      if (n < 4 || n % 2 !== 0) throw fail("an even number ≥ 4");
      return;
    case "polygon":
      if (n < 6 || n % 2 !== 0) throw fail("an even number ≥ 6");
      return;
    case "mask":
      // CVAT's mask functions also send the outline as a polygon, for "masks as polygons"; none is fine too.
      if (n !== 0 && (n < 6 || n % 2 !== 0)) throw fail("none, or a polygon (an even number ≥ 6)");
      return;
    case "skeleton":
      if (n % 2 !== 0) throw fail("an even number");
      return;
    case "tag":
      return;
  }
}

function readMask(raw: unknown, at: string): NuclioMask {
  if (!Array.isArray(raw)) throw bad(`${at} is not a list`);
  if (raw.length < 5) throw bad(`${at} has ${raw.length} values: not a bitmap followed by a box`);
  const box = raw.slice(-4).map((v, k) => {
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 0) throw bad(`${at}[${raw.length - 4 + k}] (the box) is not a non-negative integer`);
    return n;
  });
  const [left, top, right, bottom] = box;
  if (right < left || bottom < top) throw bad(`${at}: the box [${box.join(", ")}] is empty`);
  const width = right - left + 1;
  const height = bottom - top + 1;
  const area = width * height;
  if (area > detectorResponseLimits.maxMaskPixels) {
    throw bad(`${at}: the box is ${width}×${height}, more than ${detectorResponseLimits.maxMaskPixels} pixels`);
  }
  const data = raw.length - 4;
  const bitmap = new Uint8Array(area);
  if (data === area) {
    for (let i = 0; i < data; i++) {
      const v: unknown = raw[i];
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) throw bad(`${at}[${i}] is not a mask value`);
      bitmap[i] = v > 0 ? 1 : 0;
    }
    return { left, top, right, bottom, bitmap };
  }
  // RLE: alternating run lengths, background first.
  let sum = 0;
  for (let i = 0; i < data; i++) {
    const v: unknown = raw[i];
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
      throw bad(`${at} has ${data} values: the ${width}×${height} box needs ${area} (bitmap) or run lengths summing to ${area}`);
    }
    if (i % 2 === 1) bitmap.fill(1, sum, Math.min(area, sum + v));
    sum += v;
    if (sum > area) break;
  }
  if (sum !== area) {
    throw bad(`${at} has ${data} values: the ${width}×${height} box needs ${area} (bitmap) or run lengths summing to ${area}`);
  }
  return { left, top, right, bottom, bitmap };
}

function readLabel(raw: unknown, at: string): string {
  if (typeof raw !== "string" || raw === "") throw bad(`${at} has no label (a string)`);
  if (raw.length > detectorResponseLimits.maxLabelLength) {
    throw bad(`${at}.label is longer than ${detectorResponseLimits.maxLabelLength} characters`);
  }
  return raw;
}

function readConfidence(raw: unknown, at: string): number | null {
  if (raw === undefined || raw === null) return null;
  const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < -CONFIDENCE_SLACK || n > 1 + CONFIDENCE_SLACK) throw bad(`${at} ${show(raw)} is not a number in [0, 1]`);
  return Math.min(1, Math.max(0, n));
}

function readNumbers(raw: unknown, at: string, max: number): number[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw bad(`${at} is not a list`);
  if (raw.length > max) throw bad(`${at} has ${raw.length} values, more than ${max}`);
  const out = new Array<number>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const v: unknown = raw[i];
    const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
    if (!Number.isFinite(n)) throw bad(`${at}[${i}] ${show(v)} is not a finite number`);
    out[i] = n;
  }
  return out;
}

function readAttributes(raw: unknown, at: string): { name: string; value: string }[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw bad(`${at} is not a list`);
  if (raw.length > detectorResponseLimits.maxAttributes) throw bad(`${at} has more than ${detectorResponseLimits.maxAttributes} entries`);
  const out: { name: string; value: string }[] = [];
  raw.forEach((a, k) => {
    if (!isRecord(a) || typeof a.name !== "string" || a.name === "") throw bad(`${at}[${k}] has no name`);
    const v = a.value;
    let value: string;
    if (typeof v === "string") value = v;
    else if (typeof v === "number" || typeof v === "boolean") value = String(v);
    else if (v === undefined || v === null) value = "";
    else throw bad(`${at}[${k}].value is not a string, number or boolean`);
    out.push({
      name: a.name.slice(0, detectorResponseLimits.maxLabelLength),
      value: value.slice(0, detectorResponseLimits.maxAttributeValueLength),
    });
  });
  return out;
}

function flag(raw: unknown): boolean {
  return raw === true || raw === 1 || raw === "true";
}

function bad(message: string): NuclioError {
  return new NuclioError(NuclioErrorCode.FunctionBadResponse, `Bad detector response: ${message}`);
}

function show(value: unknown): string {
  const text = typeof value === "string" ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** The start of a body that is not JSON, printable characters only: enough to recognise a traceback or an HTML page. */
function excerpt(body: Buffer): string {
  const text = body
    .subarray(0, 80)
    .toString("utf8")
    .replace(/[^\x20-\x7e]+/g, " ")
    .trim();
  return text ? ` (starts with ${JSON.stringify(text)})` : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
