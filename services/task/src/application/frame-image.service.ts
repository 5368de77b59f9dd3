import {
  frameImageSize,
  MAX_CACHED_FRAME_IMAGE_SIZE,
  THUMBNAIL_FRAME_IMAGE_SIZE,
  type FrameImage,
  type FrameImageBudget,
  type FrameImageCache,
  type FrameImageRenderer,
  type FrameImageLimits,
} from "../domain/frame-image.js";
import type { Frame } from "../domain/task.js";
import type { FrameStore } from "../persistence/frame.store.js";

type FrameRef = Pick<Frame, "taskId" | "index" | "objectName">;

export interface FrameImageDeps {
  frameStore: Pick<FrameStore, "get">;
  render: FrameImageRenderer;
  limits: FrameImageLimits;
  /** A frame row whose object is gone from the bucket (or could not be read): logged, the image is null. */
  onUnreadableObject: (err: unknown, frame: FrameRef) => void;
  /** Where renders up to MAX_CACHED_FRAME_IMAGE_SIZE are kept; without one, every request renders. */
  cache?: FrameImageCache;
  /** Work nobody waits for failed (an eager thumbnail, keeping a render): logged, nothing else. */
  onBackgroundError?: (err: unknown, frame: Pick<Frame, "taskId" | "index">) => void;
}

/** Frames waiting for their eager thumbnail, past which more are left to be rendered on first request. */
const MAX_QUEUED_THUMBNAILS = 200_000;

/**
 * `Frame.image`: a frame's bytes rendered small enough to show. The caller reached the frame through its tenant's
 * task, so no tenancy check happens here (and the cache is only asked with such a frame). Limits: maxSize in
 * [16, 2048] (BAD_USER_INPUT), the operation's budget (TOO_MANY_FRAME_IMAGES: it guards the response's size, so kept
 * images count too), and at most `maxConcurrent` renders at once in the process (the rest wait, holding no bytes; a
 * kept image takes no render slot).
 *
 * Renders up to MAX_CACHED_FRAME_IMAGE_SIZE are kept after the first, and the console grid's thumbnail (THUMBNAIL_FRAME_IMAGE_SIZE) is rendered ahead when
 * frames are added (`renderThumbnails`), one at a time in the background, so a task page's first view reads them.
 */
export class FrameImageService {
  private readonly slots: Semaphore;
  /** Renders under way, by frame and size: a second request for the same image waits for the first. */
  private readonly inFlight = new Map<string, Promise<FrameImage | null>>();
  private readonly queue: Frame[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;
  /** Frame appends under way (`whileAdding`): the eager thumbnails wait for none to be, so they never slow one down. */
  private adding = 0;
  private addingDone: (() => void)[] = [];

  constructor(private readonly deps: FrameImageDeps) {
    this.slots = new Semaphore(deps.limits.maxConcurrent);
  }

  async image(frame: Frame, maxSize: number, budget: FrameImageBudget): Promise<FrameImage | null> {
    const size = frameImageSize(maxSize);
    budget.take();
    const cache = size <= MAX_CACHED_FRAME_IMAGE_SIZE ? this.deps.cache : undefined;
    const kept = await cache?.find({ taskId: frame.taskId, index: frame.index, maxSize: size });
    if (kept) return kept;
    return this.renderOnce(frame, size, cache, true);
  }

  /**
   * Queues the thumbnail of frames just added (after their rows committed); returns at once. Rendered one at
   * a time (so requests keep at least one of the render slots) and only while no append runs (`whileAdding`), skipping
   * those already kept; failures are only logged.
   */
  renderThumbnails(frames: readonly Frame[]): void {
    if (!this.deps.cache || this.closed) return;
    const room = MAX_QUEUED_THUMBNAILS - this.queue.length;
    this.queue.push(...frames.slice(0, Math.max(0, room)));
    this.draining ??= this.drain().finally(() => (this.draining = undefined));
  }

  /**
   * Runs an append of frames (an upload or an import) with the eager thumbnails held back until it ends: they are work
   * nobody waits for, and on a small machine they would share its cores with the append the user does wait for.
   */
  async whileAdding<T>(append: () => Promise<T>): Promise<T> {
    this.adding++;
    try {
      return await append();
    } finally {
      if (--this.adding === 0) for (const resume of this.addingDone.splice(0)) resume();
    }
  }

  private idle(): Promise<void> {
    return this.adding === 0 ? Promise.resolve() : new Promise((resolve) => this.addingDone.push(resolve));
  }

  /** Stops the eager thumbnails (the queue is dropped) and waits for the one being rendered. */
  async close(): Promise<void> {
    this.closed = true;
    this.queue.length = 0;
    for (const resume of this.addingDone.splice(0)) resume();
    await this.draining;
  }

  private async drain(): Promise<void> {
    const cache = this.deps.cache!;
    while (this.queue.length && !this.closed) {
      await this.idle();
      // A batch of one task's consecutive frames: one query tells which are kept already.
      const first = this.queue[0];
      let n = 1;
      while (n < Math.min(this.queue.length, 100) && this.queue[n].taskId === first.taskId) n++;
      const batch = this.queue.splice(0, n);
      let missing: Set<number>;
      try {
        missing = new Set(
          await cache.missing(
            first.taskId,
            batch.map((f) => f.index),
            THUMBNAIL_FRAME_IMAGE_SIZE,
          ),
        );
      } catch (err) {
        this.deps.onBackgroundError?.(err, first);
        continue;
      }
      for (const frame of batch) {
        if (!missing.has(frame.index)) continue;
        await this.idle();
        if (this.closed) return;
        await this.renderOnce(frame, THUMBNAIL_FRAME_IMAGE_SIZE, cache, false).catch((err: unknown) =>
          this.deps.onBackgroundError?.(err, frame),
        );
      }
    }
  }

  /** Renders (or joins the render under way) and keeps the result when a cache is given. */
  private renderOnce(frame: Frame, size: number, cache: FrameImageCache | undefined, requested: boolean): Promise<FrameImage | null> {
    const key = `${frame.taskId}/${frame.index}/${size}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const render = this.render(frame, size, requested).then(async (image) => {
      if (image && cache) {
        // Keeping it is an optimisation: the request has its image either way.
        await cache.save({ taskId: frame.taskId, index: frame.index, maxSize: size }, image).catch((err: unknown) => {
          this.deps.onBackgroundError?.(err, frame);
        });
      }
      return image;
    });
    this.inFlight.set(key, render);
    void render.then(
      () => this.inFlight.delete(key),
      () => this.inFlight.delete(key),
    );
    return render;
  }

  private render(frame: Frame, size: number, requested: boolean): Promise<FrameImage | null> {
    return this.slots.run(async () => {
      let bytes: Uint8Array | null;
      try {
        bytes = await this.deps.frameStore.get(frame.objectName);
        if (!bytes) throw new Error(`frame object ${frame.objectName} is missing`);
      } catch (err) {
        if (requested) this.deps.onUnreadableObject(err, frame);
        else this.deps.onBackgroundError?.(err, frame);
        return null;
      }
      return this.deps.render(bytes, size);
    });
  }
}

/** At most `max` tasks at once; the rest wait in order. */
class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError("maxConcurrent must be a positive integer");
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.max) this.running++;
    // The releasing task hands its slot straight over, so `running` stays counted.
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
