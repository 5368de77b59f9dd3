import { parse as parseYaml } from "yaml";
import { AnnotationSource, ShapeType, type ValidLabel } from "../label-types.js";
import type { InterchangeFrame, InterchangeShape } from "./interchange.js";
import { invalidFile, type FrameSize, type InterchangeDocument } from "./interchange-reader.js";

/** A zip's files, as the YOLO reader needs them (persistence/zip-archive.ts opens one with yauzl). */
export interface ZipArchive {
  /** Paths of the files (not directories), in the archive's order. */
  readonly files: readonly string[];
  /** One file's bytes (a label file: one image's lines). */
  read(path: string): Promise<Uint8Array>;
}

export type YoloFlavour = "YOLO_DETECT" | "YOLO_SEGMENT";

/** Lists of images, not label files (CVAT's YOLO 1.1 and Ultralytics datasets carry them beside the labels). */
const LIST_FILES = new Set(["train.txt", "val.txt", "valid.txt", "test.txt", "obj.names", "classes.txt"]);

const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);
const stem = (name: string) => (name.includes(".") ? name.slice(0, name.lastIndexOf(".")) : name);

/**
 * YOLO detect and segment datasets in a zip: the class names from `obj.names` (CVAT's YOLO 1.1; one a line) or
 * `data.yaml` (Ultralytics; `names` a list or an index → name map), and a `.txt` label file per image: those under a
 * `labels/` or `obj_*_data/` folder when there are any, else every other `.txt` (but image lists such as train.txt).
 * A label file's frame is its name's stem (`labels/train/0001.txt` → `0001`), matched to the task's frames by stem.
 * Lines are `class cx cy w h` (detect; an optional sixth number is a score) or `class x1 y1 x2 y2 …` (segment, at least
 * three points; a five-number line is a box there too), all normalised to the image: the frame's size from
 * `frameSize` turns them into pixels. Shapes of a frame it cannot size stay normalised (the caller skips them).
 */
export async function readYolo(zip: ZipArchive, flavour: YoloFlavour): Promise<InterchangeDocument> {
  const names = await classNames(zip, flavour);
  const txt = zip.files.filter((f) => f.toLowerCase().endsWith(".txt") && !LIST_FILES.has(base(f).toLowerCase()));
  const inFolders = txt.filter((f) => f.split("/").some((part, i, parts) => i < parts.length - 1 && (part === "labels" || /^obj_.*_data$/.test(part))));
  const labelFiles = inFolders.length ? inFolders : txt;
  const seen = new Map<string, string>();
  for (const file of labelFiles) {
    const frame = stem(base(file));
    const other = seen.get(frame);
    if (other !== undefined) throw invalidFile(flavour, `${other} and ${file} are both label files of frame "${frame}"`);
    seen.set(frame, file);
  }
  const frames: InterchangeFrame[] = [...seen.keys()].map((name) => ({ index: null, name, width: null, height: null }));
  const labels: ValidLabel[] = names.map((name) => ({
    name,
    type: flavour === "YOLO_DETECT" ? ShapeType.RECTANGLE : ShapeType.POLYGON,
    attributes: [],
    sublabels: [],
  }));
  return {
    header: { labels, frames },
    shapes: (frameSize) => shapesOf(zip, flavour, names, seen, frameSize ?? (() => null)),
  };
}

async function* shapesOf(
  zip: ZipArchive,
  flavour: YoloFlavour,
  names: readonly string[],
  files: ReadonlyMap<string, string>,
  frameSize: (frameName: string) => FrameSize | null,
): AsyncGenerator<InterchangeShape> {
  for (const [frameName, file] of files) {
    const size = frameSize(frameName) ?? { width: 1, height: 1 };
    const text = utf8(await zip.read(file), flavour, file);
    const lines = text.split(/\r?\n/);
    for (const [i, raw] of lines.entries()) {
      const line = raw.trim();
      if (!line) continue;
      const at = `${file} line ${i + 1}`;
      const tokens = line.split(/\s+/);
      const numbers = tokens.map((t) => Number(t));
      const bad = numbers.findIndex((n) => !Number.isFinite(n));
      if (bad >= 0) throw invalidFile(flavour, `${at}: "${tokens[bad]}" is not a finite number`);
      const cls = numbers[0];
      if (!Number.isInteger(cls) || cls < 0 || cls >= names.length) {
        throw invalidFile(flavour, `${at}: class ${tokens[0]} is not one of the ${names.length} names`);
      }
      const values = numbers.slice(1);
      const shape = (type: InterchangeShape["type"], points: number[], score: number | null): InterchangeShape => ({
        frameName,
        label: names[cls],
        type,
        points,
        mask: null,
        score,
        attributes: [],
        occluded: false,
        outside: false,
        elements: [],
        source: AnnotationSource.MANUAL,
      });
      if (values.length === 4 || (flavour === "YOLO_DETECT" && values.length === 5)) {
        const [cx, cy, w, h] = values;
        if (w < 0 || h < 0) throw invalidFile(flavour, `${at}: a box of negative size`);
        const { width: W, height: H } = size;
        yield shape(ShapeType.RECTANGLE, [(cx - w / 2) * W, (cy - h / 2) * H, (cx + w / 2) * W, (cy + h / 2) * H], values[4] ?? null);
      } else if (flavour === "YOLO_SEGMENT" && values.length >= 6 && values.length % 2 === 0) {
        yield shape(
          ShapeType.POLYGON,
          values.map((v, k) => v * (k % 2 === 0 ? size.width : size.height)),
          null,
        );
      } else {
        const expected = flavour === "YOLO_DETECT" ? "class cx cy w h" : "class x1 y1 x2 y2 x3 y3 … (or a box, class cx cy w h)";
        throw invalidFile(flavour, `${at}: ${tokens.length} numbers; a ${flavour === "YOLO_DETECT" ? "detect" : "segment"} line is ${expected}`);
      }
    }
  }
}

async function classNames(zip: ZipArchive, flavour: YoloFlavour): Promise<string[]> {
  const namesFile = zip.files.find((f) => base(f).toLowerCase() === "obj.names") ?? zip.files.find((f) => base(f).toLowerCase() === "classes.txt");
  if (namesFile) {
    const names = utf8(await zip.read(namesFile), flavour, namesFile)
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== "");
    if (!names.length) throw invalidFile(flavour, `${namesFile} names no class`);
    return names;
  }
  const yamlFile = zip.files.find((f) => base(f).toLowerCase() === "data.yaml") ?? zip.files.find((f) => /\.ya?ml$/i.test(f));
  if (!yamlFile) throw invalidFile(flavour, "the zip has no obj.names and no data.yaml naming the classes");
  const text = utf8(await zip.read(yamlFile), flavour, yamlFile);
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw invalidFile(flavour, `${yamlFile}: ${(err as Error).message}`, {}, err);
  }
  const raw = (doc as { names?: unknown } | null)?.names;
  if (Array.isArray(raw) && raw.length && raw.every((n) => typeof n === "string" || typeof n === "number")) return raw.map(String);
  if (raw && typeof raw === "object") {
    const entries = Object.entries(raw as Record<string, unknown>);
    const names: string[] = [];
    for (const [k, v] of entries) {
      const i = Number(k);
      if (!Number.isInteger(i) || i < 0 || i >= entries.length || typeof v !== "string") {
        throw invalidFile(flavour, `${yamlFile}: names must map 0…${entries.length - 1} to names`);
      }
      names[i] = v;
    }
    if (names.length === entries.length && names.every((n) => n !== undefined)) return names;
  }
  throw invalidFile(flavour, `${yamlFile} has no "names" list`);
}

function utf8(bytes: Uint8Array, flavour: YoloFlavour, file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (err) {
    throw invalidFile(flavour, `${file} is not UTF-8 text`, {}, err);
  }
}
