import type { ModelSession, ModelSessionFactory } from "./model-session.js";

/**
 * Where one frame's model time went, in ms: before its first `session.run` (resize, colour order, normalisation),
 * inside onnxruntime's `session.run` calls, and the rest of the model's time outside them (decoding outputs, NMS,
 * contours and masks; for multi-pass models also the work between passes, e.g. face tiles and attribute crops).
 */
export interface FrameStages {
  readonly preprocessMs: number;
  readonly inferenceMs: number;
  readonly postprocessMs: number;
}

/**
 * Times the `session.run` calls of the sessions it wraps, for one frame at a time (a runner process runs one frame
 * at a time, so one clock serves every model it loads): `begin` before `detect`, `stages` after it.
 */
export class SessionRunClock {
  private runs = 0;
  private runMs = 0;
  private firstRunAt = 0;
  private startedAt = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  begin(): void {
    this.runs = 0;
    this.runMs = 0;
    this.startedAt = this.now();
  }

  /** The split of the time since `begin`; a model that ran no session counts as all pre-processing. */
  stages(): FrameStages {
    const total = this.now() - this.startedAt;
    if (!this.runs) return { preprocessMs: total, inferenceMs: 0, postprocessMs: 0 };
    const preprocessMs = this.firstRunAt - this.startedAt;
    return { preprocessMs, inferenceMs: this.runMs, postprocessMs: Math.max(0, total - preprocessMs - this.runMs) };
  }

  wrap(session: ModelSession): ModelSession {
    return {
      inputNames: session.inputNames,
      outputNames: session.outputNames,
      run: async (feeds) => {
        const start = this.now();
        if (this.runs++ === 0) this.firstRunAt = start;
        try {
          return await session.run(feeds);
        } finally {
          this.runMs += this.now() - start;
        }
      },
      release: () => session.release(),
    };
  }

  /** `factory`'s sessions, timed by this clock. */
  factory(factory: ModelSessionFactory): ModelSessionFactory {
    return async (modelPath, options) => this.wrap(await factory(modelPath, options));
  }
}
