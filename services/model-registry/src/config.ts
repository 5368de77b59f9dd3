import { hubEndpointsEnv } from "@prelabel/hubs";
import { nuclioAddressEnv } from "@prelabel/nuclio";
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

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v?.trim() ? v.trim() : undefined));

/** Where Nuclio functions come from (docs/models/nuclio.md); discovery is off while NUCLIO_DASHBOARD_URL is unset. */
export const nuclioEnv = {
  ...nuclioAddressEnv,
  /** The dashboard project whose functions are listed (x-nuclio-project-name), as CVAT: "cvat". */
  NUCLIO_PROJECT: z.string().trim().min(1).default("cvat"),
  NUCLIO_NAMESPACE: z.string().trim().min(1).default("nuclio"),
  /** Between two syncs; 0 = only at start. */
  NUCLIO_SYNC_INTERVAL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
  /** How workers call discovered functions: through the dashboard (CVAT's default) or their own HTTP port. */
  NUCLIO_INVOKE_METHOD: z.enum(["dashboard", "direct"]).default("dashboard"),
  /** direct: the host the functions' HTTP ports are published on; default the dashboard's host. */
  NUCLIO_FUNCTION_HOST: optionalText,
  /** The longest one listing of the dashboard may take. */
  NUCLIO_DASHBOARD_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Functions one tenant may register by hand. */
  NUCLIO_MAX_FUNCTIONS_PER_TENANT: z.coerce.number().int().positive().max(10_000).default(100),
};

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
    MODEL_UPLOAD_DIR: optionalText,
    ...nuclioEnv,
  }),
);

export type Config = z.infer<typeof configSchema>;

/** The Nuclio part of the registry's options (app.ts `nuclio`), from the parsed config. */
export function nuclioSettings(config: Config): NuclioSettings {
  const dashboardUrl = config.NUCLIO_DASHBOARD_URL?.replace(/\/+$/, "");
  return {
    discovery: dashboardUrl
      ? {
          dashboardUrl,
          project: config.NUCLIO_PROJECT,
          namespace: config.NUCLIO_NAMESPACE,
          invokeMethod: config.NUCLIO_INVOKE_METHOD,
          functionHost: config.NUCLIO_FUNCTION_HOST ?? new URL(dashboardUrl).hostname,
        }
      : null,
    syncIntervalMs: config.NUCLIO_SYNC_INTERVAL_MS,
    dashboardTimeoutMs: config.NUCLIO_DASHBOARD_TIMEOUT_MS,
    allowedHosts: config.NUCLIO_ALLOWED_HOSTS,
    maxFunctionsPerTenant: config.NUCLIO_MAX_FUNCTIONS_PER_TENANT,
  };
}

/** NUCLIO_* as the registry uses them. */
export interface NuclioSettings {
  /** Null while NUCLIO_DASHBOARD_URL is unset: no discovery, hand-registered functions only. */
  readonly discovery: {
    readonly dashboardUrl: string;
    readonly project: string;
    readonly namespace: string;
    readonly invokeMethod: "dashboard" | "direct";
    /** NUCLIO_FUNCTION_HOST, default the dashboard's host. */
    readonly functionHost: string;
  } | null;
  /** NUCLIO_SYNC_INTERVAL_MS; 0 = at start only. */
  readonly syncIntervalMs: number;
  /** NUCLIO_DASHBOARD_TIMEOUT_MS; the client's default (10 s) when omitted. */
  readonly dashboardTimeoutMs?: number;
  /** NUCLIO_ALLOWED_HOSTS. */
  readonly allowedHosts: readonly string[];
  /** NUCLIO_MAX_FUNCTIONS_PER_TENANT. */
  readonly maxFunctionsPerTenant: number;
}
