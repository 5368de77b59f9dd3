import { HttpNuclioInvoker, NuclioAddressPolicy, type NuclioInvokerEvent } from "@prelabel/nuclio";
import type { NuclioRuntime } from "../model-resolver.js";
import { nuclioPrivateHosts, type NuclioAddressSettings } from "./nuclio-address.settings.js";

/** The worker's NUCLIO_* settings (config.ts), as createNuclioRuntime takes them. */
export interface NuclioRuntimeSettings extends NuclioAddressSettings {
  /** Per attempt; a function's shorter eventTimeout wins. */
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  /** Calls in flight per (tenant, function); a function's smaller maxWorkers wins. */
  readonly maxConcurrencyPerFunction: number;
  readonly breakerFailures: number;
  readonly breakerCooldownMs: number;
  readonly descriptorTtlMs: number;
}

export interface NuclioRuntimeHooks {
  /** The invoker's events (attempts, retries, breaker changes): metrics and logs. */
  readonly onEvent?: (event: NuclioInvokerEvent) => void;
  /** Each call's outcome ("ok", "cancelled", a FUNCTION_* code). */
  readonly onCall?: (outcome: string) => void;
}

/**
 * Nuclio functions for the model resolver, in every deployment mode: libs/nuclio's HttpNuclioInvoker behind the
 * address policy (nuclioPrivateHosts), with the worker's timeouts, retries, per-function concurrency and breaker.
 * One invoker per worker, so limits and breakers are shared by all of its frames.
 */
export function createNuclioRuntime(settings: NuclioRuntimeSettings, hooks: NuclioRuntimeHooks = {}): NuclioRuntime & { close(): void } {
  const invoker = new HttpNuclioInvoker({
    policy: new NuclioAddressPolicy({ privateHosts: nuclioPrivateHosts(settings) }),
    timeoutMs: settings.timeoutMs,
    maxAttempts: settings.maxAttempts,
    maxConcurrency: settings.maxConcurrencyPerFunction,
    breakerFailures: settings.breakerFailures,
    breakerCooldownMs: settings.breakerCooldownMs,
    ...(hooks.onEvent ? { onEvent: hooks.onEvent } : {}),
  });
  return {
    invoker,
    limits: { timeoutMs: settings.timeoutMs, maxConcurrencyPerFunction: settings.maxConcurrencyPerFunction },
    descriptorTtlMs: settings.descriptorTtlMs,
    ...(hooks.onCall ? { onCall: hooks.onCall } : {}),
    close: () => invoker.close(),
  };
}
