import type { NuclioLabelType } from "@prelabel/nuclio";

/** Runtime of Nuclio functions in model.v1.ModelDescriptor (self-hosted and cloud mode). */
export const NUCLIO_RUNTIME = "nuclio";

/** model.v1.NuclioFunctionSpec, as a worker uses it: which function to call, how, and within which limits. */
export interface NuclioModelSpec {
  /** metadata.name on the dashboard. */
  readonly functionName: string;
  /** "dashboard": POST <invokeUrl>/api/function_invocations with the x-nuclio-* headers; "direct": POST <invokeUrl>. */
  readonly invokeMethod: "dashboard" | "direct";
  readonly invokeUrl: string;
  readonly project: string;
  readonly namespace: string;
  /** Whose function it is: the invoker's per-function limits and breaker key on it. */
  readonly tenantId: string;
  /** The longest one call may take; unset: the worker's NUCLIO_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Calls this worker makes to the function at once (its maxWorkers); unset: the worker's default. */
  readonly maxConcurrency?: number;
  /** The function's declared labels and their spec types: an item without `type` takes its label's. */
  readonly labelTypes: ReadonlyMap<string, NuclioLabelType>;
}

/** The worker's own limits for Nuclio calls; a descriptor may only tighten them. */
export interface NuclioCallLimits {
  readonly timeoutMs: number;
  readonly maxConcurrencyPerFunction: number;
}
