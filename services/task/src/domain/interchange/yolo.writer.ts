import { ShapeType } from "../label-types.js";
import { shapesByFrame, type ExportSource } from "./export-stream.js";
import type { InterchangeFrame, InterchangeShape } from "./interchange.js";

/** One file of an archive; `lines` are produced only when the archive gets to it (entries are written in order). */
export interface ArchiveEntry {
  path: string;
  /** The entry's text; undefined for a frame's image (`frame` says which). */
  text?: () => Promise<string>;
  frame?: { position: number; frame: InterchangeFrame };
}

export type YoloVariant = "detect" | "segment";

/** A frame name as a path inside the archive: forward slashes, no leading slash, no `.`/`..` segments. */
export function archivePath(name: string): string {
  const segments = name
    .replace(/\\/g, "/")
    .split("/")
    .filter((s) => s && s !== "." && s !== "..");
  return segments.length ? segments.join("/") : "frame";
}

/** `a/b.jpg` → `a/b`: YOLO's label file is the image's path with `.txt` for its extension. */
export function stemOf(name: string): string {
  const path = archivePath(name);
  const dot = path.lastIndexOf(".");
  return dot > path.lastIndexOf("/") + 1 ? path.slice(0, dot) : path;
}

const coord = (v: number) => String(+Math.min(1, Math.max(0, v)).toFixed(9));

/**
 * One YOLO line, normalised by the frame's size: detect `class cx cy w h` (rectangles), segment `class x1 y1 x2 y2 …`
 * (polygons). Undefined for other shapes, or a frame without a size.
 */
export function yoloLine(shape: InterchangeShape, classIndex: number, frame: InterchangeFrame, variant: YoloVariant): string | undefined {
  const { width, height } = frame;
  if (!width || !height) return undefined;
  if (variant === "detect" && shape.type === ShapeType.RECTANGLE) {
    const [x1, y1, x2, y2] = shape.points;
    const w = Math.abs(x2 - x1);
    const h = Math.abs(y2 - y1);
    const cx = Math.min(x1, x2) + w / 2;
    const cy = Math.min(y1, y2) + h / 2;
    return `${classIndex} ${coord(cx / width)} ${coord(cy / height)} ${coord(w / width)} ${coord(h / height)}`;
  }
  if (variant === "segment" && shape.type === ShapeType.POLYGON) {
    const xy: string[] = [];
    for (let i = 0; i + 1 < shape.points.length; i += 2) xy.push(coord(shape.points[i] / width), coord(shape.points[i + 1] / height));
    return `${classIndex} ${xy.join(" ")}`;
  }
  return undefined;
}

/** What counted while writing: shapes with no line in this variant are left out. */
export interface YoloWriteStats {
  written: number;
  skipped: number;
}

/**
 * A YOLO dataset (Ultralytics' layout, readable as CVAT's YOLO 1.1 too) as archive entries: `obj.names` (one
 * top-level label a line: the class index is the line), `data.yaml` (`names`, `nc`, `train: images`), then per frame
 * `labels/<stem>.txt` (empty when it has no shapes) and, with `includeFrames`, `images/<name>`. Detect writes
 * rectangles, segment polygons; the rest are counted in `stats.skipped`. Label texts are produced as the archive
 * reaches them, one frame's shapes at a time.
 */
export function yoloEntries(
  src: ExportSource,
  variant: YoloVariant,
  includeFrames: boolean,
  stats: YoloWriteStats = { written: 0, skipped: 0 },
): ArchiveEntry[] {
  const { labels, frames } = src.header;
  const classOf = new Map(labels.map((l, i) => [l.name, i]));
  const names = labels.map((l) => l.name);
  const yaml = [
    "# YOLO dataset written by Prelabel",
    "path: .",
    "train: images",
    "val: images",
    `nc: ${names.length}`,
    "names:",
    ...names.map((n, i) => `  ${i}: ${JSON.stringify(n)}`),
    "",
  ].join("\n");
  const byFrame = shapesByFrame(frames, src.shapes);
  const entries: ArchiveEntry[] = [
    { path: "obj.names", text: async () => names.map((n) => `${n}\n`).join("") },
    { path: "data.yaml", text: async () => yaml },
  ];
  frames.forEach((frame, position) => {
    entries.push({
      path: `labels/${stemOf(frame.name)}.txt`,
      text: async () => {
        const next = await byFrame.next();
        if (next.done || next.value.position !== position) throw new Error(`YOLO labels out of order at frame ${position}`);
        const lines: string[] = [];
        for (const shape of next.value.shapes) {
          const cls = classOf.get(shape.label);
          const line = cls === undefined ? undefined : yoloLine(shape, cls, frame, variant);
          if (line === undefined) stats.skipped += 1;
          else {
            stats.written += 1;
            lines.push(`${line}\n`);
          }
        }
        return lines.join("");
      },
    });
    if (includeFrames) entries.push({ path: `images/${archivePath(frame.name)}`, frame: { position, frame } });
  });
  return entries;
}
