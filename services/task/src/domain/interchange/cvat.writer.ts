import { AnnotationSource, ShapeType, type AttributeSpec, type ValidLabel } from "../label-types.js";
import type { AttributeValue } from "../staged-shape.js";
import { ChunkBuffer, num, shapesByFrame, type ExportSource, type TextChunks } from "./export-stream.js";
import type { InterchangeShape } from "./interchange.js";

/** XML text and attribute values: the five predefined entities. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

const attr = (name: string, value: string | number) => ` ${name}="${xmlEscape(String(value))}"`;
const flag = (b: boolean) => (b ? "1" : "0");
const points = (p: readonly number[]) => {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < p.length; i += 2) pairs.push(`${num(p[i])},${num(p[i + 1])}`);
  return pairs.join(";");
};
const source = (s: AnnotationSource) => (s === AnnotationSource.AUTO ? "auto" : "manual");

/** CVAT's element name and label type of each shape type (CVAT for images 1.1). */
const ELEMENT: Record<InterchangeShape["type"], string> = {
  [ShapeType.RECTANGLE]: "box",
  [ShapeType.POLYGON]: "polygon",
  [ShapeType.POLYLINE]: "polyline",
  [ShapeType.POINTS]: "points",
  [ShapeType.MASK]: "mask",
  [ShapeType.SKELETON]: "skeleton",
  [ShapeType.TAG]: "tag",
};

/**
 * CVAT for images 1.1 XML (https://docs.cvat.ai/docs/manual/advanced/xml_format/), streamed: `<version>`, `<meta>`
 * with the task and its labels (type, attributes with input type, default and values; skeleton sublabels as labels
 * with `<parent>`), then one `<image id name width height>` per frame holding its `box`, `polygon`, `polyline`,
 * `points`, `mask` (`rle` over the box `left top width height`, CVAT's own convention), `skeleton` (with `points`
 * children per point) and `tag` elements, each with `label`, `source`, `occluded` and `<attribute name>` children.
 * Scores have no place in the format and are not written.
 */
export async function* writeCvatImages(src: ExportSource): TextChunks {
  const { labels, frames } = src.header;
  const out = new ChunkBuffer();
  out.push('<?xml version="1.0" encoding="utf-8"?>\n<annotations>\n  <version>1.1</version>\n  <meta>\n    <task>\n');
  out.push(`      <name>${xmlEscape(src.taskName)}</name>\n      <size>${frames.length}</size>\n      <mode>annotation</mode>\n`);
  out.push("      <labels>\n");
  for (const label of labels) {
    out.push(metaLabel(label, null));
    for (const sub of label.sublabels) out.push(metaLabel(sub, label.name));
  }
  out.push("      </labels>\n    </task>\n  </meta>\n");
  for await (const { frame, position, shapes } of shapesByFrame(frames, src.shapes)) {
    const size = frame.width !== null && frame.height !== null ? `${attr("width", frame.width)}${attr("height", frame.height)}` : "";
    out.push(`  <image${attr("id", position)}${attr("name", frame.name)}${size}>\n`);
    for (const shape of shapes) out.push(shapeXml(shape, "    "));
    out.push("  </image>\n");
    if (out.full) yield out.take();
  }
  out.push("</annotations>\n");
  yield out.take();
}

function metaLabel(label: ValidLabel, parent: string | null): string {
  const lines = [
    "        <label>",
    `          <name>${xmlEscape(label.name)}</name>`,
    "          <color>#000000</color>",
    `          <type>${label.type.toLowerCase()}</type>`,
    label.attributes.length ? "          <attributes>" : "          <attributes />",
    ...label.attributes.map(metaAttribute),
    ...(label.attributes.length ? ["          </attributes>"] : []),
    ...(label.type === ShapeType.SKELETON ? [`          <svg>${xmlEscape(skeletonSvg(label))}</svg>`] : []),
    ...(parent !== null ? [`          <parent>${xmlEscape(parent)}</parent>`] : []),
    "        </label>",
  ];
  return `${lines.join("\n")}\n`;
}

function metaAttribute(a: AttributeSpec): string {
  return [
    "            <attribute>",
    `              <name>${xmlEscape(a.name)}</name>`,
    "              <mutable>False</mutable>",
    `              <input_type>${a.inputType.toLowerCase()}</input_type>`,
    `              <default_value>${xmlEscape(a.defaultValue ?? a.values[0] ?? "")}</default_value>`,
    `              <values>${xmlEscape(a.values.join("\n"))}</values>`,
    "            </attribute>",
  ].join("\n");
}

/** CVAT keeps a skeleton's layout as SVG: one circle per point, named; the schema has no positions or edges. */
function skeletonSvg(label: ValidLabel): string {
  return label.sublabels
    .map(
      (s, i) => `<circle r="0.75" cx="${(i + 1) / (label.sublabels.length + 1)}" cy="0.5" data-label-name="${xmlEscape(s.name)}"></circle>`,
    )
    .join("");
}

function attributesXml(attributes: readonly AttributeValue[], indent: string): string {
  return attributes.map((a) => `${indent}<attribute${attr("name", a.name)}>${xmlEscape(a.value)}</attribute>\n`).join("");
}

function shapeXml(shape: InterchangeShape, indent: string): string {
  const element = ELEMENT[shape.type];
  let head = `${attr("label", shape.label)}${attr("source", source(shape.source))}`;
  if (shape.type !== ShapeType.TAG) head += attr("occluded", flag(shape.occluded));
  switch (shape.type) {
    case ShapeType.RECTANGLE: {
      const [x1, y1, x2, y2] = shape.points;
      head += `${attr("xtl", num(x1))}${attr("ytl", num(y1))}${attr("xbr", num(x2))}${attr("ybr", num(y2))}`;
      break;
    }
    case ShapeType.POLYGON:
    case ShapeType.POLYLINE:
    case ShapeType.POINTS:
      head += attr("points", points(shape.points));
      break;
    case ShapeType.MASK: {
      const m = shape.mask ?? { counts: [], left: 0, top: 0, right: -1, bottom: -1 };
      head += `${attr("rle", m.counts.join(", "))}${attr("left", m.left)}${attr("top", m.top)}`;
      head += `${attr("width", m.right - m.left + 1)}${attr("height", m.bottom - m.top + 1)}`;
      break;
    }
    default:
      break;
  }
  if (shape.type !== ShapeType.TAG) head += attr("z_order", 0);
  const inner = indent + "  ";
  let body = attributesXml(shape.attributes, inner);
  if (shape.type === ShapeType.SKELETON) {
    for (const e of shape.elements) {
      const p = `${attr("label", e.label)}${attr("source", source(e.source))}${attr("outside", flag(e.outside))}${attr("occluded", flag(e.occluded))}`;
      body += `${inner}<points${p}${attr("points", points(e.points))}>\n${attributesXml(e.attributes, inner + "  ")}${inner}</points>\n`;
    }
  }
  return `${indent}<${element}${head}>\n${body}${indent}</${element}>\n`;
}
