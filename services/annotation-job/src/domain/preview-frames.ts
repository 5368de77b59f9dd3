/** The frames one preview may run: 1..MAX_PREVIEW_FRAMES distinct indexes of the task. */
export const MAX_PREVIEW_FRAMES = 16;

export type PreviewFramesCheck =
  | { ok: true; frames: number[] }
  | { ok: false; message: string; details: { frames: number[]; max: number; duplicates?: number[]; invalid?: number[] } };

/** The request's shape alone (before the task is known): count, duplicates, negative or non-integer indexes. */
export function checkPreviewFrames(frames: readonly number[]): PreviewFramesCheck {
  const all = [...frames];
  const details = { frames: all, max: MAX_PREVIEW_FRAMES };
  if (all.length === 0 || all.length > MAX_PREVIEW_FRAMES) {
    return { ok: false, message: `A preview runs 1 to ${MAX_PREVIEW_FRAMES} frames (got ${all.length}).`, details };
  }
  const invalid = all.filter((f) => !Number.isInteger(f) || f < 0);
  if (invalid.length) {
    return { ok: false, message: `Frame indexes start at 0 (got ${invalid.join(", ")}).`, details: { ...details, invalid } };
  }
  const seen = new Set<number>();
  const duplicates = [...new Set(all.filter((f) => seen.size === seen.add(f).size))];
  if (duplicates.length) {
    return {
      ok: false,
      message: `Each frame may be previewed once (repeated: ${duplicates.join(", ")}).`,
      details: { ...details, duplicates },
    };
  }
  return { ok: true, frames: all };
}

/** Previews running per tenant in this process: a tenant gets at most `max` at once. */
export class PreviewSlots {
  private readonly running = new Map<string, number>();

  constructor(readonly max: number) {}

  /** Takes a slot, or says how many run when none is free. */
  take(tenantId: string): { ok: true; release(): void } | { ok: false; running: number } {
    const n = this.running.get(tenantId) ?? 0;
    if (n >= this.max) return { ok: false, running: n };
    this.running.set(tenantId, n + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.running.get(tenantId) ?? 1) - 1;
        if (left > 0) this.running.set(tenantId, left);
        else this.running.delete(tenantId);
      },
    };
  }
}
