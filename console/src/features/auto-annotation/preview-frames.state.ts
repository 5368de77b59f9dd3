/** The "Frames to preview" text: indexes and ranges ("0-3, 10"), checked as previewAutoAnnotation checks them. Pure. */
import { PREVIEW_MAX_FRAMES } from "./auto-annotation.api.js";

export type PreviewFramesParse = { readonly ok: true; readonly frames: number[] } | { readonly ok: false; readonly message: string };

/** The first `count` frames of a task of `size` frames, as the field's text. */
export function firstFrames(size: number, count: number): string {
  const n = Math.max(0, Math.min(size, count));
  return n === 0 ? "" : n === 1 ? "0" : `0-${n - 1}`;
}

/**
 * Distinct frame indexes in the order written (a repeated one counts once), 1..PREVIEW_MAX_FRAMES of them, each a
 * frame of the task (0..size-1; `size` null: not checked here).
 */
export function parsePreviewFrames(text: string, size: number | null): PreviewFramesParse {
  const tokens = text.split(/[\s,]+/).filter((t) => t !== "");
  if (tokens.length === 0) return { ok: false, message: "Enter the frames to preview, e.g. 0-3 or 0, 5, 9." };
  const frames: number[] = [];
  for (const token of tokens) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(token);
    if (!range) return { ok: false, message: `"${token}" is not a frame index or a range such as 0-3.` };
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return { ok: false, message: `The range "${token}" ends before it starts.` };
    // A huge range would be refused anyway: stop counting past the limit.
    for (let f = from; f <= to && frames.length <= PREVIEW_MAX_FRAMES; f++) if (!frames.includes(f)) frames.push(f);
  }
  if (frames.length > PREVIEW_MAX_FRAMES) return { ok: false, message: `A preview takes at most ${PREVIEW_MAX_FRAMES} frames.` };
  if (size !== null) {
    const outside = frames.filter((f) => f >= size);
    if (outside.length > 0) {
      const has = size === 0 ? "The task has no frames" : `The task has frames 0 to ${size - 1}`;
      return { ok: false, message: `${has}: ${outside.join(", ")} ${outside.length === 1 ? "is" : "are"} not among them.` };
    }
  }
  return { ok: true, frames };
}
