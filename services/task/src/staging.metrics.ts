import { Histogram, metricOnce, type Registry } from "@prelabel/observability";
import type { StagingRepository } from "./persistence/staging.repository.js";

export const TASK_STAGE_SECONDS = "prelabel_task_stage_seconds";
export const TASK_COMMIT_SECONDS = "prelabel_task_commit_seconds";

/** The task's side of a job, timed: staging one frame's result, and the commit (or its wait) by outcome. */
export class StagingMetrics {
  readonly stageSeconds: Histogram<"outcome">;
  readonly commitSeconds: Histogram<"outcome">;

  constructor(registry: Registry) {
    this.stageSeconds = metricOnce(
      registry,
      TASK_STAGE_SECONDS,
      () =>
        new Histogram({
          name: TASK_STAGE_SECONDS,
          help: "Time to stage one frame's result (its transaction), seconds, by outcome (staged, duplicate, job-closed, task-missing)",
          labelNames: ["outcome"],
          buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
          registers: [registry],
        }),
    );
    this.commitSeconds = metricOnce(
      registry,
      TASK_COMMIT_SECONDS,
      () =>
        new Histogram({
          name: TASK_COMMIT_SECONDS,
          help: "Time of one CommitAnnotations transaction, seconds, by outcome (applied, already-applied, waiting, discarded, foreign)",
          labelNames: ["outcome"],
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
          registers: [registry],
        }),
    );
  }
}

/** Times `staging`'s stage and commit into `metrics` (the same object, its two methods wrapped). */
export function timedStaging(staging: StagingRepository, metrics: StagingMetrics): StagingRepository {
  const stage = staging.stage.bind(staging);
  const commit = staging.commit.bind(staging);
  staging.stage = async (...args) => {
    const stop = metrics.stageSeconds.startTimer();
    const outcome = await stage(...args);
    stop({ outcome });
    return outcome;
  };
  staging.commit = async (request) => {
    const stop = metrics.commitSeconds.startTimer();
    const outcome = await commit(request);
    stop({ outcome: outcome.kind });
    return outcome;
  };
  return staging;
}
