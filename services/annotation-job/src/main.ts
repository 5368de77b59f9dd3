import "reflect-metadata";
import { connectionOptions, runSubgraphService, subgraphCommand } from "@prelabel/service-kit";
import { startAnnotationJob, type AnnotationJobSettings } from "./app.js";
import { loadConfig, tenantLimits, type Config } from "./config.js";
import { AnnotationJobErrorCode } from "./domain/annotation-job-error-codes.js";
import { annotationJobDatabase } from "./persistence/data-source.js";

/**
 * The only place that reads the environment or opens ports.
 * `node dist/src/main.js migrate` applies pending migrations and exits (the service also does at start unless
 * DB_MIGRATE_ON_START=false).
 */
async function main(argv: string[]): Promise<void> {
  const config = loadConfig(process.env);
  const connections = connectionOptions(config);
  await runSubgraphService({
    name: "annotation-job",
    config,
    command: subgraphCommand(argv),
    database: annotationJobDatabase(connections.database),
    start: (runtime) => startAnnotationJob({ ...connections, ...runtime, settings: jobSettings(config) }),
    server: { errorCodes: AnnotationJobErrorCode },
  });
}

function jobSettings(config: Config): AnnotationJobSettings {
  const limits = tenantLimits(config);
  return {
    describeTimeoutMs: config.DESCRIBE_TIMEOUT_MS,
    publishConcurrency: config.PUBLISH_CONCURRENCY,
    outcomeConcurrency: config.OUTCOME_CONCURRENCY,
    outcomeBatchMax: config.OUTCOME_BATCH_MAX,
    progressThrottleMs: config.PROGRESS_THROTTLE_MS,
    progressPollMs: config.PROGRESS_POLL_MS,
    jobSweepIntervalMs: config.JOB_SWEEP_INTERVAL_MS,
    jobStaleAfterMs: config.JOB_STALE_AFTER_MS,
    jobCommitMaxRedrives: config.JOB_COMMIT_MAX_REDRIVES,
    tenantMaxConcurrentJobs: limits.maxConcurrentJobs,
    tenantMaxFramesPerHour: limits.maxFramesPerHour,
    previewMaxConcurrentPerTenant: config.PREVIEW_MAX_CONCURRENT_PER_TENANT,
    previewFrameTimeoutMs: config.PREVIEW_FRAME_TIMEOUT_MS,
    batchMaxTasks: config.BATCH_MAX_TASKS,
    evaluationMaxFrames: config.EVALUATION_MAX_FRAMES,
    evaluationConcurrency: config.EVALUATION_CONCURRENCY,
    evaluationFrameTimeoutMs: 60_000,
  };
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // The logger may not exist yet (bad config): print the message plainly for the operator.
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
