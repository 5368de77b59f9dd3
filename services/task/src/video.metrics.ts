import { Counter, Histogram, metricOnce, type Registry } from "@prelabel/observability";
import type { VideoImportObserver } from "./application/video-import.service.js";

export const TASK_VIDEO_DECODE_SECONDS = "prelabel_task_video_decode_seconds";
export const TASK_VIDEO_FRAMES = "prelabel_task_video_frames_total";

/** addVideo/importVideo, timed: decode-and-store seconds per video and frames decoded, by outcome (stored, failed). */
export class VideoMetrics implements VideoImportObserver {
  readonly decodeSeconds: Histogram<"outcome">;
  readonly frames: Counter<"outcome">;

  constructor(registry: Registry) {
    this.decodeSeconds = metricOnce(
      registry,
      TASK_VIDEO_DECODE_SECONDS,
      () =>
        new Histogram({
          name: TASK_VIDEO_DECODE_SECONDS,
          help: "Time to decode a video's selected frames and store them (and commit its rows), seconds, by outcome (stored, failed)",
          labelNames: ["outcome"],
          buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
          registers: [registry],
        }),
    );
    this.frames = metricOnce(
      registry,
      TASK_VIDEO_FRAMES,
      () =>
        new Counter({
          name: TASK_VIDEO_FRAMES,
          help: "Video frames decoded and stored, by outcome of their import (stored: committed; failed: collected again)",
          labelNames: ["outcome"],
          registers: [registry],
        }),
    );
  }

  decoded(outcome: "stored" | "failed", seconds: number, frames: number): void {
    this.decodeSeconds.observe({ outcome }, seconds);
    this.frames.inc({ outcome }, frames);
  }
}
