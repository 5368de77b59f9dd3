import { commonEnv, httpEnv } from "@prelabel/service-kit";
import { hostname } from "node:os";
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
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;
