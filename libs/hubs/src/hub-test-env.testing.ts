import { startHubFakes, type HubFakes, type HubFakesOptions } from "@prelabel/hub-fakes";
import type { Clock } from "./retry/clock.js";
import type { RetryPolicyOptions } from "./retry/retry.policy.js";
import type { HubCallLimits } from "./retry/hub-call.executor.js";
import { createModelHubs, type ModelHubs } from "./model-hubs.factory.js";
import type { HubEndpoints } from "./hub-endpoints.config.js";
import type { RetryEvent } from "./retry/retry.runner.js";

/**
 * Real time and real timeouts, but waits between attempts return at once (and move `now` forward by the
 * wait): the specs assert the delays the policy chose without sleeping through them.
 */
export class InstantClock implements Clock {
  readonly sleeps: number[] = [];
  private skipped = 0;

  now(): number {
    return Date.now() + this.skipped;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.skipped += ms;
    return Promise.resolve();
  }

  timeout(ms: number): AbortSignal {
    return AbortSignal.timeout(ms);
  }
}

export interface HubTestEnv {
  readonly fakes: HubFakes;
  readonly hubs: ModelHubs;
  readonly clock: InstantClock;
  readonly retries: Array<RetryEvent & { operation: string }>;
  readonly ctx: { readonly tenant: string };
  close(): Promise<void>;
}

export interface HubTestEnvOptions {
  readonly retry?: Partial<RetryPolicyOptions>;
  readonly limits?: Omit<HubCallLimits, "retry">;
  readonly fakes?: HubFakesOptions;
  readonly roboflowMaxUploadBytes?: number;
  readonly endpoints?: Partial<HubEndpoints>;
}

/** The four fakes on loopback and both hubs wired to them (loopback explicitly allowed). */
export async function startHubTestEnv(options: HubTestEnvOptions = {}): Promise<HubTestEnv> {
  const fakes = await startHubFakes(options.fakes);
  const clock = new InstantClock();
  const retries: Array<RetryEvent & { operation: string }> = [];
  const hubs = createModelHubs(
    { ...fakes.endpoints, ...options.endpoints },
    {
      clock,
      random: () => 0.5,
      limits: { ...options.limits, retry: { attemptTimeoutMs: 3_000, ...options.retry } },
      onRetry: (event) => retries.push(event),
      roboflow: options.roboflowMaxUploadBytes === undefined ? undefined : { maxUploadBytes: options.roboflowMaxUploadBytes },
    },
  );
  return {
    fakes,
    hubs,
    clock,
    retries,
    ctx: { tenant: "tenant-a" },
    close: () => fakes.close(),
  };
}

/** Clears recorded requests, faults, recorded waits and retry events between tests. */
export function resetEnv(env: HubTestEnv): void {
  env.fakes.reset();
  env.clock.sleeps.length = 0;
  env.retries.length = 0;
}
