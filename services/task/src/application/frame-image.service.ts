import {
  frameImageSize,
  type FrameImage,
  type FrameImageBudget,
  type FrameImageRenderer,
  type FrameImageLimits,
} from "../domain/frame-image.js";
import type { Frame } from "../domain/task.js";
import type { FrameStore } from "../persistence/frame.store.js";

export interface FrameImageDeps {
  frameStore: Pick<FrameStore, "get">;
  render: FrameImageRenderer;
  limits: FrameImageLimits;
  /** A frame row whose object is gone from the bucket (or could not be read): logged, the image is null. */
  onUnreadableObject: (err: unknown, frame: Pick<Frame, "taskId" | "index" | "objectName">) => void;
}

/**
 * `Frame.image`: a frame's bytes rendered small enough to show. The caller reached the frame through its tenant's
 * task, so no tenancy check happens here. Limits: maxSize in [16, 2048] (BAD_USER_INPUT), the operation's budget
 * (TOO_MANY_FRAME_IMAGES), and at most `maxConcurrent` renders at once in the process (the rest wait, holding no bytes).
 */
export class FrameImageService {
  private readonly slots: Semaphore;

  constructor(private readonly deps: FrameImageDeps) {
    this.slots = new Semaphore(deps.limits.maxConcurrent);
  }

  async image(frame: Frame, maxSize: number, budget: FrameImageBudget): Promise<FrameImage | null> {
    const size = frameImageSize(maxSize);
    budget.take();
    return this.slots.run(async () => {
      let bytes: Uint8Array | null;
      try {
        bytes = await this.deps.frameStore.get(frame.objectName);
        if (!bytes) throw new Error(`frame object ${frame.objectName} is missing`);
      } catch (err) {
        this.deps.onUnreadableObject(err, frame);
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
