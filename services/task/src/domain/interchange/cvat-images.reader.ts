import { SaxesParser, type SaxesTagPlain } from "saxes";
import { AnnotationSource, AttributeInputType, ShapeType, type AttributeSpec, type ValidLabel } from "../label-types.js";
import type { AttributeValue, MaskRle } from "../staged-shape.js";
import type { InterchangeFrame, InterchangeShape } from "./interchange.js";
import { finiteNumber, invalidFile, type ByteSource, type InterchangeDocument } from "./interchange-reader.js";

const F = "CVAT_IMAGES" as const;

const LABEL_TYPES: Record<string, ShapeType> = {
  rectangle: ShapeType.RECTANGLE,
  polygon: ShapeType.POLYGON,
  polyline: ShapeType.POLYLINE,
  points: ShapeType.POINTS,
  mask: ShapeType.MASK,
  skeleton: ShapeType.SKELETON,
  tag: ShapeType.TAG,
  any: ShapeType.ANY,
};

const INPUT_TYPES: Record<string, AttributeInputType> = {
  select: AttributeInputType.SELECT,
  radio: AttributeInputType.RADIO,
  checkbox: AttributeInputType.CHECKBOX,
  number: AttributeInputType.NUMBER,
  text: AttributeInputType.TEXT,
};

const SHAPE_ELEMENTS = new Set(["box", "polygon", "polyline", "points", "mask", "skeleton", "tag", "cuboid", "ellipse"]);

/**
 * CVAT for images 1.1 XML (https://docs.cvat.ai/docs/manual/advanced/xml_format/), read with saxes in two passes:
 * the labels of `<meta>` (task, job or project; skeleton points are labels whose `<parent>` names their skeleton)
 * and every `<image>` (name, width, height) first, then the shapes one image at a time. `<box>` → RECTANGLE
 * [xtl, ytl, xbr, ybr]; `<polygon>`, `<polyline>`, `<points>` → their type with `points="x,y;x,y"`; `<mask>`
 * (CVAT's `rle` over `left`/`top`/`width`/`height`) → MASK; `<skeleton>` → SKELETON with its `<points>` children as
 * elements (`outside`, `occluded`); `<tag>` → TAG; `<attribute name>` children → attributes; `occluded` kept;
 * `z_order`, `source`, `group_id` ignored. A rotated box, a cuboid or an ellipse has no equivalent here: it is yielded
 * marked `unsupported` for the caller to skip. A `<track>` means CVAT for video: refused.
 */
export async function readCvatImages(source: ByteSource): Promise<InterchangeDocument> {
  const labels: { label: ValidLabel; parent: string | null }[] = [];
  const frames: InterchangeFrame[] = [];
  let inLabel: { name: string; type: string; parent: string | null; attributes: AttributeSpec[] } | null = null;
  let inAttribute: Record<string, string> | null = null;
  for await (const event of saxEvents(source)) {
    if (event.kind === "open") {
      const { tag, path } = event;
      if (tag.name === "label" && path.includes("labels") && path.includes("meta")) inLabel = { name: "", type: "any", parent: null, attributes: [] };
      else if (tag.name === "attribute" && inLabel) inAttribute = {};
      else if (tag.name === "image" && path.length === 2) frames.push(imageOf(tag, event.line));
      else if (tag.name === "track" && path.length === 2) {
        throw invalidFile(F, `line ${event.line}: <track> is CVAT for video 1.1; export the task as CVAT for images 1.1`);
      }
    } else if (event.kind === "text") {
      const field = event.path[event.path.length - 1];
      if (inAttribute && event.path[event.path.length - 2] === "attribute") inAttribute[field] = event.text;
      else if (inLabel && event.path[event.path.length - 2] === "label") {
        if (field === "name") inLabel.name = event.text.trim();
        else if (field === "type") inLabel.type = event.text.trim();
        else if (field === "parent") inLabel.parent = event.text.trim() || null;
      }
    } else if (event.tag === "attribute" && inLabel && inAttribute) {
      inLabel.attributes.push(attributeSpecOf(inAttribute, event.line));
      inAttribute = null;
    } else if (event.tag === "label" && inLabel) {
      if (!inLabel.name) throw invalidFile(F, `line ${event.line}: a <label> without a <name>`);
      const type = LABEL_TYPES[inLabel.type.toLowerCase()] ?? ShapeType.ANY;
      labels.push({ label: { name: inLabel.name, type, attributes: inLabel.attributes, sublabels: [] }, parent: inLabel.parent });
      inLabel = null;
    }
  }
  const top = labels.filter((l) => !l.parent).map((l) => l.label);
  for (const { label, parent } of labels) {
    if (!parent) continue;
    const skeleton = top.find((t) => t.name === parent);
    if (!skeleton) throw invalidFile(F, `label "${label.name}" names a parent "${parent}" that is not a label`);
    skeleton.sublabels.push(label);
  }
  return { header: { labels: top, frames }, shapes: () => shapesOf(source) };
}

async function* shapesOf(source: ByteSource): AsyncGenerator<InterchangeShape> {
  let frameName: string | null = null;
  /** The shape being read (its attributes and, for a skeleton, its points follow as children). */
  let current: InterchangeShape | null = null;
  let skeleton: InterchangeShape | null = null;
  let attributeName: string | null = null;
  let attributeText = "";
  for await (const event of saxEvents(source)) {
    if (event.kind === "open") {
      const { tag, path, line } = event;
      if (tag.name === "image" && path.length === 2) frameName = String(tag.attributes.name ?? "");
      else if (frameName !== null && tag.name === "attribute" && current) {
        attributeName = String(tag.attributes.name ?? "");
        attributeText = "";
      } else if (frameName !== null && SHAPE_ELEMENTS.has(tag.name) && path[path.length - 2] === "image") {
        current = shapeOf(tag, frameName, line);
        if (current.type === ShapeType.SKELETON) skeleton = current;
      } else if (frameName !== null && tag.name === "points" && skeleton && path[path.length - 2] === "skeleton") {
        current = shapeOf(tag, frameName, line);
        current.elements = [];
        skeleton.elements.push(current);
      }
    } else if (event.kind === "text") {
      if (attributeName !== null) attributeText += event.text;
    } else {
      const { tag } = event;
      if (tag === "attribute" && attributeName !== null && current) {
        current.attributes.push({ name: attributeName, value: attributeText });
        attributeName = null;
      } else if (tag === "points" && skeleton && current && current !== skeleton) {
        current = skeleton;
      } else if (SHAPE_ELEMENTS.has(tag) && current) {
        const done = skeleton ?? current;
        current = null;
        skeleton = null;
        yield done;
      } else if (tag === "image") frameName = null;
    }
  }
}

function shapeOf(tag: SaxesTagPlain, frameName: string, line: number): InterchangeShape {
  const a = tag.attributes as Record<string, string>;
  const at = `line ${line}: <${tag.name}>`;
  const label = a.label;
  if (!label) throw invalidFile(F, `${at} has no label`);
  const shape: InterchangeShape = {
    frameName,
    label,
    type: ShapeType.TAG,
    points: [],
    mask: null,
    score: null,
    attributes: [],
    occluded: a.occluded === "1",
    outside: a.outside === "1",
    elements: [],
    source: AnnotationSource.MANUAL,
  };
  switch (tag.name) {
    case "box": {
      shape.type = ShapeType.RECTANGLE;
      shape.points = ["xtl", "ytl", "xbr", "ybr"].map((k) => finiteNumber(F, a[k], `${at} ${k}`));
      const rotation = a.rotation === undefined ? 0 : finiteNumber(F, a.rotation, `${at} rotation`);
      if (rotation % 360 !== 0) shape.unsupported = `a box rotated by ${rotation}°`;
      break;
    }
    case "polygon":
    case "polyline":
    case "points":
      shape.type = tag.name === "polygon" ? ShapeType.POLYGON : tag.name === "polyline" ? ShapeType.POLYLINE : ShapeType.POINTS;
      shape.points = pointsOf(a.points, at);
      break;
    case "mask":
      shape.type = ShapeType.MASK;
      shape.mask = maskOf(a, at);
      break;
    case "skeleton":
      shape.type = ShapeType.SKELETON;
      break;
    case "tag":
      break;
    default:
      shape.type = ShapeType.POLYGON;
      shape.unsupported = `a <${tag.name}>`;
  }
  return shape;
}

/** CVAT's `points="x1,y1;x2,y2"`. */
function pointsOf(raw: string | undefined, at: string): number[] {
  if (!raw?.trim()) throw invalidFile(F, `${at} has no points`);
  const out: number[] = [];
  for (const pair of raw.split(";")) {
    const xy = pair.split(",");
    if (xy.length !== 2) throw invalidFile(F, `${at} points "${pair}" is not "x,y"`);
    out.push(finiteNumber(F, xy[0], `${at} x`), finiteNumber(F, xy[1], `${at} y`));
  }
  return out;
}

/** CVAT's mask: `rle` runs (background first) over the `width` × `height` box at `left`, `top`, row-major. */
function maskOf(a: Record<string, string>, at: string): MaskRle {
  const [left, top, width, height] = ["left", "top", "width", "height"].map((k) => finiteNumber(F, a[k], `${at} ${k}`));
  if (![left, top, width, height].every(Number.isInteger) || width <= 0 || height <= 0 || left < 0 || top < 0) {
    throw invalidFile(F, `${at} left/top/width/height are not a box of whole pixels`);
  }
  if (!a.rle?.trim()) throw invalidFile(F, `${at} has no rle`);
  const counts = a.rle.split(",").map((v, i) => finiteNumber(F, v, `${at} rle[${i}]`));
  if (counts.some((n) => !Number.isInteger(n) || n < 0)) throw invalidFile(F, `${at} rle holds a run that is not a count`);
  const sum = counts.reduce((s, n) => s + n, 0);
  if (sum !== width * height) throw invalidFile(F, `${at} rle covers ${sum} pixels, not width × height = ${width * height}`);
  return { counts, left, top, right: left + width - 1, bottom: top + height - 1 };
}

function imageOf(tag: SaxesTagPlain, line: number): InterchangeFrame {
  const a = tag.attributes as Record<string, string>;
  if (!a.name) throw invalidFile(F, `line ${line}: <image> has no name`);
  const size = (k: string) => (a[k] === undefined ? null : finiteNumber(F, a[k], `line ${line}: <image> ${k}`));
  return { index: null, name: a.name, width: size("width"), height: size("height") };
}

function attributeSpecOf(raw: Record<string, string>, line: number): AttributeSpec {
  const name = raw.name?.trim();
  if (!name) throw invalidFile(F, `line ${line}: a label <attribute> without a <name>`);
  const inputType = INPUT_TYPES[(raw.input_type ?? "text").trim().toLowerCase()] ?? AttributeInputType.TEXT;
  const values = (raw.values ?? "")
    .split("\n")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const defaultValue = raw.default_value?.trim() ?? null;
  return { name, inputType, values, defaultValue: defaultValue === "" && inputType !== AttributeInputType.TEXT ? null : defaultValue };
}

type SaxEvent =
  | { kind: "open"; tag: SaxesTagPlain; path: string[]; line: number }
  | { kind: "text"; text: string; path: string[] }
  | { kind: "close"; tag: string; line: number };

/**
 * The document's elements as events, parsed chunk by chunk: each chunk's events are yielded before the next chunk
 * is read, so memory holds one chunk's worth. `path` is the open elements' names, the current one last. saxes
 * defines no entities but XML's five and never fetches anything, so a document cannot expand or reach out.
 */
async function* saxEvents(source: ByteSource): AsyncGenerator<SaxEvent> {
  const parser = new SaxesParser<{ position: true; xmlns: false }>({ position: true, xmlns: false });
  const path: string[] = [];
  let pending: SaxEvent[] = [];
  let text = "";
  let sawRoot = false;
  const flushText = () => {
    if (text.trim()) pending.push({ kind: "text", text, path: [...path] });
    text = "";
  };
  parser.on("opentag", (tag) => {
    flushText();
    if (!sawRoot && tag.name !== "annotations") throw invalidFile(F, `line ${parser.line}: the root element is <${tag.name}>, not <annotations>`);
    sawRoot = true;
    path.push(tag.name);
    pending.push({ kind: "open", tag, path: [...path], line: parser.line });
  });
  parser.on("text", (t) => {
    text += t;
  });
  parser.on("cdata", (t) => {
    text += t;
  });
  parser.on("closetag", (tag) => {
    flushText();
    path.pop();
    pending.push({ kind: "close", tag: tag.name, line: parser.line });
  });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const write = (s: string) => {
    try {
      parser.write(s);
    } catch (err) {
      if (err instanceof Error && err.name === "AppError") throw err;
      throw invalidFile(F, (err as Error).message, { line: parser.line, column: parser.column }, err);
    }
  };
  try {
    for await (const chunk of source()) {
      let s: string;
      try {
        s = decoder.decode(chunk, { stream: true });
      } catch (err) {
        throw invalidFile(F, `not UTF-8 text near line ${parser.line}`, { line: parser.line }, err);
      }
      write(s);
      const events = pending;
      pending = [];
      yield* events;
    }
    write(decoder.decode());
    try {
      parser.close();
    } catch (err) {
      throw invalidFile(F, (err as Error).message, { line: parser.line, column: parser.column }, err);
    }
  } catch (err) {
    if (err instanceof TypeError) throw invalidFile(F, "not UTF-8 text", {}, err);
    throw err;
  }
  if (!sawRoot) throw invalidFile(F, "the document has no <annotations> element");
  yield* pending;
}
