import { Counter, Histogram, metricOnce, type Registry } from "@prelabel/observability";

export const WORKER_FRAMES = "prelabel_worker_frames_total";
export const WORKER_INFERENCE_MS = "prelabel_worker_inference_ms";
export const WORKER_RUNNER_REPLACEMENTS = "prelabel_worker_runner_replacements_total";
export const WORKER_NUCLIO_CALLS = "prelabel_worker_nuclio_calls_total";
export const WORKER_NUCLIO_RETRIES = "prelabel_worker_nuclio_retries_total";
export const WORKER_NUCLIO_BREAKER_OPENS = "prelabel_worker_nuclio_breaker_opens_total";

/** What the frame consumer reports per published outcome (infer-frames.consumer.ts `onFrame`). */
export interface FrameReport {
  model: string;
  ok: boolean;
  inferenceMs: number;
}

/** Model ids are registry ids (uuids, catalog names): bounded by what a deployment has; an empty one is "unknown". */
const modelLabel = (model: string) => (model ? model.slice(0, 100) : "unknown");

/** The worker's own series: frames by outcome and inference time per model. */
export class WorkerMetrics {
  readonly frames: Counter<"outcome">;
  readonly inferenceMs: Histogram<"model">;
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
    this.inferenceMs = metricOnce(
      registry,
      WORKER_INFERENCE_MS,
      () =>
        new Histogram({
          name: WORKER_INFERENCE_MS,
          help: "Model inference time per frame (ms), by model id",
          labelNames: ["model"],
          buckets: [10, 25, 50, 100, 200, 400, 800, 1600, 3200],
          registers: [registry],
        }),
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
    // Failed frames never reached the model: they would drag the latency histogram towards 0.
    if (report.ok) this.inferenceMs.observe({ model: modelLabel(report.model) }, report.inferenceMs);
  }
}
