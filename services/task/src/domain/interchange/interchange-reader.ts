import type { InterchangeHeader, InterchangeShape } from "./interchange.js";
import { TaskErrors } from "../task.errors.js";

/**
 * A file's bytes, readable more than once (a spooled upload): a reader may make a first pass for the header (COCO
 * puts `categories` after `annotations`) and a second for the shapes, so neither pass holds the document.
 */
export type ByteSource = () => AsyncIterable<Uint8Array>;

/** A frame's size in pixels, as the task knows it (YOLO's normalised coordinates need it). */
export interface FrameSize {
  width: number;
  height: number;
}

/** A read file: its header at once (labels and frames, small), its shapes as a stream. */
export interface InterchangeDocument {
  header: InterchangeHeader;
  /**
   * The shapes, in file order, parsed as they are yielded. `frameSize` gives a frame's size by the file's frame name
   * (only YOLO asks; a frame it cannot size is yielded in normalised coordinates, for the caller to skip).
   * Malformed input fails the iteration with INVALID_ANNOTATION_FILE.
   */
  shapes(frameSize?: (frameName: string) => FrameSize | null): AsyncIterable<InterchangeShape>;
}

/** Human names of the formats, for messages. */
export const FORMAT_NAMES = {
  COCO_INSTANCES: "COCO instances JSON",
  COCO_RESULTS: "COCO results JSON",
  CVAT_IMAGES: "CVAT for images 1.1 XML",
  YOLO_DETECT: "YOLO detect zip",
  YOLO_SEGMENT: "YOLO segment zip",
} as const;

/** INVALID_ANNOTATION_FILE for `format`: the reason says what and, where the parser tells, where. */
export const invalidFile = (format: keyof typeof FORMAT_NAMES, reason: string, details: Record<string, unknown> = {}, cause?: unknown) =>
  TaskErrors.invalidAnnotationFile(FORMAT_NAMES[format], reason, details, cause);

/** A finite number, else INVALID_ANNOTATION_FILE naming `where` (NaN, Infinity, strings and nulls are refused). */
export function finiteNumber(format: keyof typeof FORMAT_NAMES, value: unknown, where: string): number {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw invalidFile(format, `${where} is not a finite number (${JSON.stringify(value) ?? String(value)})`);
  return n;
}
