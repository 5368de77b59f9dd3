import { isAbsolute } from "node:path";
import { commonEnv, databaseEnv, httpEnv } from "@prelabel/service-kit";
import { z } from "zod";

const flag = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

/** Every variable the task service reads; parsed once, in main.ts. */
export const taskConfigSchema = z.object({
  ...commonEnv,
  ...httpEnv,
  PORT: httpEnv.PORT.default(4001),
  ...databaseEnv,
  /** importFrames reads only directories below this one; unset disables importFrames. */
  IMPORT_ROOT: z
    .string()
    .optional()
    .transform((v) => (v?.trim() ? v.trim() : undefined))
    .refine((v) => v === undefined || isAbsolute(v), "an absolute path"),
  /** Largest accepted frame file, per file (upload or import). */
  MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** Images declaring more pixels are stored but get no width/height (workers report them as failed frames). */
  MAX_FRAME_PIXELS: z.coerce.number().positive().default(100e6),
  /** Most files in one addFrames request. */
  MAX_UPLOAD_FILES: z.coerce.number().int().positive().default(500),
  DB_MIGRATE_ON_START: flag.default(true),
});

export type TaskConfig = z.infer<typeof taskConfigSchema>;
