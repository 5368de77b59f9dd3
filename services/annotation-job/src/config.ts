import { commonEnv, databaseEnv, DeploymentMode, httpEnv, identityEnv, parseConfig, withCloudEnvRules } from "@prelabel/service-kit";
import { z } from "zod";

export const configSchema = withCloudEnvRules(
  z.object({
    ...commonEnv,
    ...identityEnv,
    ...databaseEnv,
    ...httpEnv,
    PORT: httpEnv.PORT.default(4003),
    /** Timeout of describe-task / describe-model requests. */
    DESCRIBE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    /** InferFrame publishes awaiting their ack at once while a job starts. */
    PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(64),
    /**
     * Frame outcome messages held at once (the durable's max_ack_pending, 1,024, caps it); one job's waiting outcomes are
     * recorded together, one transaction a batch, so the next batch fills while one is in PostgreSQL.
     */
    OUTCOME_CONCURRENCY: z.coerce.number().int().min(1).max(4_096).default(1_024),
    /** Most frame outcomes of one job recorded in one transaction. */
    OUTCOME_BATCH_MAX: z.coerce.number().int().min(1).max(4_096).default(500),
    /** Progress subscription: at most one event per this many ms per subscriber. */
    PROGRESS_THROTTLE_MS: z.coerce.number().int().min(0).default(100),
    /** Progress subscription: re-read the job this often in case a live event was lost. */
    PROGRESS_POLL_MS: z.coerce.number().int().min(100).default(5_000),
    /** How often the stuck-job sweeper looks for jobs stuck in QUEUED, COMMITTING or CANCELLING; 0 turns it off. */
    JOB_SWEEP_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
    /** A job in one of those statuses unchanged for this long is stuck (real progress, incl. queuing its frames, resets it). */
    JOB_STALE_AFTER_MS: z.coerce
      .number()
      .int()
      .min(1_000)
      .default(5 * 60_000),
    /** Commits re-sent to the task before the sweeper discards a COMMITTING job's results and fails it (COMMIT_STALLED). */
    JOB_COMMIT_MAX_REDRIVES: z.coerce.number().int().min(0).default(6),
    /** Most tasks one startAutoAnnotationBatch may name (one job each). */
    BATCH_MAX_TASKS: z.coerce.number().int().min(1).max(1_000).default(100),
    /** Active jobs one tenant may have at once; 0 = no limit. Unset: 5 in cloud mode, no limit self-hosted. */
    TENANT_MAX_CONCURRENT_JOBS: z.coerce.number().int().min(0).optional(),
    /** Frames one tenant may start in any hour; 0 = no limit. Unset: 20,000 in cloud mode, no limit self-hosted. */
    TENANT_MAX_FRAMES_PER_HOUR: z.coerce.number().int().min(0).optional(),
    /** previewAutoAnnotation calls one tenant may have running at once (per annotation-job replica); more fail PREVIEW_LIMIT. */
    PREVIEW_MAX_CONCURRENT_PER_TENANT: z.coerce.number().int().min(1).max(100).default(2),
    /** The longest one previewed frame may take, waiting for a worker included; over it the frame fails INFERENCE_TIMEOUT. */
    PREVIEW_FRAME_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
    /** Frames one evaluateModel may cover (every frame with manual annotations, or those asked for). */
    EVALUATION_MAX_FRAMES: z.coerce.number().int().min(1).max(100_000).default(5_000),
    /** Frames of one evaluation sent to the workers at once. */
    EVALUATION_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  }),
);

/** Cloud tenants share the workers, so cloud mode has limits unless configured otherwise; self-hosted has none. */
export const CLOUD_DEFAULT_LIMITS = { maxConcurrentJobs: 5, maxFramesPerHour: 20_000 } as const;

export function tenantLimits(config: Pick<Config, "PRELABEL_MODE" | "TENANT_MAX_CONCURRENT_JOBS" | "TENANT_MAX_FRAMES_PER_HOUR">): {
  maxConcurrentJobs: number;
  maxFramesPerHour: number;
} {
  const cloud = config.PRELABEL_MODE === DeploymentMode.Cloud;
  return {
    maxConcurrentJobs: config.TENANT_MAX_CONCURRENT_JOBS ?? (cloud ? CLOUD_DEFAULT_LIMITS.maxConcurrentJobs : 0),
    maxFramesPerHour: config.TENANT_MAX_FRAMES_PER_HOUR ?? (cloud ? CLOUD_DEFAULT_LIMITS.maxFramesPerHour : 0),
  };
}

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  return parseConfig(configSchema, env);
}
