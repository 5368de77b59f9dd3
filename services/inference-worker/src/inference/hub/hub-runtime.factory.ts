import { createModelHubs, type HubEndpoints, type HubLogger, type ModelHubsOptions } from "@prelabel/hubs";
import type { SecretBox } from "@prelabel/secret-box";
import type { HubRuntime } from "../model-resolver.js";

export interface HubRuntimeSettings {
  /** service-kit's cloudSettings(): hub models run only in cloud mode, which always has a key ring. */
  readonly mode: "self-hosted" | "cloud";
  readonly secretBox?: SecretBox;
  readonly hubEndpoints: HubEndpoints;
}

export interface WorkerHubLimits {
  readonly maxConcurrentPerTenant: number;
  readonly callsPerSecondPerTenant: number;
  readonly maxAttempts: number;
  readonly attemptTimeoutMs: number;
  readonly maxRetryWaitMs: number;
}

/**
 * Both hubs with the worker's per-tenant limits and retry policy, and the key ring, for the model resolver;
 * undefined in self-hosted mode, where hub models fail with CLOUD_ONLY.
 */
export function createHubRuntime(
  settings: HubRuntimeSettings,
  limits: WorkerHubLimits,
  options: { logger?: HubLogger } & Pick<ModelHubsOptions, "clock" | "onRetry"> = {},
): HubRuntime | undefined {
  if (settings.mode !== "cloud") return undefined;
  // cloudSettings refuses cloud mode without a key ring; this guards a caller that skipped it.
  if (!settings.secretBox) throw new Error("cloud mode needs a key ring (PRELABEL_SECRET_KEYS)");
  const hubs = createModelHubs(settings.hubEndpoints, {
    ...options,
    limits: {
      maxConcurrentPerTenant: limits.maxConcurrentPerTenant,
      ratePerSecondPerTenant: limits.callsPerSecondPerTenant,
      retry: { maxAttempts: limits.maxAttempts, attemptTimeoutMs: limits.attemptTimeoutMs, maxHintDelayMs: limits.maxRetryWaitMs },
    },
  });
  return { huggingface: hubs.huggingface, roboflow: hubs.roboflow, secretBox: settings.secretBox };
}
