import { commonEnv, httpEnv } from "@prelabel/service-kit";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";

export const workerConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv,
  PORT: z.coerce.number().int().min(0).max(65535).default(4004),
  WORKER_ID: z.string().min(1).default(hostname()),
  /** Frames in flight per worker: 2 lets one frame decode while another runs on the model. */
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  ORT_THREADS: z.coerce.number().int().min(1).max(64).default(2),
  MAX_FRAME_PIXELS: z.coerce.number().int().positive().default(100_000_000),
  /** Uploaded model files, downloaded from the `models` object store and kept by sha256; may be shared by replicas on one host. */
  MODEL_CACHE_DIR: z.string().min(1).default(join(tmpdir(), "prelabel-model-cache")),
  /** How long to wait for the registry's describe-model before a frame is retried. */
  DESCRIBE_MODEL_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
