import type { InterchangeFrame, InterchangeShape } from "./interchange.js";

/** What every writer takes: the task's labels and frames (frames in index order), and its shapes as a stream. */
export interface ExportSource {
  /** The task's name (CVAT's meta, COCO's info). */
  taskName: string;
  header: { labels: import("../label-types.js").ValidLabel[]; frames: InterchangeFrame[] };
  /** Shapes grouped by frame, in the order of `header.frames` (a task's shapes by frame index, then insertion). */
  shapes: AsyncIterable<InterchangeShape>;
}

/** A writer's output: text chunks of roughly CHUNK_CHARS, so a consumer writes in few large pieces. */
export type TextChunks = AsyncGenerator<string, void, undefined>;

export const CHUNK_CHARS = 64 * 1024;

/** Collects small strings into chunks of about CHUNK_CHARS. */
export class ChunkBuffer {
  private parts: string[] = [];
  private size = 0;

  push(text: string): void {
    this.parts.push(text);
    this.size += text.length;
  }

  get full(): boolean {
    return this.size >= CHUNK_CHARS;
  }

  take(): string {
    const out = this.parts.join("");
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/** A shape names a frame that is not in the header, or arrives out of the header's order. */
export class ExportOrderError extends Error {
  constructor(frameName: string) {
    super(`Shape on frame "${frameName}" does not follow the frames' order`);
    this.name = "ExportOrderError";
  }
}

/**
 * The shapes of each frame in turn, frames without shapes included: walks the header's frames and the shape stream
 * together (shapes must come grouped by frame in the frames' order; names may repeat across frames). Holds one frame's
 * shapes at a time.
 */
export async function* shapesByFrame(
  frames: readonly InterchangeFrame[],
  shapes: AsyncIterable<InterchangeShape>,
): AsyncGenerator<{ frame: InterchangeFrame; position: number; shapes: InterchangeShape[] }> {
  let position = 0;
  let current: InterchangeShape[] = [];
  for await (const shape of shapes) {
    while (position < frames.length && frames[position].name !== shape.frameName) {
      yield { frame: frames[position], position, shapes: current };
      current = [];
      position += 1;
    }
    if (position >= frames.length) throw new ExportOrderError(shape.frameName);
    current.push(shape);
  }
  for (; position < frames.length; position++) {
    yield { frame: frames[position], position, shapes: current };
    current = [];
  }
}

/** Shortest exact text of a number (no exponent for the coordinates a frame has). */
export const num = (n: number): string => (Number.isFinite(n) ? String(n) : "0");
