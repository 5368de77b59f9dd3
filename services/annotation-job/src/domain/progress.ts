/** Throughput and time left, as a pure function of when the job started, its counts and now. */

export interface ProgressInput {
  startedAt: Date | null;
  framesTotal: number;
  framesDone: number;
  framesFailed: number;
  now: Date;
}

export interface ProgressEstimate {
  /** Frames settled (succeeded or failed) per second since the job started; null before the first one. */
  fps: number | null;
  /** Seconds until every frame is settled at that pace; 0 once all are; null while unknown. */
  etaSeconds: number | null;
}

export function estimateProgress({ startedAt, framesTotal, framesDone, framesFailed, now }: ProgressInput): ProgressEstimate {
  const settled = framesDone + framesFailed;
  const remaining = Math.max(0, framesTotal - settled);
  if (!startedAt || settled <= 0) return { fps: null, etaSeconds: remaining === 0 ? 0 : null };
  // A floor of 1 ms keeps a first frame that lands in the same millisecond from dividing by zero.
  const elapsedSeconds = Math.max(now.getTime() - startedAt.getTime(), 1) / 1000;
  const fps = settled / elapsedSeconds;
  return { fps: round(fps, 3), etaSeconds: remaining === 0 ? 0 : round(remaining / fps, 1) };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
