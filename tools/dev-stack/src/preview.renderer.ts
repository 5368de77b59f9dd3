import type { Sharp } from "sharp";

export interface PreviewElement {
  label: { name: string };
  points: number[];
  occluded: boolean;
  outside: boolean;
}

export interface PreviewAnnotation {
  type: string;
  points: number[];
  score: number | null;
  label: { name: string };
  attributes?: { name: string; value: string }[];
  elements?: PreviewElement[];
}

/** COCO keypoint limbs, by sublabel name: drawn between two visible points of a skeleton. */
const LIMBS: readonly [string, string][] = [
  ["left_ear", "left_eye"],
  ["left_eye", "nose"],
  ["nose", "right_eye"],
  ["right_eye", "right_ear"],
  ["left_shoulder", "right_shoulder"],
  ["left_shoulder", "left_elbow"],
  ["left_elbow", "left_wrist"],
  ["right_shoulder", "right_elbow"],
  ["right_elbow", "right_wrist"],
  ["left_shoulder", "left_hip"],
  ["right_shoulder", "right_hip"],
  ["left_hip", "right_hip"],
  ["left_hip", "left_knee"],
  ["left_knee", "left_ankle"],
  ["right_hip", "right_knee"],
  ["right_knee", "right_ankle"],
];

const PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#9a6324"];

/** Draws rectangles, polygons and skeletons with their label, score and attribute values over an image. */
export async function renderPreview(image: Sharp, annotations: readonly PreviewAnnotation[]): Promise<Sharp> {
  const { width, height } = await image.metadata();
  const svg = previewSvg(width, height, annotations);
  return image.composite([{ input: Buffer.from(svg) }]);
}

/** The overlay alone, as SVG in image pixels; colours are stable per label name. */
export function previewSvg(width: number, height: number, annotations: readonly PreviewAnnotation[]): string {
  const fontSize = Math.max(11, Math.round(Math.min(width, height) / 60));
  const stroke = Math.max(2, Math.round(Math.min(width, height) / 400));
  const parts: string[] = [];
  for (const a of annotations) {
    const colour = colourFor(a.label.name);
    const caption = [a.label.name, a.score != null ? a.score.toFixed(2) : null, ...(a.attributes ?? []).map((v) => `${v.name}=${v.value}`)]
      .filter(Boolean)
      .join(" ");
    if (a.type === "RECTANGLE") {
      const [x1, y1, x2, y2] = a.points;
      parts.push(
        `<rect x="${x1}" y="${y1}" width="${x2 - x1}" height="${y2 - y1}" fill="none" stroke="${colour}" stroke-width="${stroke}"/>`,
      );
      parts.push(label(x1, y1, caption, colour, fontSize));
    } else if (a.type === "POLYGON") {
      parts.push(
        `<polygon points="${pairs(a.points)
          .map(([x, y]) => `${x},${y}`)
          .join(" ")}" fill="${colour}" fill-opacity="0.15" stroke="${colour}" stroke-width="${stroke}"/>`,
      );
      parts.push(label(a.points[0], a.points[1], caption, colour, fontSize));
    } else if (a.type === "SKELETON") {
      // Like CVAT, a skeleton is drawn as its points and limbs, captioned above its highest visible point.
      const visible = (a.elements ?? []).filter((e) => !e.outside && e.points.length >= 2);
      const top = visible.reduce<PreviewElement | undefined>((best, e) => (!best || e.points[1] < best.points[1] ? e : best), undefined);
      if (top) parts.push(label(top.points[0], top.points[1] - fontSize, caption, colour, fontSize));
    }
    if (a.type === "SKELETON") parts.push(...skeleton(a.elements ?? [], colour, stroke));
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join("")}</svg>`;
}

function skeleton(elements: readonly PreviewElement[], colour: string, stroke: number): string[] {
  const visible = new Map(elements.filter((e) => !e.outside && e.points.length >= 2).map((e) => [e.label.name, e]));
  const parts: string[] = [];
  for (const [from, to] of LIMBS) {
    const a = visible.get(from);
    const b = visible.get(to);
    if (a && b)
      parts.push(
        `<line x1="${a.points[0]}" y1="${a.points[1]}" x2="${b.points[0]}" y2="${b.points[1]}" stroke="${colour}" stroke-width="${stroke}"/>`,
      );
  }
  for (const e of visible.values()) {
    // Occluded points are drawn hollow, as CVAT does.
    const fill = e.occluded ? "none" : colour;
    parts.push(
      `<circle cx="${e.points[0]}" cy="${e.points[1]}" r="${stroke * 2}" fill="${fill}" stroke="${colour}" stroke-width="${stroke / 2}"/>`,
    );
  }
  return parts;
}

function label(x: number, y: number, text: string, colour: string, fontSize: number): string {
  const top = Math.max(fontSize + 2, y - 4);
  return `<text x="${x}" y="${top}" font-size="${fontSize}" font-family="sans-serif" fill="${colour}" stroke="white" stroke-width="3" paint-order="stroke">${escapeXml(text)}</text>`;
}

function pairs(points: readonly number[]): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < points.length; i += 2) out.push([points[i], points[i + 1]]);
  return out;
}

function colourFor(name: string): string {
  let hash = 0;
  for (const ch of name) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return PALETTE[hash % PALETTE.length];
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
}
