import { commonEnv, databaseEnv, httpEnv, parseConfig } from "@prelabel/service-kit";
import { z } from "zod";

export const configSchema = z.object({
  ...commonEnv,
  ...databaseEnv,
  ...httpEnv,
  PORT: httpEnv.PORT.default(4003),
  /** Run pending migrations at start-up; set false where a separate `migrate` step owns them. */
  DB_MIGRATE_ON_START: z.stringbool().default(true),
  /** Timeout of describe-task / describe-model requests. */
  DESCRIBE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /** InferFrame publishes awaiting their ack at once while a job starts. */
  PUBLISH_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(64),
  /** Frame outcomes processed at once (each takes its job's row lock). */
  OUTCOME_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** Progress subscription: at most one event per this many ms per subscriber. */
  PROGRESS_THROTTLE_MS: z.coerce.number().int().min(0).default(100),
  /** Progress subscription: re-read the job this often in case a live event was lost. */
  PROGRESS_POLL_MS: z.coerce.number().int().min(100).default(5_000),
});

export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  return parseConfig(configSchema, env);
}
