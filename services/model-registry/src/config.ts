import { hubEndpointsEnv } from "@prelabel/hubs";
import { cloudEnv, commonEnv, databaseEnv, httpEnv, identityEnv, withCloudEnvRules, type UploadLimits } from "@prelabel/service-kit";
import { z } from "zod";

/** 256 MiB: float32 exports up to ~64M parameters (YOLO11x ~228 MB, YOLOv8l ~175 MB; not YOLOv8x, ~275 MB). */
export const DEFAULT_MODEL_UPLOAD_MAX_BYTES = 256 * 1024 * 1024;

/** The registry's multipart limits: one model file, and room for its operation next to it. */
export const modelUploadLimits = (maxModelBytes: number): UploadLimits => ({
  maxFileSize: maxModelBytes,
  maxFiles: 1,
  maxRequestBytes: maxModelBytes + 1024 * 1024,
});

export const configSchema = withCloudEnvRules(
  z.object({
    ...commonEnv,
    ...cloudEnv,
    ...hubEndpointsEnv,
    ...identityEnv,
    ...httpEnv,
    ...databaseEnv,
    PORT: httpEnv.PORT.default(4002),
    /** Largest accepted uploadModel file. ONNX files over 2 GiB need external data, which uploads do not take. */
    MODEL_UPLOAD_MAX_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .max(2 ** 31 - 1)
      .default(DEFAULT_MODEL_UPLOAD_MAX_BYTES),
    /** Where uploads are written while they are checked (removed afterwards); the OS temp dir when unset. */
    MODEL_UPLOAD_DIR: z
      .string()
      .optional()
      .transform((v) => (v?.trim() ? v.trim() : undefined)),
  }),
);

export type Config = z.infer<typeof configSchema>;
