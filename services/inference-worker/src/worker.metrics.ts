import { Counter, Histogram, metricOnce, type Registry } from "@prelabel/observability";
import type { FrameStages } from "./inference/index.js";

export const WORKER_FRAMES = "prelabel_worker_frames_total";
export const WORKER_DECODE_MS = "prelabel_worker_decode_ms";
export const WORKER_PREPROCESS_MS = "prelabel_worker_preprocess_ms";
export const WORKER_INFERENCE_MS = "prelabel_worker_inference_ms";
export const WORKER_POSTPROCESS_MS = "prelabel_worker_postprocess_ms";
export const WORKER_RUNNER_REPLACEMENTS = "prelabel_worker_runner_replacements_total";
export const WORKER_NUCLIO_CALLS = "prelabel_worker_nuclio_calls_total";
export const WORKER_NUCLIO_RETRIES = "prelabel_worker_nuclio_retries_total";
export const WORKER_NUCLIO_BREAKER_OPENS = "prelabel_worker_nuclio_breaker_opens_total";

/** What the frame consumer reports per published outcome (infer-frames.consumer.ts `onFrame`). */
export interface FrameReport {
  model: string;
  ok: boolean;
  /** The model's whole time on the frame. */
  inferenceMs: number;
  decodeMs: number;
  /** That time split around onnxruntime's session.run, when the model ran in a runner process. */
  stages?: FrameStages;
}

/** Model ids are registry ids (uuids, catalog names): bounded by what a deployment has; an empty one is "unknown". */
const modelLabel = (model: string) => (model ? model.slice(0, 100) : "unknown");

/** Decoding, resizing and post-processing take single ms on 2-core hosts; a model run takes tens to thousands. */
const STAGE_BUCKETS = [0.5, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512];
const INFERENCE_BUCKETS = [1, 2.5, 5, 10, 25, 50, 100, 200, 400, 800, 1600, 3200];

/** The worker's own series: frames by outcome, and each frame's time per stage and model. */
export class WorkerMetrics {
  readonly frames: Counter<"outcome">;
  readonly decodeMs: Histogram<"model">;
  readonly preprocessMs: Histogram<"model">;
  readonly inferenceMs: Histogram<"model">;
  readonly postprocessMs: Histogram<"model">;
  readonly runnerReplacements: Counter<"reason">;
  readonly nuclioCalls: Counter<"outcome">;
  readonly nuclioRetries: Counter;
  readonly nuclioBreakerOpens: Counter;

  constructor(registry: Registry) {
    this.frames = metricOnce(
      registry,
      WORKER_FRAMES,
      () =>
        new Counter({
          name: WORKER_FRAMES,
          help: "Frames processed, by outcome (inferred, failed)",
          labelNames: ["outcome"],
          registers: [registry],
        }),
    );
    const histogram = (name: string, help: string, buckets: number[]) =>
      metricOnce(registry, name, () => new Histogram({ name, help, labelNames: ["model"], buckets, registers: [registry] }));
    this.decodeMs = histogram(WORKER_DECODE_MS, "Frame decoding to RGB per frame (ms), by model id", STAGE_BUCKETS);
    this.preprocessMs = histogram(
      WORKER_PREPROCESS_MS,
      "Model input preparation per frame (ms): resize, colour order, normalisation up to the first onnxruntime run, by model id",
      STAGE_BUCKETS,
    );
    this.inferenceMs = histogram(
      WORKER_INFERENCE_MS,
      "Time inside onnxruntime's session.run per frame (ms; all passes of multi-pass models; hub and Nuclio models: their call), by model id",
      INFERENCE_BUCKETS,
    );
    this.postprocessMs = histogram(
      WORKER_POSTPROCESS_MS,
      "Model time per frame outside session.run after the first run (ms): output decoding, NMS, contours, masks, work between passes, by model id",
      STAGE_BUCKETS,
    );
    this.runnerReplacements = metricOnce(
      registry,
      WORKER_RUNNER_REPLACEMENTS,
      () =>
        new Counter({
          name: WORKER_RUNNER_REPLACEMENTS,
          help: "Inference runner processes killed or lost and replaced, by reason (timeout, cancelled, stalled, crashed)",
          labelNames: ["reason"],
          registers: [registry],
        }),
    );
    // Nuclio series carry no function label: function names are the operator's and tenants' (unbounded in cloud mode).
    this.nuclioCalls = metricOnce(
      registry,
      WORKER_NUCLIO_CALLS,
      () =>
        new Counter({
          name: WORKER_NUCLIO_CALLS,
          help: "Nuclio function calls (retries included in one call), by outcome (ok, cancelled, FUNCTION_* codes)",
          labelNames: ["outcome"],
          registers: [registry],
        }),
    );
    this.nuclioRetries = metricOnce(
      registry,
      WORKER_NUCLIO_RETRIES,
      () =>
        new Counter({
          name: WORKER_NUCLIO_RETRIES,
          help: "Nuclio call attempts after the first (retried failures)",
          registers: [registry],
        }),
    );
    this.nuclioBreakerOpens = metricOnce(
      registry,
      WORKER_NUCLIO_BREAKER_OPENS,
      () =>
        new Counter({ name: WORKER_NUCLIO_BREAKER_OPENS, help: "Times a Nuclio function's circuit breaker opened", registers: [registry] }),
    );
  }

  /** A Nuclio call ended: "ok", "cancelled", or its frame-failure code (FUNCTION_*); a bounded set. */
  onNuclioCall(outcome: string): void {
    this.nuclioCalls.inc({ outcome });
  }

  /** One more attempt of a Nuclio call (after a 429/502/503/504, a reset or a timeout). */
  onNuclioRetry(): void {
    this.nuclioRetries.inc();
  }

  /** A function's circuit breaker opened. */
  onNuclioBreakerOpen(): void {
    this.nuclioBreakerOpens.inc();
  }

  /** A runner process was killed (timeout, cancel, stalled load) or died (crashed) and replaced. */
  onRunnerReplaced(reason: string): void {
    this.runnerReplacements.inc({ reason });
  }

  onFrame(report: FrameReport): void {
    this.frames.inc({ outcome: report.ok ? "inferred" : "failed" });
    // Failed frames never reached the model: they would drag the latency histograms towards 0.
    if (!report.ok) return;
    const labels = { model: modelLabel(report.model) };
    this.decodeMs.observe(labels, report.decodeMs);
    const { stages } = report;
    if (stages) {
      this.preprocessMs.observe(labels, stages.preprocessMs);
      this.inferenceMs.observe(labels, stages.inferenceMs);
      this.postprocessMs.observe(labels, stages.postprocessMs);
    } else {
      // A model run in this process (hub, Nuclio): its call is the inference; nothing of ours to split.
      this.inferenceMs.observe(labels, report.inferenceMs);
    }
  }
}
