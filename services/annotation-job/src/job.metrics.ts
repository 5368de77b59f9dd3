import { Counter, Gauge, Histogram, metricOnce, type Registry } from "@prelabel/observability";
import { Consumers } from "@prelabel/proto";
import type { JobOutcomeService } from "./application/job-outcome.service.js";
import { JobStatuses, type JobStatus } from "./domain/job-status.js";
import type { ProgressPublisher } from "./messaging/publishers/job-progress.publisher.js";

export const JOBS_BY_STATUS = "prelabel_annotation_jobs";
export const FRAMES_SETTLED = "prelabel_annotation_frames_settled_total";
export const JOB_FAILURES = "prelabel_annotation_job_failures_total";
export const OUTCOME_BATCH_SECONDS = "prelabel_annotation_outcome_batch_seconds";
export const OUTCOME_BATCH_SIZE = "prelabel_annotation_outcome_batch_size";

/** annotation-job's own durable consumers, whose lag it serves (prelabel_nats_consumer_lag_messages). */
export const ANNOTATION_JOB_CONSUMERS = [Consumers.frameOutcomes, Consumers.taskEvents] as const;

/**
 * annotation-job's series: jobs by status (a gauge read from PostgreSQL when scraped, never per event), frames
 * settled by outcome (succeeded, failed) and jobs that ended FAILED by failureCode.
 */
export class JobMetrics {
  readonly jobs: Gauge<"status">;
  readonly framesSettled: Counter<"outcome">;
  readonly failures: Counter<"failure_code">;
  readonly outcomeBatchSeconds: Histogram;
  readonly outcomeBatchSize: Histogram;
  /** Jobs counted as FAILED by this process (a FAILED job's state may be announced again: count it once). */
  private readonly failedSeen = new Set<string>();

  constructor(registry: Registry, jobsByStatus: () => Promise<Map<string, number>>) {
    this.jobs = metricOnce(
      registry,
      JOBS_BY_STATUS,
      () =>
        new Gauge({
          name: JOBS_BY_STATUS,
          help: "Auto-annotation jobs by status (all tenants), counted in PostgreSQL at scrape time",
          labelNames: ["status"],
          registers: [registry],
          async collect() {
            const counts = await jobsByStatus();
            for (const status of JobStatuses) this.set({ status }, counts.get(status) ?? 0);
          },
        }),
    );
    this.framesSettled = metricOnce(
      registry,
      FRAMES_SETTLED,
      () =>
        new Counter({
          name: FRAMES_SETTLED,
          help: "Frame outcomes recorded (once per job and frame), by outcome (succeeded, failed)",
          labelNames: ["outcome"],
          registers: [registry],
        }),
    );
    this.failures = metricOnce(
      registry,
      JOB_FAILURES,
      () =>
        new Counter({
          name: JOB_FAILURES,
          help: "Jobs that ended FAILED, by failureCode (DISPATCH_FAILED, DISPATCH_STALLED, COMMIT_STALLED)",
          labelNames: ["failure_code"],
          registers: [registry],
        }),
    );
    this.outcomeBatchSeconds = metricOnce(
      registry,
      OUTCOME_BATCH_SECONDS,
      () =>
        new Histogram({
          name: OUTCOME_BATCH_SECONDS,
          help: "Time to record one job's batch of frame outcomes (its transaction, and the commit request when it settled the job), seconds",
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
          registers: [registry],
        }),
    );
    this.outcomeBatchSize = metricOnce(
      registry,
      OUTCOME_BATCH_SIZE,
      () =>
        new Histogram({
          name: OUTCOME_BATCH_SIZE,
          help: "Frame outcomes recorded together in one transaction",
          buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
          registers: [registry],
        }),
    );
  }

  frameSettled(succeeded: boolean): void {
    this.framesSettled.inc({ outcome: succeeded ? "succeeded" : "failed" });
  }

  jobAnnounced(job: { id: string; status: JobStatus; failureCode: string | null }): void {
    if (job.status !== "FAILED" || this.failedSeen.has(job.id)) return;
    if (this.failedSeen.size >= 10_000) this.failedSeen.clear();
    this.failedSeen.add(job.id);
    this.failures.inc({ failure_code: job.failureCode ?? "UNKNOWN" });
  }
}

/**
 * Every change of a job's state is announced through the ProgressPublisher after its transaction committed (the
 * three ways to FAILED included), so counting there sees each failure once, with its code.
 */
export function countingProgress(inner: ProgressPublisher, metrics: JobMetrics): ProgressPublisher {
  return {
    publish(job, at) {
      inner.publish(job, at);
      metrics.jobAnnounced(job);
    },
  };
}

/**
 * Counts each recorded frame outcome (workers', and FRAME_UNPROCESSABLE from dead frames; duplicates and drops are
 * not) and times each batch's transaction.
 */
export function countSettledFrames(outcomes: JobOutcomeService, metrics: JobMetrics): JobOutcomeService {
  const record = outcomes.recordJobOutcomes.bind(outcomes);
  outcomes.recordJobOutcomes = async (batch) => {
    const stop = metrics.outcomeBatchSeconds.startTimer();
    const results = await record(batch);
    stop();
    metrics.outcomeBatchSize.observe(batch.length);
    results.forEach((result, i) => {
      if (result.kind === "recorded") metrics.frameSettled(batch[i].succeeded);
    });
    return results;
  };
  return outcomes;
}
